import { describe, expect, it } from 'vitest';
import { auditParamsFromQuery, auditQueryFromParams, changeRows, isCreation, setValues, summaryOf } from './auditModel';

describe('auditModel', () => {
  it('summarises a created user by name and username', () => {
    const changes = { displayName: { old: null, new: '测试' }, username: { old: null, new: 'e2e' } };
    expect(summaryOf({ changes, detail: null })).toBe('测试 (e2e)');
    expect(changeRows({ changes })).toHaveLength(2);
  });

  it('falls back to detail fields', () => {
    expect(summaryOf({ changes: null, detail: { username: 'ghost', reason: 'unknown_user' } })).toBe('ghost');
    expect(summaryOf({ changes: null, detail: null })).toBeNull();
  });

  it('round-trips filters through the URL', () => {
    const q = { action: 'create', entity: 'user', from: '2026-01-01T00:00:00.000Z', page: 2, perPage: 20 };
    expect(auditQueryFromParams(new URLSearchParams(auditParamsFromQuery(q)))).toMatchObject(q);
  });
});

describe('creation entries', () => {
  it('show only the values that were set', () => {
    const r = changeRows({ changes: { username: { old: null, new: 'e2e' }, email: { old: null, new: null } } });
    expect(isCreation(r)).toBe(true);
    expect(setValues(r).map((x) => x.field)).toEqual(['username']);
    expect(isCreation(changeRows({ changes: { status: { old: 'active', new: 'disabled' } } }))).toBe(false);
  });
});
