import type { TOrgUnit } from '@liaison/shared';
import { sql } from 'kysely';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { likeEscape, newId, num, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Row, Tx } from '../../db/schema.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { transaction } from '../../db/transaction.js';

const present = (r: Row<'orgUnit'> & { userCount?: unknown }): TOrgUnit => ({
  id: r.id,
  parentId: r.parentId,
  name: r.name,
  code: r.code,
  kind: r.kind,
  path: r.path,
  sortOrder: r.sortOrder,
  ...(r.userCount !== undefined ? { userCount: num(r.userCount) } : {}),
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const unitCols = { owner: 'orgUnit.id', orgUnit: 'orgUnit.id' };

export const listOrgUnits = async (ctx: AppContext, auth: Auth): Promise<TOrgUnit[]> => {
  const rows = await ctx.db
    .selectFrom('orgUnit')
    .selectAll('orgUnit')
    .select((eb) =>
      eb.selectFrom('appUser').select(eb.fn.countAll<number>().as('c')).whereRef('appUser.orgUnitId', '=', 'orgUnit.id').as('userCount'),
    )
    .where(inScope(auth, 'orgUnit.read', unitCols))
    .orderBy('orgUnit.depth')
    .orderBy('orgUnit.sortOrder')
    .orderBy('orgUnit.name')
    .execute();
  return rows.map(present);
};

const findScoped = async (tx: Tx, auth: Auth, id: string, permission: 'orgUnit.read' | 'orgUnit.manage') => {
  const row = await tx.selectFrom('orgUnit').selectAll().where('id', '=', id).where(inScope(auth, permission, unitCols)).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
};

export const getOrgUnit = async (ctx: AppContext, auth: Auth, id: string) => present(await findScoped(ctx.db, auth, id, 'orgUnit.read'));

const codeTaken = async (tx: Tx, code: string, exceptId?: string) => {
  let q = tx.selectFrom('orgUnit').select('id').where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
};

export const createOrgUnit = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { parentId: string; name: string; code: string; kind: TOrgUnit['kind']; sortOrder?: number },
): Promise<TOrgUnit> => {
  requirePermission(auth, 'orgUnit.manage');
  const now = toIso(ctx.clock.now());
  return transaction(ctx.db, async (tx) => {
    const parent = await tx.selectFrom('orgUnit').selectAll().where('id', '=', input.parentId).executeTakeFirst();
    if (!parent || !unitInScope(auth, 'orgUnit.manage', parent)) throw invalid('parentId', 'unknown_org_unit');
    if (await codeTaken(tx, input.code)) throw invalid('code', 'code_taken');
    const id = newId();
    const row = {
      id,
      parentId: parent.id,
      name: input.name,
      code: input.code,
      kind: input.kind,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      sortOrder: input.sortOrder ?? 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insertInto('orgUnit').values(row).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'create', entity: 'orgUnit', entityId: id, changes: created(row) });
    return present(row);
  });
};

export const updateOrgUnit = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  input: { version: number; parentId?: string; name?: string; code?: string; kind?: TOrgUnit['kind']; sortOrder?: number },
): Promise<TOrgUnit> => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const before = await findScoped(tx, auth, id, 'orgUnit.manage');
    const { version, parentId, ...fields } = input;
    if (fields.code && (await codeTaken(tx, fields.code, id))) throw invalid('code', 'code_taken');
    const patch: Record<string, unknown> = { ...fields };
    if (parentId !== undefined && parentId !== before.parentId) {
      if (!before.parentId) throw invalid('parentId', 'parent_cycle');
      const parent = await tx.selectFrom('orgUnit').selectAll().where('id', '=', parentId).executeTakeFirst();
      if (!parent || !unitInScope(auth, 'orgUnit.manage', parent)) throw invalid('parentId', 'unknown_org_unit');
      if (parent.path.startsWith(before.path)) throw invalid('parentId', 'parent_cycle');
      const newPath = `${parent.path}${id}/`;
      const depthDelta = parent.depth + 1 - before.depth;
      patch.parentId = parentId;
      // Move the whole subtree in one statement: rewrite the path prefix and shift depth.
      await tx
        .updateTable('orgUnit')
        .set({
          path: sql`${newPath} || substr(path, ${before.path.length + 1})`,
          depth: sql`depth + ${depthDelta}`,
        })
        .where(sql`path`, 'like', `${likeEscape(before.path)}%`)
        .where('id', '!=', id)
        .execute();
      patch.path = newPath;
      patch.depth = parent.depth + 1;
    }
    await updateVersioned(tx, 'orgUnit', id, version, patch, toIso(now));
    const after = await tx.selectFrom('orgUnit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await recordAudit(tx, now, auth, meta, {
      action: 'update',
      entity: 'orgUnit',
      entityId: id,
      changes: diff(before, after, ['parentId', 'name', 'code', 'kind', 'sortOrder']),
    });
    return present(after);
  });
};

export const deleteOrgUnit = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, version: number) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await findScoped(tx, auth, id, 'orgUnit.manage');
    if (before.version !== version) throw new AppError('version_conflict');
    if (!before.parentId) throw new AppError('conflict', [{ path: '', key: 'has_children' }]);
    if (await tx.selectFrom('orgUnit').select('id').where('parentId', '=', id).executeTakeFirst())
      throw new AppError('conflict', [{ path: '', key: 'has_children' }]);
    if (await tx.selectFrom('appUser').select('id').where('orgUnitId', '=', id).executeTakeFirst())
      throw new AppError('conflict', [{ path: '', key: 'has_users' }]);
    await tx.deleteFrom('orgUnit').where('id', '=', id).execute();
    await recordAudit(tx, now, auth, meta, { action: 'delete', entity: 'orgUnit', entityId: id, detail: { name: before.name, code: before.code } });
  });
};
