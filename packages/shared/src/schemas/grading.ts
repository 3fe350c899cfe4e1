import { z } from 'zod';
import { ZVersion } from './common.js';

export const gradingMethods = ['punctuality', 'volume', 'profit', 'potential', 'composite'] as const;
export type TGradingMethod = (typeof gradingMethods)[number];

const thresholds = z.array(z.number().min(0).max(100)).min(1).max(9);

/**
 * The manuals' five methods. Each of the first four gives a 0–100 score; the composite weighs
 * them. A score at or above thresholds[i] earns grades[i]; below the last, the last grade.
 */
export const ZGradingRules = z
  .strictObject({
    method: z.enum(gradingMethods),
    grades: z.array(z.string().trim().min(1).max(4)).min(2).max(10),
    thresholds,
    months: z.number().int().min(1).max(36),
    /** Punctuality: each average day late takes this many points off 100. */
    pointsPerDayLate: z.number().min(0).max(100),
    weights: z.strictObject({
      punctuality: z.number().min(0).max(1),
      volume: z.number().min(0).max(1),
      profit: z.number().min(0).max(1),
      potential: z.number().min(0).max(1),
    }),
  })
  .refine((r) => r.thresholds.length === r.grades.length - 1, { path: ['thresholds'], params: { key: 'thresholds_count' } })
  .refine((r) => r.thresholds.every((t, i) => i === 0 || t < r.thresholds[i - 1]!), { path: ['thresholds'], params: { key: 'thresholds_order' } });
export type TGradingRules = z.infer<typeof ZGradingRules>;

/** The rules as read, with their version (optimistic concurrency, decision 082); never saved = the defaults at version 1. */
export const ZGradingRulesRead = ZGradingRules.safeExtend({ version: z.number().int() });
export type TGradingRulesRead = z.infer<typeof ZGradingRulesRead>;
/** A change of the rules carries the version it was read at; a stale one is 409. */
export const ZGradingRulesBody = ZGradingRules.safeExtend({ version: ZVersion });
export type TGradingRulesBody = z.infer<typeof ZGradingRulesBody>;

/**
 * The latest grading pass, nightly or started by hand (decision 082): a background run, so the
 * rules page can say it is running and what it changed once done. Counts are null until then.
 */
export const ZGradeRecompute = z.object({
  runId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'abandoned']),
  /** true for the nightly job's run, false for one started on the rules page. */
  scheduled: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  graded: z.number().int().nullable(),
  ungraded: z.number().int().nullable(),
  changed: z.number().int().nullable(),
});
export type TGradeRecompute = z.infer<typeof ZGradeRecompute>;

export const defaultGradingRules: TGradingRules = {
  method: 'composite',
  grades: ['A', 'B', 'C', 'D'],
  thresholds: [85, 70, 50],
  months: 12,
  pointsPerDayLate: 4,
  weights: { punctuality: 0.3, volume: 0.4, profit: 0.3, potential: 0 },
};

export const ZGradeExplanation = z.object({
  method: z.enum(gradingMethods),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  months: z.number().int(),
  components: z.record(
    z.string(),
    z.object({ value: z.number().nullable(), score: z.number().nullable(), weight: z.number().optional() }),
  ),
  thresholds: z.array(z.number()),
  grades: z.array(z.string()),
  override: z.string().nullable().optional(),
  computedAt: z.string(),
  reason: z.string().nullable(),
});
export type TGradeExplanation = z.infer<typeof ZGradeExplanation>;
