import { defineMessages } from '../../app/locales/define';

/** UI texts of the notifications pages, mounted as `notifications.*`. */
export const notificationsMessages = defineMessages({}, {});
