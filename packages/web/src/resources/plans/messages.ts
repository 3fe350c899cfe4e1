import { defineMessages } from '../../app/locales/define';

/** UI texts of the plans pages, mounted as `plans.*`. */
export const plansMessages = defineMessages({}, {});
