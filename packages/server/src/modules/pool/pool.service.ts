import { sql } from 'kysely';
import type { TCustomerQuery } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { bool, newId, num, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Tx } from '../../db/schema.js';
import { COUNT_CAP, paginate } from '../../http/list.js';
import { days } from '../../clock.js';
import { recordAudit } from '../auditLog/audit.js';
import { insertEvents, recordCustomerEvent } from '../customers/customer.events.js';
import { customerScope } from '../customers/customer.scope.js';
import { customerFilter, customerSortable, findCustomer, getCustomer, selectCustomer, syncTags } from '../customers/customer.service.js';
import { presentCustomer, type CustomerRow } from '../customers/customer.presenter.js';
import { presentContact } from '../customers/contact.service.js';
import { json } from '../../db/dialect.js';
import { poolForUnit, poolManageable, visiblePool, visiblePoolsQuery } from './pool.access.js';
import { transaction } from '../../db/transaction.js';
import { refreshCompliance } from '../visits/compliance.js';

/** Start of the current day in China (UTC+8), for "claims per day". */
export const startOfChinaDay = (at: Date): Date => {
  const shifted = at.getTime() + 8 * 3_600_000;
  return new Date(shifted - (shifted % 86_400_000) - 8 * 3_600_000);
};

export const listPools = async (ctx: AppContext, auth: Auth) => {
  const rows = await visiblePoolsQuery(ctx.db, auth)
    .select(['pool.id', 'pool.orgUnitId', 'poolUnit.name as orgUnitName', 'pool.name', 'pool.isDefault', 'pool.maxHeld', 'pool.maxClaimsPerDay', 'pool.reclaimCooldownDays', 'pool.version'])
    .select((eb) => eb.selectFrom('customer').select(eb.fn.countAll<number>().as('c')).whereRef('customer.poolId', '=', 'pool.id').as('customerCount'))
    .orderBy('poolUnit.depth')
    .orderBy('pool.name')
    .execute();
  return rows.map((r) => ({ ...r, isDefault: bool(r.isDefault), customerCount: num(r.customerCount) }));
};

export const createPool = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { orgUnitId: string; name: string; maxHeld?: number; maxClaimsPerDay?: number; reclaimCooldownDays?: number },
) => {
  requirePermission(auth, 'pool.manage');
  const now = toIso(ctx.clock.now());
  const id = newId();
  await transaction(ctx.db, async (tx) => {
    const unit = await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', input.orgUnitId).executeTakeFirst();
    if (!unit || !poolManageable(auth, unit)) throw invalid('orgUnitId', 'unknown_org_unit');
    const hasDefault = await tx.selectFrom('pool').select('id').where('orgUnitId', '=', unit.id).where('isDefault', '=', 1).executeTakeFirst();
    const row = {
      id,
      orgUnitId: unit.id,
      name: input.name,
      isDefault: hasDefault ? 0 : 1,
      maxHeld: input.maxHeld ?? 200,
      maxClaimsPerDay: input.maxClaimsPerDay ?? 10,
      reclaimCooldownDays: input.reclaimCooldownDays ?? 30,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insertInto('pool').values(row).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'create', entity: 'pool', entityId: id, detail: { name: input.name } });
  });
  return (await listPools(ctx, auth)).find((p) => p.id === id)!;
};

export const updatePool = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  input: { version: number; name?: string; maxHeld?: number; maxClaimsPerDay?: number; reclaimCooldownDays?: number },
) => {
  requirePermission(auth, 'pool.manage');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const pool = await tx.selectFrom('pool').innerJoin('orgUnit', 'orgUnit.id', 'pool.orgUnitId').select(['pool.id', 'orgUnit.id as unitId', 'orgUnit.path']).where('pool.id', '=', id).executeTakeFirst();
    if (!pool || !poolManageable(auth, { id: pool.unitId, path: pool.path })) throw new AppError('not_found');
    const { version, ...fields } = input;
    await updateVersioned(tx, 'pool', id, version, fields, toIso(now));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'pool', entityId: id, detail: fields });
  });
  return (await listPools(ctx, auth)).find((p) => p.id === id)!;
};

