import type { Label } from './fields.js';

/** Field labels of the notifications module (see fields.ts for how the catalogue works). */
export const notificationFieldLabels = {} as const satisfies Record<string, Label>;
