import { describe, expect, it } from 'vitest';
import { generatePassword, hasManagerRole, isLocked, paramsFromQuery, queryFromParams, sortOrderOf, sortParam } from './userModel';

describe('userModel', () => {
  it('generates passwords of the asked length from the unambiguous alphabet', () => {
    const p = generatePassword(16);
    expect(p).toHaveLength(16);
    expect(p).not.toMatch(/[0O1lI]/);
  });

  it('round-trips list state through the URL, leaving defaults out', () => {
    const q = { q: '张', status: 'active' as const, page: 1, perPage: 20, sort: '-createdAt' };
    const params = paramsFromQuery(q);
    expect(params).toEqual({ q: '张', status: 'active', sort: '-createdAt' });
    expect(queryFromParams(new URLSearchParams(params))).toMatchObject(q);
  });

  it('maps table sorting to the API sort parameter and back', () => {
    expect(sortParam('displayName', 'descend')).toBe('-displayName');
    expect(sortParam('displayName', null)).toBeUndefined();
    expect(sortOrderOf('-displayName', 'displayName')).toBe('descend');
    expect(sortOrderOf(undefined, 'username')).toBe('ascend');
  });

  it('knows locked accounts and manager roles', () => {
    expect(isLocked({ lockedUntil: new Date(Date.now() + 60_000).toISOString() })).toBe(true);
    expect(isLocked({ lockedUntil: null })).toBe(false);
    expect(hasManagerRole(['r1'], [{ id: 'r1', code: 'manager' }])).toBe(true);
  });
});
