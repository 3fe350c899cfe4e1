import type { TReclaimRules } from '@liaison/shared';

/** The grades a reclaim rule can name: the grading rules' grades, then `default` for the ungraded. */
export const ruleGrades = (grades: string[], rules: Pick<TReclaimRules, 'daysByGrade'> | undefined): string[] => {
  const fromRules = Object.keys(rules?.daysByGrade ?? {}).filter((g) => g !== 'default');
  return [...new Set([...grades, ...fromRules]), 'default'];
};

/** Days per grade with every grade filled (a missing grade falls back to `default`, then 30). */
export const filledDays = (grades: string[], rules: Pick<TReclaimRules, 'daysByGrade'> | undefined): Record<string, number> =>
  Object.fromEntries(ruleGrades(grades, rules).map((g) => [g, rules?.daysByGrade[g] ?? rules?.daysByGrade.default ?? 30]));

/** Share of the holding limit in use, 0–100, for a progress bar. */
export const heldPercent = (held: number | undefined, max: number): number => (held === undefined || max <= 0 ? 0 : Math.min(100, Math.round((held / max) * 100)));
