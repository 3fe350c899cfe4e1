import { sql } from 'kysely';
import type { DataScope, Permission, TRole } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { bool, newId, num, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Tx } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { transaction } from '../../db/transaction.js';

type GrantInput = { permission: Permission; dataScope: DataScope };

const load = async (tx: Tx, ids?: string[]): Promise<TRole[]> => {
  let q = tx
    .selectFrom('role')
    .selectAll('role')
    .select((eb) => eb.selectFrom('userRole').select(eb.fn.countAll<number>().as('c')).whereRef('userRole.roleId', '=', 'role.id').as('userCount'))
    .orderBy('role.builtin', 'desc')
    .orderBy('role.code');
  if (ids) q = q.where('role.id', 'in', ids);
  const roles = await q.execute();
  if (!roles.length) return [];
  const grants = await tx.selectFrom('roleGrant').selectAll().where('roleId', 'in', roles.map((r) => r.id)).orderBy('permission').execute();
  return roles.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    builtin: bool(r.builtin),
    grants: grants.filter((g) => g.roleId === r.id).map((g) => ({ permission: g.permission as Permission, dataScope: g.dataScope as DataScope })),
    userCount: num(r.userCount),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
};

/** Role names are readable by anyone signed in (user forms need them); changes need role.manage. */
export const listRoles = (ctx: AppContext) => load(ctx.db);

export const getRole = async (ctx: AppContext, id: string) => {
  const [role] = await load(ctx.db, [id]);
  if (!role) throw new AppError('not_found');
  return role;
};

const dedupe = (grants: GrantInput[]) => [...new Map(grants.map((g) => [g.permission, g])).values()];

export const createRole = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { code: string; name: string; description?: string; grants: GrantInput[] },
) => {
  requirePermission(auth, 'role.manage');
  const now = toIso(ctx.clock.now());
  const id = newId();
  await transaction(ctx.db, async (tx) => {
    if (await tx.selectFrom('role').select('id').where(sql`lower(code)`, '=', input.code.toLowerCase()).executeTakeFirst())
      throw invalid('code', 'code_taken');
    await tx
      .insertInto('role')
      .values({ id, code: input.code, name: input.name, description: input.description ?? '', builtin: 0, version: 1, createdAt: now, updatedAt: now })
      .execute();
    const grants = dedupe(input.grants);
    if (grants.length) await tx.insertInto('roleGrant').values(grants.map((g) => ({ roleId: id, ...g }))).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, {
      action: 'create',
      entity: 'role',
      entityId: id,
      changes: { code: { old: null, new: input.code }, name: { old: null, new: input.name }, grants: { old: null, new: grants } },
    });
  });
  return getRole(ctx, id);
};

export const updateRole = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  input: { version: number; name?: string; description?: string; grants?: GrantInput[] },
) => {
  requirePermission(auth, 'role.manage');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const [before] = await load(tx, [id]);
    if (!before) throw new AppError('not_found');
    const { version, grants, ...fields } = input;
    await updateVersioned(tx, 'role', id, version, fields, toIso(now));
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    if (fields.name !== undefined && fields.name !== before.name) changes.name = { old: before.name, new: fields.name };
    if (fields.description !== undefined && fields.description !== before.description)
      changes.description = { old: before.description, new: fields.description };
    if (grants) {
      const next = dedupe(grants);
      await tx.deleteFrom('roleGrant').where('roleId', '=', id).execute();
      if (next.length) await tx.insertInto('roleGrant').values(next.map((g) => ({ roleId: id, ...g }))).execute();
      changes.grants = { old: before.grants, new: next };
    }
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'role', entityId: id, changes });
  });
  return getRole(ctx, id);
};

export const deleteRole = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string) => {
  requirePermission(auth, 'role.manage');
  await transaction(ctx.db, async (tx) => {
    const [role] = await load(tx, [id]);
    if (!role) throw new AppError('not_found');
    if (role.builtin) throw new AppError('conflict', [{ path: '', key: 'builtin_role' }]);
    if (role.userCount > 0) throw new AppError('conflict', [{ path: '', key: 'has_users' }]);
    await tx.deleteFrom('role').where('id', '=', id).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'delete', entity: 'role', entityId: id, detail: { code: role.code } });
  });
};