/** Customers waiting in the pools the caller can see. */
export const listPoolCustomers = async (ctx: AppContext, auth: Auth, q: TCustomerQuery) => {
  requirePermission(auth, 'pool.claim');
  const pools = (await visiblePoolsQuery(ctx.db, auth).select('pool.id').execute()).map((p) => p.id);
  let base = ctx.db.selectFrom('customer').where('customer.ownerId', 'is', null).where('customer.poolId', 'in', pools.length ? pools : ['-']);
  // Reuse the archive's filters (q, stage, region…) without its owner scope.
  const filtered = customerFilter(ctx, { ...auth, grants: new Map([...auth.grants, ['customer.read', 'all']]) }, { ...q, pool: 'true' });
  base = base.where('customer.id', 'in', filtered.select('customer.id'));
  const page = await paginate<CustomerRow>({ query: q, base, select: selectCustomer, sortable: customerSortable, defaultSort: '-updatedAt', idColumn: 'customer.id', countCap: { rows: COUNT_CAP, db: ctx.db } });
  return { ...page, data: page.data.map((r) => presentCustomer(r)) };
};

export const claimCustomer = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, version: number) => {
  requirePermission(auth, 'pool.claim');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const c = await tx.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst();
    const pool = c?.poolId ? await visiblePool(tx, auth, c.poolId) : null;
    if (!c || !pool) {
      // Someone claimed it first from a pool the caller sees: say so, rather than "not found".
      const lastClaim = c && (await tx.selectFrom('customerEvent').select('detail').where('customerId', '=', id).where('kind', '=', 'claim').orderBy('at', 'desc').limit(1).executeTakeFirst());
      const fromPool = lastClaim ? json<{ poolId?: string }>(lastClaim.detail)?.poolId : undefined;
      if (fromPool && (await visiblePool(tx, auth, fromPool))) throw new AppError('invalid_state', [{ path: '', key: 'not_in_pool' }]);
      throw new AppError('not_found');
    }
    if (c.ownerId) throw new AppError('invalid_state', [{ path: '', key: 'not_in_pool' }]);
    if (c.version !== version) throw new AppError('version_conflict');
    const held = await tx.selectFrom('customer').select((eb) => eb.fn.countAll<number>().as('c')).where('ownerId', '=', auth.userId).executeTakeFirstOrThrow();
    if (num(held.c) >= pool.maxHeld) throw new AppError('limit_reached', [{ path: '', key: 'held_limit', params: { max: pool.maxHeld } }]);
    const today = await tx
      .selectFrom('customerEvent')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .where('actorId', '=', auth.userId)
      .where('kind', '=', 'claim')
      .where('at', '>=', toIso(startOfChinaDay(now)))
      .executeTakeFirstOrThrow();
    if (num(today.c) >= pool.maxClaimsPerDay) throw new AppError('limit_reached', [{ path: '', key: 'daily_claim_limit', params: { max: pool.maxClaimsPerDay } }]);
    if (c.previousOwnerId === auth.userId && c.releasedAt && now.getTime() - new Date(c.releasedAt).getTime() < days(pool.reclaimCooldownDays))
      throw new AppError('limit_reached', [{ path: '', key: 'reclaim_cooldown', params: { days: pool.reclaimCooldownDays } }]);
    await updateVersioned(
      tx,
      'customer',
      id,
      version,
      { ownerId: auth.userId, orgUnitId: auth.orgUnitId, poolId: null, claimedAt: toIso(now), reclaimWarnedAt: null },
      toIso(now),
    );
    await refreshCompliance(tx, now, { ids: [id] });
    await recordCustomerEvent(tx, now, auth, id, 'claim', { detail: { poolId: pool.id } });
    await recordAudit(tx, now, auth, meta, { action: 'claim', entity: 'customer', entityId: id, changes: { ownerId: { old: null, new: auth.userId } } });
  });
  return getCustomer(ctx, auth, id);
};

const moveToPool = async (tx: Tx, customer: { id: string; orgUnitId: string; ownerId: string | null }, at: Date, poolId?: string) => {
  const pool = poolId ? { id: poolId } : await poolForUnit(tx, customer.orgUnitId);
  if (!pool) throw new AppError('invalid_state', [{ path: 'poolId', key: 'unknown_pool' }]);
  return {
    ownerId: null,
    poolId: pool.id,
    orgUnitId: (await tx.selectFrom('pool').select('orgUnitId').where('id', '=', pool.id).executeTakeFirstOrThrow()).orgUnitId,
    previousOwnerId: customer.ownerId,
    releasedAt: toIso(at),
    reclaimWarnedAt: null,
  };
};

const checkReleaseReason = async (tx: Tx, reason: string) => {
  const ok = await tx.selectFrom('dictionaryItem').select('id').where('dictionaryCode', '=', 'releaseReason').where('value', '=', reason).executeTakeFirst();
  if (!ok) throw invalid('reason', 'unknown_dictionary_value');
};

