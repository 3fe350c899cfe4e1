import { describe, expect, it } from 'vitest';
import { addDays, atLocal, dayRange, isIsoWeekKey, isLocalDate, isoWeekKey, isoWeekMonday, isoWeekRange, localDate, monthKey, monthRange, shiftPeriod } from '../src/index.js';

// Every expectation below was counted by hand on a wall calendar (Beijing time = UTC+8).
describe('periods in Asia/Shanghai', () => {
  it('puts 23:30 Beijing time on the last day of a month in that month, 00:30 the next day in the next', () => {
    expect(monthKey('2026-11-30T15:30:00.000Z')).toBe('2026-11'); // 23:30 on 30 Nov in Beijing
    expect(monthKey('2026-11-30T16:30:00.000Z')).toBe('2026-12'); // 00:30 on 1 Dec in Beijing
    expect(localDate('2026-11-30T16:30:00.000Z')).toBe('2026-12-01');
  });

  it('gives months as half-open UTC ranges', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(() => monthRange('2026-13')).toThrow();
  });

  it('numbers ISO weeks across New Year: 2026 has 53 weeks, 1 Jan 2027 is in 2026-W53', () => {
    expect(isoWeekKey('2026-01-01T04:00:00.000Z')).toBe('2026-W01'); // Thursday 1 Jan 2026
    expect(isoWeekKey('2025-12-29T04:00:00.000Z')).toBe('2026-W01'); // its Monday
    expect(isoWeekKey('2025-12-28T04:00:00.000Z')).toBe('2025-W52'); // the Sunday before
    expect(isoWeekKey('2027-01-01T04:00:00.000Z')).toBe('2026-W53'); // Friday
    expect(isoWeekKey('2027-01-04T04:00:00.000Z')).toBe('2027-W01'); // Monday
    expect(isIsoWeekKey('2026-W53')).toBe(true);
    expect(isIsoWeekKey('2025-W53')).toBe(false);
    expect(isIsoWeekKey('2026-W54')).toBe(false);
    expect(isIsoWeekKey('2026-48')).toBe(false);
  });

  it('starts a week at Monday 00:00 Beijing time: Sunday 23:59 belongs to the week before', () => {
    expect(isoWeekMonday('2026-W48')).toBe('2026-11-23');
    expect(isoWeekRange('2026-W48')).toEqual({ from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z' });
    expect(isoWeekKey('2026-11-29T15:59:00.000Z')).toBe('2026-W48'); // Sunday 23:59
    expect(isoWeekKey('2026-11-29T16:00:00.000Z')).toBe('2026-W49'); // Monday 00:00
    expect(isoWeekRange('2026-W53')).toEqual({ from: '2026-12-27T16:00:00.000Z', to: '2027-01-03T16:00:00.000Z' });
  });

  it('moves between periods and days', () => {
    expect(shiftPeriod('month', '2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('week', '2026-W53', 1)).toBe('2027-W01');
    expect(shiftPeriod('week', '2026-W01', -1)).toBe('2025-W52');
    expect(dayRange('2026-12-01')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-01T16:00:00.000Z' });
    expect(atLocal('2026-11-23', '09:00')).toBe('2026-11-23T01:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-02-28')).toBe(true);
  });
});

describe('the fixed-offset path for Beijing time agrees with the time-zone database', () => {
  it('gives the same answers as a zone computed through Intl (Asia/Chongqing is the same clock)', () => {
    for (let i = 0; i < 500; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 37 * 3_600_000 + i * 61_000);
      expect(localDate(at)).toBe(localDate(at, 'Asia/Chongqing'));
      expect(isoWeekKey(at)).toBe(isoWeekKey(at, 'Asia/Chongqing'));
      expect(monthKey(at)).toBe(monthKey(at, 'Asia/Chongqing'));
    }
    expect(monthRange('2026-02')).toEqual(monthRange('2026-02', 'Asia/Chongqing'));
    expect(isoWeekRange('2026-W53')).toEqual(isoWeekRange('2026-W53', 'Asia/Chongqing'));
    expect(atLocal('2026-11-23', '09:00')).toBe(atLocal('2026-11-23', '09:00', 'Asia/Chongqing'));
    expect(dayRange('2026-12-01')).toEqual(dayRange('2026-12-01', 'Asia/Chongqing'));
  });
});
