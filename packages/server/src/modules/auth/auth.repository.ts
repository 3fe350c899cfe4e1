import type { DataScope, Permission } from '@liaison/shared';
import { widestScope } from '@liaison/shared';
import type { Tx } from '../../db/schema.js';

export const findUserByUsername = (db: Tx, username: string) =>
  db.selectFrom('appUser').selectAll().where('usernameLower', '=', username.toLowerCase()).executeTakeFirst();

export const findUserById = (db: Tx, id: string) =>
  db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();

/** Per permission, the widest scope among all the user's roles. */
export const loadGrants = async (db: Tx, userId: string): Promise<Map<Permission, DataScope>> => {
  const rows = await db
    .selectFrom('userRole')
    .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
    .select(['roleGrant.permission', 'roleGrant.dataScope'])
    .where('userRole.userId', '=', userId)
    .execute();
  const grants = new Map<Permission, DataScope>();
  for (const r of rows) {
    const p = r.permission as Permission;
    const s = r.dataScope as DataScope;
    grants.set(p, grants.has(p) ? widestScope(grants.get(p)!, s) : s);
  }
  return grants;
};