/** Back to the pool, with a reason: the owner releases their own; a leader any in scope. */
export const releaseCustomer = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  input: { version: number; reason: string; note?: string; poolId?: string },
) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const c = await findCustomer(tx, auth, id, 'customer.update');
    if (!c.ownerId) throw new AppError('invalid_state', [{ path: '', key: 'not_owner' }]);
    if (c.ownerId !== auth.userId && !auth.grants.has('pool.manage')) throw new AppError('invalid_state', [{ path: '', key: 'not_owner' }]);
    await checkReleaseReason(tx, input.reason);
    if (input.poolId && !(await visiblePool(tx, auth, input.poolId))) throw invalid('poolId', 'unknown_pool');
    if (c.version !== input.version) throw new AppError('version_conflict');
    const patch = await moveToPool(tx, c, now, input.poolId);
    await updateVersioned(tx, 'customer', id, input.version, patch, toIso(now));
    await refreshCompliance(tx, now, { ids: [id] });
    await recordCustomerEvent(tx, now, auth, id, 'release', { reason: input.reason, detail: { note: input.note ?? null, poolId: patch.poolId, previousOwnerId: c.ownerId } });
    await recordAudit(tx, now, auth, meta, { action: 'release', entity: 'customer', entityId: id, changes: { ownerId: { old: c.ownerId, new: null } }, detail: { reason: input.reason } });
  });
  return presentCustomer((await selectCustomer(ctx.db.selectFrom('customer')).where('customer.id', '=', id).executeTakeFirstOrThrow()) as CustomerRow);
};

const scopedIds = async (tx: Tx, auth: Auth, ids: string[], permission: 'customer.assign' | 'customer.update') => {
  const unique = [...new Set(ids)];
  const rows = await tx.selectFrom('customer').selectAll().where('customer.id', 'in', unique).where(inScope(auth, permission, customerScope)).execute();
  // One unknown id fails the whole request: a bulk action is all or nothing.
  if (rows.length !== unique.length) throw invalid('customerIds', 'not_found_some');
  return rows;
};

/** A leader gives customers (own, colleagues' or from the pool of the subtree) to one manager. */
export const assignCustomers = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { customerIds: string[]; ownerId: string; reason?: string }) => {
  requirePermission(auth, 'customer.assign');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const owner = await tx
      .selectFrom('appUser')
      .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
      .select(['appUser.id', 'appUser.orgUnitId', 'appUser.status', 'orgUnit.path'])
      .where('appUser.id', '=', input.ownerId)
      .executeTakeFirst();
    if (!owner || owner.status !== 'active' || !unitInScope(auth, 'customer.assign', { id: owner.orgUnitId, path: owner.path })) throw invalid('ownerId', 'unknown_user');
    const rows = await scopedIds(tx, auth, input.customerIds, 'customer.assign');
    const ids = rows.map((r) => r.id);
    await tx
      .updateTable('customer')
      .set({ ownerId: owner.id, orgUnitId: owner.orgUnitId, poolId: null, claimedAt: toIso(now), reclaimWarnedAt: null, updatedAt: toIso(now), version: sql`version + 1` })
      .where('id', 'in', ids)
      .execute();
    await refreshCompliance(tx, now, { ids });
    await insertEvents(tx, now, auth, rows.map((r) => ({ customerId: r.id, kind: 'assign', reason: input.reason ?? null, changes: { ownerId: { old: r.ownerId, new: owner.id } } })));
    await recordAudit(tx, now, auth, meta, { action: 'assign', entity: 'customer', detail: { count: ids.length, ownerId: owner.id, customerIds: ids.slice(0, 1000) } });
    return { updated: ids.length };
  });
};

