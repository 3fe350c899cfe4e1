import type { TFunction } from 'i18next';
import { dataScopes, permissions, type DataScope, type Grant, type Permission } from '@liaison/shared';

export type GrantGroup = 'system' | 'customer' | 'pool';

export const grantGroup = (p: Permission): GrantGroup =>
  p.startsWith('customer.') ? 'customer' : p.startsWith('pool.') || p.startsWith('handover.') || p.startsWith('grading.') || p.startsWith('departureAudit.') ? 'pool' : 'system';

/** One row per known permission: granted or not, and with which scope. */
export type GrantRow = { permission: Permission; granted: boolean; dataScope: DataScope; group: GrantGroup };

export const toGrantRows = (grants: Grant[], all: readonly Permission[] = permissions): GrantRow[] =>
  all.map((permission) => {
    const g = grants.find((x) => x.permission === permission);
    return { permission, granted: Boolean(g), dataScope: g?.dataScope ?? defaultScope(permission), group: grantGroup(permission) };
  });

export const fromGrantRows = (rows: GrantRow[]): Grant[] =>
  rows.filter((r) => r.granted).map(({ permission, dataScope }) => ({ permission, dataScope }));

/** Administration is organisation-wide by nature; customer work starts at one's own records. */
export const defaultScope = (p: Permission): DataScope => (grantGroup(p) === 'system' ? 'all' : 'self');

export const scopeOptions = (t: TFunction) => dataScopes.map((s) => ({ value: s, label: t(`scopes.${s}`) }));
