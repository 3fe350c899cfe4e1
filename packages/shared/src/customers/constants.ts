/**
 * The customer vocabulary as plain constants, free of Zod, so pages on the first load can use
 * them without the schema library (schemas/customer.ts builds its schemas on them).
 */
export const customerKinds = ['enterprise', 'individual', 'outlet'] as const;
export const customerStages = ['prospect', 'target', 'won', 'maintained', 'dormant', 'lost'] as const;
export type TCustomerKind = (typeof customerKinds)[number];
export type TCustomerStage = (typeof customerStages)[number];
export const defaultGrades = ['A', 'B', 'C', 'D'] as const;

/** The lifecycle: where each stage may move. The server enforces it; the web offers only these. */
export const stageTransitions: Record<TCustomerStage, readonly TCustomerStage[]> = {
  prospect: ['target', 'won', 'lost'],
  target: ['prospect', 'won', 'lost'],
  won: ['maintained', 'dormant', 'lost'],
  maintained: ['dormant', 'lost'],
  dormant: ['maintained', 'lost'],
  lost: ['prospect', 'target', 'maintained'],
};
/** Steps forward need no reason; any other move (back, to dormant or lost) must say why. */
const forwardSteps: Record<TCustomerStage, readonly TCustomerStage[]> = {
  prospect: ['target', 'won'],
  target: ['won'],
  won: ['maintained'],
  maintained: [],
  dormant: ['maintained'],
  lost: ['prospect', 'target', 'maintained'],
};
export const stageMoveNeedsReason = (from: TCustomerStage, to: TCustomerStage): boolean => !forwardSteps[from].includes(to);

/** Fields masked by default everywhere; revealed one at a time with an audited action. */
export const sensitiveCustomerFields = ['phone', 'idNumber', 'address'] as const;
export const sensitiveContactFields = ['mobile', 'landline', 'address'] as const;
