import { describe, expect, it } from 'vitest';
import { jobResultLabels, jobStatusLabels, labelsIn } from '@liaison/shared';
import { describeCron, formatDuration, resultSummary, statusBadge } from './jobModel';

describe('jobModel', () => {
  it('describes hourly and daily schedules', () => {
    expect(describeCron('17 * * * *')).toEqual({ key: 'hourlyAt', minute: '17' });
    expect(describeCron('5 2 * * *')).toEqual({ key: 'dailyAt', time: '02:05' });
    expect(describeCron('*/5 * * * 1-5')).toBeNull();
  });

  it('shows an abandoned run (its instance died, decision 073) as a warning, in words', () => {
    expect(statusBadge('abandoned')).toBe('warning');
    expect(statusBadge('failed')).toBe('error');
    expect(labelsIn(jobStatusLabels, 'zh-CN').abandoned).toBe('已放弃（实例中断）');
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
