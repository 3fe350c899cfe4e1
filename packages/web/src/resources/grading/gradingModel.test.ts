import { describe, expect, it } from 'vitest';
import { componentRows, fitThresholds, formatMeasure, gradeBands, rulesProblems, weightSum } from './gradingModel';

describe('gradingModel', () => {
  it('turns grades and thresholds into score bands', () => {
    expect(gradeBands(['A', 'B', 'C', 'D'], [85, 70, 50])).toEqual([
      { grade: 'A', min: 85, max: null },
      { grade: 'B', min: 70, max: 85 },
      { grade: 'C', min: 50, max: 70 },
      { grade: 'D', min: null, max: 50 },
    ]);
  });

  it('lists the measures of a composite that carry weight, in a fixed order', () => {
    const rows = componentRows({
      method: 'composite',
      components: {
        potential: { value: null, score: null, weight: 0 },
        volume: { value: 364053, score: 66, weight: 0.4 },
        punctuality: { value: 0.8, score: 97, weight: 0.3 },
      },
    });
    expect(rows.map((r) => r.key)).toEqual(['punctuality', 'volume']);
    expect(componentRows({ method: 'volume', components: { volume: { value: 1, score: 50 } } })).toHaveLength(1);
  });

  it('checks thresholds like the server and resizes them to the grades', () => {
    expect(rulesProblems({ grades: ['A', 'B', 'C'], thresholds: [80, 60] })).toEqual([]);
    expect(rulesProblems({ grades: ['A', 'B', 'C'], thresholds: [80] })).toEqual(['thresholds_count']);
    expect(rulesProblems({ grades: ['A', 'A'], thresholds: [50] })).toEqual(['grades_unique']);
    expect(rulesProblems({ grades: ['A', 'B', 'C'], thresholds: [60, 80] })).toEqual(['thresholds_order']);
    expect(fitThresholds(['A', 'B', 'C', 'D', 'E'], [85, 70])).toEqual([85, 70, 60, 50]);
    expect(fitThresholds(['A', 'B'], [85, 70, 50])).toEqual([85]);
  });

  it('adds weights without float noise and formats measures', () => {
    expect(weightSum({ punctuality: 0.3, volume: 0.4, profit: 0.3, potential: 0 })).toBe(1);
    expect(formatMeasure('volume', 364053, 'zh-CN')).toBe('364,053');
    expect(formatMeasure('punctuality', 0.83, 'zh-CN')).toBe('0.8');
    expect(formatMeasure('profit', null, 'zh-CN')).toBe('');
  });
});
