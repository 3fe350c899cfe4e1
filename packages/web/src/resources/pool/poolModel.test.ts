import { describe, expect, it } from 'vitest';
import { filledDays, heldPercent, ruleGrades } from './poolModel';

describe('poolModel', () => {
  it('lists the grading grades, any extra grade in the rules, then default', () => {
    expect(ruleGrades(['A', 'B'], { daysByGrade: { A: 90, X: 10, default: 30 } })).toEqual(['A', 'B', 'X', 'default']);
    expect(ruleGrades(['A'], undefined)).toEqual(['A', 'default']);
  });

  it('fills days for grades the rules do not name from default', () => {
    expect(filledDays(['A', 'B', 'C'], { daysByGrade: { A: 90, default: 45 } })).toEqual({ A: 90, B: 45, C: 45, default: 45 });
  });

  it('caps the held share at 100', () => {
    expect(heldPercent(125, 250)).toBe(50);
    expect(heldPercent(300, 250)).toBe(100);
    expect(heldPercent(undefined, 250)).toBe(0);
  });
});
