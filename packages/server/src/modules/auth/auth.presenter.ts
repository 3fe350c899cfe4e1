import type { TMe } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { bool } from '../../db/dialect.js';

export const presentMe = async (ctx: AppContext, auth: Auth): Promise<TMe> => {
  const user = await ctx.db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.grade', 'appUser.mustChangePassword', 'orgUnit.name as orgUnitName'])
    .where('appUser.id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  const roles = await ctx.db
    .selectFrom('userRole')
    .innerJoin('role', 'role.id', 'userRole.roleId')
    .select(['role.id', 'role.code', 'role.name'])
    .where('userRole.userId', '=', auth.userId)
    .orderBy('role.code')
    .execute();
  return {
    id: auth.userId,
    username: auth.username,
    displayName: auth.displayName,
    locale: auth.locale,
    grade: user.grade,
    orgUnit: { id: auth.orgUnitId, name: user.orgUnitName, path: auth.orgUnitPath },
    roles,
    permissions: Object.fromEntries(auth.grants),
    mustChangePassword: bool(user.mustChangePassword),
    csrfToken: auth.csrfToken,
  };
};
