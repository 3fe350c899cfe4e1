import { describe, expect, it } from 'vitest';
import { assignGroup, buildAssignments, defaultPeriod, movedCount, removeGroup, successorOf } from './handoverModel';

describe('handoverModel', () => {
  it('moves customers between successors without duplicates', () => {
    let groups = assignGroup([], 'u1', ['c1', 'c2']);
    groups = assignGroup(groups, 'u2', ['c2', 'c3']);
    expect(groups).toEqual([
      { toUserId: 'u1', customerIds: ['c1'] },
      { toUserId: 'u2', customerIds: ['c2', 'c3'] },
    ]);
    groups = assignGroup(groups, 'u2', ['c1']);
    expect(groups).toEqual([{ toUserId: 'u2', customerIds: ['c2', 'c3', 'c1'] }]);
    expect(removeGroup(groups, 'u2')).toEqual([]);
  });

  it('puts "all the rest" last, as the API takes assignments in order', () => {
    const groups = assignGroup([], 'u1', ['c1']);
    expect(buildAssignments(groups, 'u9')).toEqual([
      { toUserId: 'u1', customerIds: ['c1'] },
      { toUserId: 'u9', customerIds: 'all' },
    ]);
    expect(buildAssignments([], 'u9')).toEqual([{ toUserId: 'u9', customerIds: 'all' }]);
    expect(buildAssignments([], undefined)).toEqual([]);
  });

  it('knows who gets a customer and how many move', () => {
    const groups = assignGroup([], 'u1', ['c1', 'c2']);
    expect(successorOf(groups, 'c1', 'u9')).toBe('u1');
    expect(successorOf(groups, 'c5', 'u9')).toBe('u9');
    expect(successorOf(groups, 'c5', undefined)).toBeUndefined();
    expect(movedCount(groups, undefined, 10)).toBe(2);
    expect(movedCount(groups, 'u9', 10)).toBe(10);
  });

  it('defaults the audit period to the last 90 days', () => {
    const p = defaultPeriod(new Date('2026-11-23T00:00:00Z'));
    expect(p).toEqual({ from: '2026-08-25T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' });
  });
});
