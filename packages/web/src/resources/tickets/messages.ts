import { defineMessages } from '../../app/locales/define';

/** UI texts of the tickets pages, mounted as `tickets.*`. */
export const ticketsMessages = defineMessages({}, {});
