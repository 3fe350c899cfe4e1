import { sql } from 'kysely';
import type { TListQuery, TUser } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { likeEscape, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Tx } from '../../db/schema.js';
import { paginate } from '../../http/list.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { hashPassword, passwordProblems } from '../auth/password.js';
import { revokeAllAccessTokens } from '../auth/auth.service.js';
import { newUserRow } from './user.row.js';
import { transaction } from '../../db/transaction.js';

const userCols = { owner: 'appUser.id', orgUnit: 'appUser.orgUnitId' };

const selectUser = (qb: any) =>
  qb
    .innerJoin('orgUnit as unit', 'unit.id', 'appUser.orgUnitId')
    .select([
      'appUser.id',
      'appUser.username',
      'appUser.displayName',
      'appUser.orgUnitId',
      'unit.name as orgUnitName',
      'appUser.grade',
      'appUser.email',
      'appUser.phone',
      'appUser.locale',
      'appUser.status',
      'appUser.lockedUntil',
      'appUser.version',
      'appUser.createdAt',
      'appUser.updatedAt',
    ]);

type UserRow = Omit<TUser, 'roles'>;

const withRoles = async (tx: Tx, rows: UserRow[]): Promise<TUser[]> => {
  if (!rows.length) return [];
  const roles = await tx
    .selectFrom('userRole')
    .innerJoin('role', 'role.id', 'userRole.roleId')
    .select(['userRole.userId', 'role.id', 'role.code', 'role.name'])
    .where(
      'userRole.userId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('role.code')
    .execute();
  return rows.map((r) => ({
    ...r,
    roles: roles.filter((x) => x.userId === r.id).map(({ id, code, name }) => ({ id, code, name })),
  }));
};

export type UserListQuery = TListQuery & { orgUnitId?: string; roleId?: string; status?: 'active' | 'disabled' };

export const listUsers = async (ctx: AppContext, auth: Auth, query: UserListQuery) => {
  let base = ctx.db.selectFrom('appUser').where(inScope(auth, 'user.read', userCols));
  if (query.q) {
    const like = `%${likeEscape(query.q.toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([
        eb(sql`lower(app_user.username)`, 'like', sql`${like} escape '\\'`),
        eb(sql`lower(app_user.display_name)`, 'like', sql`${like} escape '\\'`),
      ]),
    );
  }
  if (query.orgUnitId) base = base.where('appUser.orgUnitId', '=', query.orgUnitId);
  if (query.status) base = base.where('appUser.status', '=', query.status);
  if (query.roleId)
    base = base.where((eb) =>
      eb.exists(eb.selectFrom('userRole').select('userRole.userId').whereRef('userRole.userId', '=', 'appUser.id').where('userRole.roleId', '=', query.roleId!)),
    );
  const page = await paginate<UserRow>({
    query,
    base,
    select: selectUser,
    sortable: { username: 'appUser.usernameLower', displayName: 'appUser.displayName', createdAt: 'appUser.createdAt' },
    defaultSort: 'username',
    idColumn: 'appUser.id',
    sortValue: (row, column) =>
      column === 'appUser.usernameLower' ? row.username.toLowerCase() : (row as any)[column.split('.')[1]!],
  });
  return { ...page, data: await withRoles(ctx.db, page.data) };
};

const findScoped = async (tx: Tx, auth: Auth, id: string, permission: 'user.read' | 'user.manage'): Promise<TUser> => {
  const row = (await selectUser(tx.selectFrom('appUser'))
    .where('appUser.id', '=', id)
    .where(inScope(auth, permission, userCols))
    .executeTakeFirst()) as UserRow | undefined;
  if (!row) throw new AppError('not_found');
  return (await withRoles(tx, [row]))[0]!;
};

export const getUser = (ctx: AppContext, auth: Auth, id: string) => findScoped(ctx.db, auth, id, 'user.read');

const checkUnitAndRoles = async (tx: Tx, auth: Auth, orgUnitId: string | undefined, roleIds: string[] | undefined) => {
  if (orgUnitId !== undefined) {
    const unit = await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', orgUnitId).executeTakeFirst();
    if (!unit || !unitInScope(auth, 'user.manage', unit)) throw invalid('orgUnitId', 'unknown_org_unit');
  }
  if (roleIds !== undefined) {
    const unique = [...new Set(roleIds)];
    const found = await tx.selectFrom('role').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) throw invalid('roleIds', 'unknown_role');
  }
};

export type CreateUserInput = {
  username: string;
  displayName: string;
  password: string;
  orgUnitId: string;
  roleIds: string[];
  grade?: TUser['grade'];
  email?: string | null;
  phone?: string | null;
  locale?: TUser['locale'];
};

export const createUser = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: CreateUserInput): Promise<TUser> => {
  requirePermission(auth, 'user.manage');
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw new AppError('validation_failed', problems);
  const passwordHash = await hashPassword(input.password);
  const now = toIso(ctx.clock.now());
  const id = await transaction(ctx.db, async (tx) => {
    await checkUnitAndRoles(tx, auth, input.orgUnitId, input.roleIds);
    if (await tx.selectFrom('appUser').select('id').where('usernameLower', '=', input.username.toLowerCase()).executeTakeFirst())
      throw invalid('username', 'username_taken');
    const row = newUserRow({ ...input, passwordHash, mustChangePassword: true }, now);
    await tx.insertInto('appUser').values(row).execute();
    await tx.insertInto('userRole').values([...new Set(input.roleIds)].map((roleId) => ({ userId: row.id, roleId }))).execute();
    const { passwordHash: _omit, usernameLower: _l, failedLoginCount: _f, failedLoginSince: _s, lockedUntil: _u, passwordChangedAt: _p, mustChangePassword: _m, ...visible } = row;
    await recordAudit(tx, ctx.clock.now(), auth, meta, {
      action: 'create',
      entity: 'user',
      entityId: row.id,
      changes: { ...created(visible), roleIds: { old: null, new: input.roleIds } },
    });
    return row.id;
  });
  return findScoped(ctx.db, auth, id, 'user.read').catch(() => findScoped(ctx.db, auth, id, 'user.manage'));
};

export type UpdateUserInput = Partial<Omit<CreateUserInput, 'username' | 'password'>> & {
  version: number;
  status?: TUser['status'];
};

export const updateUser = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: UpdateUserInput): Promise<TUser> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await findScoped(tx, auth, id, 'user.manage');
    const { version, roleIds, ...fields } = input;
    if (fields.status === 'disabled' && id === auth.userId) throw invalid('status', 'cannot_disable_self');
    await checkUnitAndRoles(tx, auth, fields.orgUnitId, roleIds);
    await updateVersioned(tx, 'appUser', id, version, fields, toIso(now));
    const changes = diff(before as unknown as Record<string, unknown>, fields, ['displayName', 'orgUnitId', 'grade', 'email', 'phone', 'locale', 'status']);
    if (roleIds) {
      const oldIds = before.roles.map((r) => r.id).sort();
      const newIds = [...new Set(roleIds)].sort();
      if (JSON.stringify(oldIds) !== JSON.stringify(newIds)) {
        await tx.deleteFrom('userRole').where('userId', '=', id).execute();
        await tx.insertInto('userRole').values(newIds.map((roleId) => ({ userId: id, roleId }))).execute();
        changes.roleIds = { old: oldIds, new: newIds };
      }
    }
    // A disabled user loses every credential at once: sessions end and access tokens are
    // revoked (enabling the account again does not bring them back).
    let revokedTokens: number | undefined;
    if (fields.status === 'disabled') {
      await tx.deleteFrom('session').where('userId', '=', id).execute();
      revokedTokens = await revokeAllAccessTokens(tx, id, now);
    }
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'user', entityId: id, changes, ...(revokedTokens !== undefined ? { detail: { revokedTokens } } : {}) });
  });
  return findScoped(ctx.db, auth, id, 'user.manage');
};

export const resetPassword = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  newPassword: string,
  mustChangePassword = true,
) => {
  const now = ctx.clock.now();
  const target = await findScoped(ctx.db, auth, id, 'user.manage');
  const problems = passwordProblems(newPassword, target.username, 'newPassword');
  if (problems.length) throw new AppError('validation_failed', problems);
  const passwordHash = await hashPassword(newPassword);
  await transaction(ctx.db, async (tx) => {
    await tx
      .updateTable('appUser')
      .set({
        passwordHash,
        passwordChangedAt: toIso(now),
        mustChangePassword: mustChangePassword ? 1 : 0,
        failedLoginCount: 0,
        failedLoginSince: null,
        lockedUntil: null,
        updatedAt: toIso(now),
        version: (eb) => eb('version', '+', 1),
      })
      .where('id', '=', id)
      .execute();
    await tx.deleteFrom('session').where('userId', '=', id).execute();
    const revokedTokens = await revokeAllAccessTokens(tx, id, now);
    await recordAudit(tx, now, auth, meta, {
      action: 'password_reset',
      entity: 'user',
      entityId: id,
      changes: { password: { old: '******', new: '******' } },
      detail: { revokedTokens },
    });
  });
  return findScoped(ctx.db, auth, id, 'user.manage');
};

export const unlockUser = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string) => {
  const now = ctx.clock.now();
  await findScoped(ctx.db, auth, id, 'user.manage');
  await transaction(ctx.db, async (tx) => {
    await tx.updateTable('appUser').set({ failedLoginCount: 0, failedLoginSince: null, lockedUntil: null }).where('id', '=', id).execute();
    await recordAudit(tx, now, auth, meta, { action: 'unlock', entity: 'user', entityId: id });
  });
  return findScoped(ctx.db, auth, id, 'user.manage');
};
