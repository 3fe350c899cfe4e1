import { sql } from 'kysely';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { insertEvents } from '../customers/customer.events.js';
import { customerScope } from '../customers/customer.scope.js';
import { transaction } from '../../db/transaction.js';

/**
 * What else moves with a customer at handover. Later modules (plans, tickets, tasks) add a hook;
 * each runs inside the handover's transaction with the customers that moved and their new owner.
 */
export type HandoverHook = (tx: Tx, move: { fromUserId: string; toUserId: string; customerIds: string[]; at: Date }) => Promise<number>;
export const handoverHooks: { name: string; run: HandoverHook }[] = [];

const userInScope = async (tx: Tx, auth: Auth, id: string, path: string) => {
  const u = await tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'appUser.status', 'orgUnit.path'])
    .where('appUser.id', '=', id)
    .executeTakeFirst();
  if (!u || !unitInScope(auth, 'handover.manage', { id: u.orgUnitId, path: u.path })) throw invalid(path, 'unknown_user');
  return u;
};

/**
 * Moves all or chosen customers of a manager to one or several successors in one audited step.
 * Contacts belong to their customer and move with it; registered hooks move the rest.
 */
export const handover = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { fromUserId: string; assignments: { toUserId: string; customerIds: 'all' | string[] }[]; reason: string },
) => {
  requirePermission(auth, 'handover.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const from = await userInScope(tx, auth, input.fromUserId, 'fromUserId');
    const held = await tx
      .selectFrom('customer')
      .select(['customer.id', 'customer.ownerId'])
      .where('customer.ownerId', '=', from.id)
      .where(inScope(auth, 'handover.manage', customerScope))
      .execute();
    const heldIds = new Set(held.map((c) => c.id));
    const taken = new Set<string>();
    const plan: { to: Awaited<ReturnType<typeof userInScope>>; ids: string[] }[] = [];
    for (const [i, a] of input.assignments.entries()) {
      const to = await userInScope(tx, auth, a.toUserId, `assignments.${i}.toUserId`);
      if (to.id === from.id) throw invalid(`assignments.${i}.toUserId`, 'same_user');
      if (to.status !== 'active') throw invalid(`assignments.${i}.toUserId`, 'unknown_user');
      const ids = a.customerIds === 'all' ? [...heldIds].filter((id) => !taken.has(id)) : [...new Set(a.customerIds)];
      for (const id of ids) {
        if (!heldIds.has(id) || taken.has(id)) throw invalid(`assignments.${i}.customerIds`, 'not_found_some');
        taken.add(id);
      }
      plan.push({ to, ids });
    }
    const summary = { moved: 0, hooks: {} as Record<string, number>, successors: [] as { userId: string; name: string; customers: number }[] };
    for (const { to, ids } of plan) {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await tx
          .updateTable('customer')
          .set({ ownerId: to.id, orgUnitId: to.orgUnitId, claimedAt: toIso(now), reclaimWarnedAt: null, updatedAt: toIso(now), version: sql`version + 1` })
          .where('id', 'in', chunk)
          .execute();
      }
      await insertEvents(tx, now, auth, ids.map((customerId) => ({ customerId, kind: 'handover', reason: input.reason, changes: { ownerId: { old: from.id, new: to.id } } })));
      for (const h of handoverHooks) summary.hooks[h.name] = (summary.hooks[h.name] ?? 0) + (await h.run(tx, { fromUserId: from.id, toUserId: to.id, customerIds: ids, at: now }));
      summary.moved += ids.length;
      summary.successors.push({ userId: to.id, name: to.displayName, customers: ids.length });
    }
    await recordAudit(tx, now, auth, meta, {
      action: 'handover',
      entity: 'user',
      entityId: from.id,
      detail: { reason: input.reason, moved: summary.moved, successors: summary.successors, hooks: summary.hooks },
    });
    if (!summary.moved) throw new AppError('validation_failed', [{ path: 'assignments', key: 'required' }]);
    return summary;
  });
};

