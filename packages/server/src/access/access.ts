import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { DataScope, Permission } from '@liaison/shared';
import { AppError } from '../errors.js';
import type { Auth } from './auth.js';

/** The caller's scope for a permission; throws 403 when the caller lacks the permission. */
export const requirePermission = (auth: Auth, permission: Permission): DataScope => {
  const scope = auth.grants.get(permission);
  if (!scope) throw new AppError('permission_denied');
  return scope;
};

export const hasPermission = (auth: Auth, permission: Permission): boolean => auth.grants.has(permission);

/**
 * How a kind of record relates to people and units, as column references:
 * - `owner`: the user responsible for the record (self scope matches it);
 * - `orgUnit`: the org unit the record belongs to (unit and unitTree scopes match it).
 * A record that several people or units answer for (a ticket: its owner, who opened it, the
 * customer's manager) names several columns; matching any one puts it in scope.
 */
export type ScopeColumns = { owner: string | readonly string[]; orgUnit: string | readonly string[] };

const anyOf = (eb: ExpressionBuilder<any, any>, cols: string | readonly string[], test: (col: string) => Expression<SqlBool>): Expression<SqlBool> => {
  const list = typeof cols === 'string' ? [cols] : cols;
  return list.length === 1 ? test(list[0]!) : eb.or(list.map(test));
};

/**
 * The one data-scope filter every scoped query goes through. Records outside it are simply
 * not there for the caller, so reads answer 404 and lists leave them out.
 */
export const inScope =
  (auth: Auth, permission: Permission, cols: ScopeColumns) =>
  (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const scope = requirePermission(auth, permission);
    switch (scope) {
      case 'all':
        return sql<SqlBool>`1 = 1`;
      case 'unitTree':
        // The subtree's ids, resolved when the request's Auth was built (decision 076).
        return anyOf(eb, cols.orgUnit, (col) => eb(eb.ref(col), 'in', [...auth.orgUnitSubtree]));
      case 'unit':
        return anyOf(eb, cols.orgUnit, (col) => eb(eb.ref(col), '=', auth.orgUnitId));
      case 'self':
        return anyOf(eb, cols.owner, (col) => eb(eb.ref(col), '=', auth.userId));
    }
  };

/** Whether an org unit (given its path) lies inside the caller's scope for a permission. */
export const unitInScope = (auth: Auth, permission: Permission, unit: { id: string; path: string }): boolean => {
  const scope = auth.grants.get(permission);
  if (!scope) return false;
  if (scope === 'all') return true;
  if (scope === 'unitTree') return unit.path.startsWith(auth.orgUnitPath);
  return unit.id === auth.orgUnitId;
};

/**
 * `inScope` for a record already loaded, for checks over many users at once (notification
 * fan-out): the same four rules, evaluated in memory on the record's owner and unit path.
 */
export const recordInScope = (
  user: { userId: string; orgUnitId: string; orgUnitPath: string; scope: DataScope | undefined },
  record: { ownerId: string | null; orgUnitId: string; orgUnitPath: string },
): boolean => {
  switch (user.scope) {
    case 'all':
      return true;
    case 'unitTree':
      return record.orgUnitPath.startsWith(user.orgUnitPath);
    case 'unit':
      return record.orgUnitId === user.orgUnitId;
    case 'self':
      return record.ownerId === user.userId;
    default:
      return false;
  }
};