export const bulkRelease = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { customerIds: string[]; reason: string; note?: string }) => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const rows = await scopedIds(tx, auth, input.customerIds, 'customer.update');
    await checkReleaseReason(tx, input.reason);
    for (const r of rows) if (!r.ownerId || (r.ownerId !== auth.userId && !auth.grants.has('pool.manage'))) throw invalid('customerIds', 'not_owner');
    // Grouped by unit: one statement per unit, not per customer.
    const byUnit = new Map<string, typeof rows>();
    for (const r of rows) byUnit.set(r.orgUnitId, [...(byUnit.get(r.orgUnitId) ?? []), r]);
    for (const [unitId, group] of byUnit) {
      const pool = await poolForUnit(tx, unitId);
      if (!pool) throw new AppError('invalid_state', [{ path: 'poolId', key: 'unknown_pool' }]);
      await tx
        .updateTable('customer')
        .set({ ownerId: null, poolId: pool.id, orgUnitId: pool.orgUnitId, previousOwnerId: sql`owner_id`, releasedAt: toIso(now), reclaimWarnedAt: null, updatedAt: toIso(now), version: sql`version + 1` })
        .where('id', 'in', group.map((g) => g.id))
        .execute();
    }
    await refreshCompliance(tx, now, { ids: rows.map((r) => r.id) });
    await insertEvents(tx, now, auth, rows.map((r) => ({ customerId: r.id, kind: 'release', reason: input.reason, changes: { ownerId: { old: r.ownerId, new: null } }, detail: { note: input.note ?? null } })));
    await recordAudit(tx, now, auth, meta, { action: 'release', entity: 'customer', detail: { count: rows.length, reason: input.reason } });
    return { updated: rows.length };
  });
};

export const bulkTag = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { customerIds: string[]; add?: string[]; remove?: string[] }) => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const rows = await scopedIds(tx, auth, input.customerIds, 'customer.update');
    const events = [];
    for (const r of rows) {
      const before = json<string[]>(r.tags) ?? [];
      const after = [...new Set([...before.filter((t) => !(input.remove ?? []).includes(t)), ...(input.add ?? [])])];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      await tx.updateTable('customer').set({ tags: JSON.stringify(after), updatedAt: toIso(now), version: sql`version + 1` }).where('id', '=', r.id).execute();
      await syncTags(tx, r.id, JSON.stringify(after));
      events.push({ customerId: r.id, kind: 'updated', changes: { tags: { old: before, new: after } } });
    }
    await insertEvents(tx, now, auth, events);
    await recordAudit(tx, now, auth, meta, { action: 'tag', entity: 'customer', detail: { count: events.length, add: input.add ?? [], remove: input.remove ?? [] } });
    return { updated: events.length };
  });
};

/** "今日已领 3 / 10": claims since midnight China time, and customers held now. */
export const myClaims = async (ctx: AppContext, auth: Auth) => {
  requirePermission(auth, 'pool.claim');
  const now = ctx.clock.now();
  const [today, held] = await Promise.all([
    ctx.db
      .selectFrom('customerEvent')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .where('actorId', '=', auth.userId)
      .where('kind', '=', 'claim')
      .where('at', '>=', toIso(startOfChinaDay(now)))
      .executeTakeFirstOrThrow(),
    ctx.db.selectFrom('customer').select((eb) => eb.fn.countAll<number>().as('c')).where('ownerId', '=', auth.userId).executeTakeFirstOrThrow(),
  ]);
  return { claimedToday: num(today.c), held: num(held.c) };
};

/**
 * A pool customer before claiming, read-only: the file (sensitive values masked, no reveal),
 * the grade and its basis, recent business figures, contacts masked. Only customers waiting in a
 * pool the caller sees; anything else is not found.
 */
export const previewPoolCustomer = async (ctx: AppContext, auth: Auth, id: string) => {
  requirePermission(auth, 'pool.claim');
  const row = (await selectCustomer(ctx.db.selectFrom('customer')).where('customer.id', '=', id).where('customer.ownerId', 'is', null).executeTakeFirst()) as CustomerRow | undefined;
  if (!row?.poolId || !(await visiblePool(ctx.db, auth, row.poolId))) throw new AppError('not_found');
  const [contacts, figures] = await Promise.all([
    ctx.db.selectFrom('contact').selectAll().where('customerId', '=', id).orderBy('isPrimary', 'desc').orderBy('createdAt').limit(50).execute(),
    ctx.db.selectFrom('businessFigure').select(['month', 'volume', 'profit', 'daysLate']).where('customerId', '=', id).orderBy('month', 'desc').limit(12).execute(),
  ]);
  const explanation = json<Record<string, unknown>>(row.gradeExplanation);
  return {
    customer: presentCustomer(row),
    grade: { grade: row.gradeOverride ?? row.grade, method: (explanation?.method as string | undefined) ?? null, score: (explanation?.score as number | null | undefined) ?? null, override: row.gradeOverride },
    contacts: contacts.map((c) => presentContact(c)),
    figures: figures.map((f) => ({ month: f.month, volume: f.volume === null ? null : Number(f.volume), profit: f.profit === null ? null : Number(f.profit), daysLate: f.daysLate === null ? null : Number(f.daysLate) })),
  };
};
