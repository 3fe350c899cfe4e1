import { defineMessages } from '../../app/locales/define';

/** UI texts of the visits pages, mounted as `visits.*`. */
export const visitsMessages = defineMessages({}, {});
