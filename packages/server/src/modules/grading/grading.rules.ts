import type { TGradeExplanation, TGradingRules } from '@liaison/shared';

export type Figures = { customerId: string; volume: number | null; profit: number | null; avgDaysLate: number | null; potential: number | null };

/** Percentile rank 0–100 of each value among all (ties share the higher rank); null stays null. */
export const percentileRanks = (values: (number | null)[]): (number | null)[] => {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!present.length) return values.map(() => null);
  const n = present.length;
  // Index of the last occurrence of each value, by binary search.
  const lastIndex = (v: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (present[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return values.map((v) => (v === null ? null : n === 1 ? 100 : Math.round((lastIndex(v) / (n - 1)) * 1000) / 10));
};

export const gradeFor = (score: number, rules: TGradingRules): string => {
  const i = rules.thresholds.findIndex((t) => score >= t);
  return rules.grades[i === -1 ? rules.grades.length - 1 : i]!;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Grades every customer with figures (or a potential score) by the rules, explaining each:
 * the components' values and scores, the weights used and the thresholds crossed.
 */
export const gradeAll = (rows: Figures[], rules: TGradingRules, computedAt: string): Map<string, TGradeExplanation> => {
  const volume = percentileRanks(rows.map((r) => r.volume));
  const profit = percentileRanks(rows.map((r) => r.profit));
  const out = new Map<string, TGradeExplanation>();
  rows.forEach((r, i) => {
    const components: TGradeExplanation['components'] = {
      punctuality: { value: r.avgDaysLate === null ? null : round1(r.avgDaysLate), score: r.avgDaysLate === null ? null : round1(Math.max(0, 100 - r.avgDaysLate * rules.pointsPerDayLate)) },
      volume: { value: r.volume, score: volume[i]! },
      profit: { value: r.profit, score: profit[i]! },
      potential: { value: r.potential, score: r.potential },
    };
    let score: number | null;
    let reason: string | null = null;
    if (rules.method === 'composite') {
      const parts = (Object.keys(rules.weights) as (keyof TGradingRules['weights'])[]).filter((k) => rules.weights[k] > 0 && components[k]!.score !== null);
      const total = parts.reduce((s, k) => s + rules.weights[k], 0);
      for (const k of Object.keys(rules.weights) as (keyof TGradingRules['weights'])[]) components[k]!.weight = rules.weights[k];
      // Weights of missing components are shared out over the present ones.
      score = total > 0 ? round1(parts.reduce((s, k) => s + (components[k]!.score! * rules.weights[k]) / total, 0)) : null;
      if (score === null) reason = 'no_data';
    } else {
      score = components[rules.method]!.score;
      if (score === null) reason = 'no_data';
    }
    out.set(r.customerId, {
      method: rules.method,
      grade: score === null ? null : gradeFor(score, rules),
      score,
      months: rules.months,
      components,
      thresholds: rules.thresholds,
      grades: rules.grades,
      computedAt,
      reason,
    });
  });
  return out;
};
