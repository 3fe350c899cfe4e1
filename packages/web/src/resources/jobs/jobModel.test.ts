import { describe, expect, it } from 'vitest';
import { jobResultLabels, labelsIn } from '@liaison/shared';
import { describeCron, formatDuration, resultSummary } from './jobModel';

describe('jobModel', () => {
  it('describes hourly and daily schedules', () => {
    expect(describeCron('17 * * * *')).toEqual({ key: 'hourlyAt', minute: '17' });
    expect(describeCron('5 2 * * *')).toEqual({ key: 'dailyAt', time: '02:05' });
    expect(describeCron('*/5 * * * 1-5')).toBeNull();
  });

  it('formats durations', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('reads a reclaim run as counts in words, not "—"', () => {
    const zh = labelsIn(jobResultLabels, 'zh-CN') as Record<string, string>;
    expect(resultSummary({ reclaimed: 96, warned: 72, skippedNoPool: 0 }, (k) => zh[k] ?? k)).toBe('回收 96 · 预警 72 · 无公海跳过 0');
    expect(resultSummary(null, (k) => k)).toBeNull();
    expect(resultSummary({ note: 'x' }, (k) => k)).toBeNull();
  });
});
