import { describe, expect, it } from 'vitest';
import { fromGrantRows, grantGroup, toGrantRows } from './roleModel';

describe('roleModel', () => {
  it('turns grants into one row per permission and back', () => {
    const rows = toGrantRows([{ permission: 'customer.read', dataScope: 'unitTree' }], ['customer.read', 'user.manage']);
    expect(rows).toEqual([
      { permission: 'customer.read', granted: true, dataScope: 'unitTree', group: 'customer' },
      { permission: 'user.manage', granted: false, dataScope: 'all', group: 'system' },
    ]);
    expect(fromGrantRows(rows)).toEqual([{ permission: 'customer.read', dataScope: 'unitTree' }]);
  });

  it('groups permissions by area', () => {
    expect(grantGroup('pool.claim')).toBe('pool');
    expect(grantGroup('auditLog.read')).toBe('system');
  });
});
