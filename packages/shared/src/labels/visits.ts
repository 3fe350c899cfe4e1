import type { Label } from './fields.js';

/** Field labels of the visits module (see fields.ts for how the catalogue works). */
export const visitFieldLabels = {} as const satisfies Record<string, Label>;
