import type { TGradeExplanation, TGradingRules } from '@liaison/shared';

export const componentKeys = ['punctuality', 'volume', 'profit', 'potential'] as const;
export type ComponentKey = (typeof componentKeys)[number];

export type GradeBand = { grade: string; min: number | null; max: number | null };

/** Grades with their score ranges: grades[i] needs at least thresholds[i]; the last takes the rest. */
export const gradeBands = (grades: string[], thresholds: number[]): GradeBand[] =>
  grades.map((grade, i) => ({ grade, min: i < thresholds.length ? thresholds[i]! : null, max: i === 0 ? null : (thresholds[i - 1] ?? null) }));

export type ComponentRow = { key: ComponentKey; value: number | null; score: number | null; weight: number | undefined };

/** The measures that went into a grade, in a fixed order; in a composite only those with weight. */
export const componentRows = (e: Pick<TGradeExplanation, 'components' | 'method'>): ComponentRow[] =>
  componentKeys
    .filter((k) => e.components[k] && (e.method !== 'composite' || (e.components[k]!.weight ?? 0) > 0))
    .map((k) => ({ key: k, value: e.components[k]!.value, score: e.components[k]!.score, weight: e.components[k]!.weight }));

export const weightSum = (w: TGradingRules['weights']): number => Math.round((w.punctuality + w.volume + w.profit + w.potential) * 100) / 100;

/** The same checks the server makes, so the form can say so before saving. */
export const rulesProblems = (r: Pick<TGradingRules, 'grades' | 'thresholds'>): ('thresholds_count' | 'thresholds_order' | 'grades_unique')[] => {
  const out: ('thresholds_count' | 'thresholds_order' | 'grades_unique')[] = [];
  if (r.thresholds.length !== r.grades.length - 1) out.push('thresholds_count');
  if (!r.thresholds.every((t, i) => i === 0 || t < r.thresholds[i - 1]!)) out.push('thresholds_order');
  if (new Set(r.grades).size !== r.grades.length) out.push('grades_unique');
  return out;
};

/** Thresholds resized to one fewer than the grades, keeping those already set and stepping down by 10. */
export const fitThresholds = (grades: string[], thresholds: number[]): number[] => {
  const n = Math.max(0, grades.length - 1);
  const out = thresholds.slice(0, n);
  while (out.length < n) out.push(Math.max(0, (out.at(-1) ?? 100) - 10));
  return out;
};

/** Big numbers with separators; days late with one decimal. */
export const formatMeasure = (key: ComponentKey, v: number | null, locale: string): string => {
  if (v === null) return '';
  if (key === 'punctuality') return (Math.round(v * 10) / 10).toString();
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(v);
};
