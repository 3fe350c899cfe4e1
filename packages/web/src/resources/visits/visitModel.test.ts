import { describe, expect, it } from 'vitest';
import { daysBetween, dueState, dueTags, percent, presetMethod, shortTime } from './visitModel';

// Tuesday 1 December 2026, 10:00 Beijing time.
const now = new Date('2026-12-01T02:00:00.000Z');

describe('visitModel', () => {
  it('reads the due state from the stored due time against this month and ISO week in Beijing time', () => {
    expect(dueState(null, now, 'onsite')).toBe('none');
    expect(dueState('2026-11-30T16:00:00.000Z', now, 'onsite')).toBe('overdue');
    expect(dueState('2026-12-31T16:00:00.000Z', now, 'onsite')).toBe('due');
    expect(dueState('2027-01-31T16:00:00.000Z', now, 'onsite')).toBe('met');
    expect(dueState('2026-12-06T16:00:00.000Z', now, 'phone')).toBe('due');
    expect(dueState('2026-12-13T16:00:00.000Z', now, 'phone')).toBe('met');
  });

  it('counts overdue days and puts the overdue first', () => {
    expect(daysBetween('2026-11-30T16:00:00.000Z', now)).toBe(0);
    expect(daysBetween('2026-10-31T16:00:00.000Z', now)).toBe(30);
    const tags = dueTags({ onsiteDueAt: '2026-12-31T16:00:00.000Z', phoneDueAt: '2026-11-22T16:00:00.000Z' }, now);
    expect(tags.map((t) => [t.kind, t.state, t.days])).toEqual([
      ['phone', 'overdue', 8],
      ['onsite', 'due', 0],
    ]);
    expect(dueTags({ onsiteDueAt: null, phoneDueAt: null }, now)).toEqual([]);
  });

  it('presets the quick log with what is due first', () => {
    expect(presetMethod({ onsiteDueAt: '2026-12-31T16:00:00.000Z', phoneDueAt: '2026-11-22T16:00:00.000Z' }, now)).toBe('phone');
    expect(presetMethod({ onsiteDueAt: '2026-11-22T16:00:00.000Z', phoneDueAt: '2026-11-22T16:00:00.000Z' }, now)).toBe('onsite');
    expect(presetMethod({ onsiteDueAt: '2027-01-31T16:00:00.000Z', phoneDueAt: '2026-12-06T16:00:00.000Z' }, now)).toBe('phone');
    expect(presetMethod(null, now)).toBe('onsite');
  });

  it('formats times in Beijing time and coverage from counts', () => {
    expect(shortTime('2026-12-01T01:30:00.000Z', now)).toBe('09:30');
    expect(shortTime('2026-11-30T15:30:00.000Z', now)).toBe('11-30 23:30');
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBeNull();
  });
});
