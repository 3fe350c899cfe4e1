import type { Label } from './fields.js';

/** Field labels of the tickets module (see fields.ts for how the catalogue works). */
export const ticketFieldLabels = {} as const satisfies Record<string, Label>;
