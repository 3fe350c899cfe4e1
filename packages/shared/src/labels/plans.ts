import type { Label } from './fields.js';

/** Field labels of the plans module (see fields.ts for how the catalogue works). */
export const planFieldLabels = {} as const satisfies Record<string, Label>;
