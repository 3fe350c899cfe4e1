import { describe, expect, it } from 'vitest';
import { defaultGradingRules, type TGradingRules } from '@liaison/shared';
import { gradeAll, gradeFor, percentileRanks } from '../src/modules/grading/grading.rules.js';

const rules = (over: Partial<TGradingRules>): TGradingRules => ({ ...defaultGradingRules, ...over });

describe('grading rules (unit)', () => {
  it('percentile ranks: lowest 0, highest 100, ties share the higher rank, nulls stay null', () => {
    expect(percentileRanks([10, 20, 30, 40, 50])).toEqual([0, 25, 50, 75, 100]);
    expect(percentileRanks([5, 5, 9])).toEqual([50, 50, 100]);
    expect(percentileRanks([null, 3])).toEqual([null, 100]);
    expect(percentileRanks([])).toEqual([]);
  });

  it('thresholds: at or above the first earns the first grade; below the last, the last grade', () => {
    const r = rules({ thresholds: [85, 70, 50] });
    expect([100, 85, 84.9, 70, 50, 49.9, 0].map((s) => gradeFor(s, r))).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'D']);
  });

  it('punctuality: each average day late costs points; never below zero', () => {
    const out = gradeAll(
      [
        { customerId: 'on-time', volume: null, profit: null, avgDaysLate: 0, potential: null },
        { customerId: 'late-5', volume: null, profit: null, avgDaysLate: 5, potential: null },
        { customerId: 'late-60', volume: null, profit: null, avgDaysLate: 60, potential: null },
      ],
      rules({ method: 'punctuality', pointsPerDayLate: 4 }),
      'now',
    );
    expect(out.get('on-time')).toMatchObject({ grade: 'A', score: 100 });
    expect(out.get('late-5')).toMatchObject({ grade: 'B', score: 80 });
    expect(out.get('late-60')).toMatchObject({ grade: 'D', score: 0 });
  });

  it('volume and profit rank customers against each other', () => {
    const rows = [100, 200, 300, 400, 500].map((v, i) => ({ customerId: `c${i}`, volume: v, profit: 600 - v, avgDaysLate: 0, potential: null }));
    const byVolume = gradeAll(rows, rules({ method: 'volume' }), 'now');
    expect(rows.map((r) => byVolume.get(r.customerId)!.grade)).toEqual(['D', 'D', 'C', 'B', 'A']);
    const byProfit = gradeAll(rows, rules({ method: 'profit' }), 'now');
    expect(rows.map((r) => byProfit.get(r.customerId)!.grade)).toEqual(['A', 'B', 'C', 'D', 'D']);
  });

  it('composite weighs the components and shares out the weight of a missing one; no data means no grade', () => {
    const r = rules({ method: 'composite', weights: { punctuality: 0.5, volume: 0.5, profit: 0, potential: 0.5 } });
    const out = gradeAll(
      [
        { customerId: 'a', volume: 10, profit: 1, avgDaysLate: 0, potential: null },
        { customerId: 'b', volume: 20, profit: 1, avgDaysLate: 10, potential: null },
        { customerId: 'new', volume: null, profit: null, avgDaysLate: null, potential: 90 },
        { customerId: 'nothing', volume: null, profit: null, avgDaysLate: null, potential: null },
      ],
      r,
      'now',
    );
    // a: punctuality 100, volume 0 → 50; b: punctuality 60, volume 100 → 80; new: potential only → 90.
    expect(out.get('a')).toMatchObject({ score: 50, grade: 'C' });
    expect(out.get('b')).toMatchObject({ score: 80, grade: 'B' });
    expect(out.get('new')).toMatchObject({ score: 90, grade: 'A' });
    expect(out.get('nothing')).toMatchObject({ score: null, grade: null, reason: 'no_data' });
    expect(out.get('b')!.components.volume).toEqual({ value: 20, score: 100, weight: 0.5 });
  });
});
