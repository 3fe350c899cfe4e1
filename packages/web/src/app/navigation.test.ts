import { describe, expect, it } from 'vitest';
import { builtinRoleGrants, type BuiltinRole, type TMe } from '@liaison/shared';
import { adminGroup, customerGroup, selectedKey, visibleItems, workbenchItem } from './navigation';

const permissionsOf = (role: BuiltinRole): Pick<TMe, 'permissions'> => ({
  permissions: Object.fromEntries(builtinRoleGrants[role].map((g) => [g.permission, g.dataScope])) as TMe['permissions'],
});
const keys = (role: BuiltinRole) => [...visibleItems(permissionsOf(role), customerGroup.items), ...visibleItems(permissionsOf(role), adminGroup.items)].map((i) => i.key);

describe('navigation', () => {
  it('gives a manager the archive, pool and their own requests (我的申请) only', () => {
    expect(keys('manager')).toEqual(['customers', 'pool', 'myRequests']);
  });

  it('gives a leader import, handover, departure audit and the team notification robots, and an auditor the audit pages', () => {
    expect(keys('leader')).toEqual(['customers', 'pool', 'changeRequests', 'imports', 'handover', 'departureAudit', 'gradingRules', 'notificationAdmin']);
    expect(keys('auditor')).toEqual(['customers', 'myRequests', 'departureAudit', 'auditLog']);
    expect(keys('admin')).toContain('grading');
    expect(keys('admin')).toContain('notificationAdmin');
  });

  it('highlights the import page, not the archive, under /customers/import', () => {
    const all = [workbenchItem, ...customerGroup.items];
    expect(selectedKey('/customers/import', all)).toBe('imports');
    expect(selectedKey('/customers/abc', all)).toBe('customers');
    expect(selectedKey('/', all)).toBe('workbench');
  });
});
