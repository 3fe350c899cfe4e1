import type { DataScope, Permission } from '@liaison/shared';
import { widestScope } from '@liaison/shared';
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/schema.js';
import { isPostgres } from '../../db/transaction.js';

export const findUserByUsername = (db: Tx, username: string) =>
  db.selectFrom('appUser').selectAll().where('usernameLower', '=', username.toLowerCase()).executeTakeFirst();

export const findUserById = (db: Tx, id: string) =>
  db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();

/** Per permission, the widest scope among the grants of all the user's roles. */
const widest = (rows: { permission: string; dataScope: string }[]): Map<Permission, DataScope> => {
  const grants = new Map<Permission, DataScope>();
  for (const r of rows) {
    const p = r.permission as Permission;
    const s = r.dataScope as DataScope;
    grants.set(p, grants.has(p) ? widestScope(grants.get(p)!, s) : s);
  }
  return grants;
};

/** Per permission, the widest scope among all the user's roles. */
export const loadGrants = async (db: Tx, userId: string): Promise<Map<Permission, DataScope>> =>
  widest(
    await db
      .selectFrom('userRole')
      .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
      .select(['roleGrant.permission', 'roleGrant.dataScope'])
      .where('userRole.userId', '=', userId)
      .execute(),
  );

/**
 * The grants of the user in `app_user.id` as one column of the query that reads the user
 * ("permission:scope" pairs joined by commas; codes hold neither), so resolving a session is one
 * statement instead of two: every request runs it, and each statement is a round trip.
 */
export const grantsColumn = (db: Tx | Db): RawBuilder<string | null> => {
  const agg = isPostgres(db) ? sql`string_agg(rg.permission || ':' || rg.data_scope, ',')` : sql`group_concat(rg.permission || ':' || rg.data_scope, ',')`;
  return sql<string | null>`(select ${agg} from user_role ur inner join role_grant rg on rg.role_id = ur.role_id where ur.user_id = app_user.id)`;
};

/** Reads what grantsColumn wrote. */
export const parseGrants = (column: string | null): Map<Permission, DataScope> =>
  widest(
    (column ? column.split(',') : []).map((pair) => {
      const at = pair.indexOf(':');
      return { permission: pair.slice(0, at), dataScope: pair.slice(at + 1) };
    }),
  );
