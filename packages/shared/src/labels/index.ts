import type { Locale } from '../locale.js';
import { coreFieldLabels, type Label } from './fields.js';
import { visitFieldLabels } from './visits.js';
import { planFieldLabels } from './plans.js';
import { ticketFieldLabels } from './tickets.js';
import { notificationFieldLabels } from './notifications.js';
import { auditDetailFieldLabels } from './codes.js';

export type { Label } from './fields.js';

/** Every module's field labels; a key may appear in one module only (a unit test checks). */
export const fieldLabelCatalogues = {
  core: coreFieldLabels,
  visits: visitFieldLabels,
  plans: planFieldLabels,
  tickets: ticketFieldLabels,
  notifications: notificationFieldLabels,
  audit: auditDetailFieldLabels,
} as const;

export const fieldLabels = {
  ...coreFieldLabels,
  ...visitFieldLabels,
  ...planFieldLabels,
  ...ticketFieldLabels,
  ...notificationFieldLabels,
  ...auditDetailFieldLabels,
} as const satisfies Record<string, Label>;

export type FieldKey = keyof typeof fieldLabels;

/** The catalogue in one language, as the server's messages and the web's locale use it. */
export const fieldLabelsIn = (locale: Locale): Record<FieldKey, string> =>
  Object.fromEntries(Object.entries(fieldLabels).map(([k, v]) => [k, (v as Label)[locale]])) as Record<FieldKey, string>;
export * from './codes.js';
export * from './describe.js';