/**
 * Departure audit 离岗审计: what a manager held (now and, through the timeline, during the
 * period), what they changed, revealed and exported between `from` and `to`.
 */
export const departureAudit = async (ctx: AppContext, auth: Auth, userId: string, from: string, to: string) => {
  requirePermission(auth, 'departureAudit.read');
  const user = await ctx.db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.username', 'appUser.displayName', 'appUser.orgUnitId', 'orgUnit.name as orgUnitName', 'orgUnit.path'])
    .where('appUser.id', '=', userId)
    .executeTakeFirst();
  if (!user || !unitInScope(auth, 'departureAudit.read', { id: user.orgUnitId, path: user.path })) throw new AppError('not_found');
  const held = await ctx.db
    .selectFrom('customer')
    .select(['id', 'name', 'kind', 'stage', 'grade', 'isKey', 'lastContactAt', 'ownerId'])
    .where((eb) =>
      eb.or([
        eb('ownerId', '=', userId),
        eb.exists(
          eb
            .selectFrom('customerEvent')
            .select('customerEvent.id')
            .whereRef('customerEvent.customerId', '=', 'customer.id')
            .where('customerEvent.kind', 'in', ['claim', 'assign', 'handover', 'release', 'reclaim', 'created'])
            .where('customerEvent.at', '>=', from)
            .where('customerEvent.at', '<', to)
            .where((e2) => e2.or([e2('customerEvent.actorId', '=', userId), e2(sql`customer_event.changes`, 'like', `%${userId}%`)])),
        ),
      ]),
    )
    .orderBy('sortKey')
    .limit(100000)
    .execute();
  const activity = await ctx.db
    .selectFrom('auditLog')
    .select(['id', 'at', 'action', 'entity', 'entityId', 'detail', 'changes'])
    .where('actorId', '=', userId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .limit(100000)
    .execute();
  // What they asked to change (owner, grade, credit code) and what became of it.
  const changeRequests = await ctx.db
    .selectFrom('changeRequest')
    .innerJoin('customer', 'customer.id', 'changeRequest.customerId')
    .select(['changeRequest.id', 'changeRequest.customerId', 'customer.name as customerName', 'changeRequest.field', 'changeRequest.oldValue', 'changeRequest.newValue', 'changeRequest.reason', 'changeRequest.status', 'changeRequest.requestedAt', 'changeRequest.decidedAt', 'changeRequest.comment'])
    .where('changeRequest.requestedBy', '=', userId)
    .where('changeRequest.requestedAt', '>=', from)
    .where('changeRequest.requestedAt', '<', to)
    .orderBy('changeRequest.requestedAt')
    .limit(100000)
    .execute();
  const names = new Map(held.map((c) => [c.id, c.name]));
  const missing = [...new Set(activity.map((a) => a.entityId).filter((id): id is string => Boolean(id) && !names.has(id!)))];
  for (let i = 0; i < missing.length; i += 500) {
    for (const c of await ctx.db.selectFrom('customer').select(['id', 'name']).where('id', 'in', missing.slice(i, i + 500)).execute()) names.set(c.id, c.name);
  }
  const rows = (actions: string[]) =>
    activity
      .filter((a) => actions.includes(a.action))
      .map((a) => ({ at: a.at, action: a.action, entity: a.entity, entityId: a.entityId, customerName: a.entityId ? (names.get(a.entityId) ?? null) : null, detail: a.detail ? JSON.parse(a.detail) : null }));
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, orgUnitName: user.orgUnitName },
    period: { from, to },
    held: held.map(({ ownerId, ...c }) => ({ ...c, isKey: Boolean(Number(c.isKey)), currentlyHeld: ownerId === userId })),
    changed: rows(['create', 'update', 'delete', 'claim', 'release', 'assign', 'tag']),
    revealed: rows(['reveal']),
    exported: rows(['export']),
    changeRequests,
  };
};
