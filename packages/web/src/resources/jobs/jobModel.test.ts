import { describe, expect, it } from 'vitest';
import { describeCron, formatDuration } from './jobModel';

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
});
