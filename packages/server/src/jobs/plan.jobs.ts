import { isoWeekKey, monthKey, shiftPeriod, type TPlanKind } from '@liaison/shared';
import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import { toIso } from '../db/dialect.js';
import { transaction } from '../db/transaction.js';
import { publishMany } from '../modules/notifications/publish.js';
import { dueAtOf, ensurePlans, loadPlanSettings } from '../modules/plans/plan.service.js';
import { managersOf } from '../modules/plans/plan.unit.js';

/**
 * Plans past their due time and not submitted: every account manager gets a plan row for this
 * week, this month and next month once it is due (a missing plan becomes a visible draft), and
 * each draft past due publishes `plan.overdue` once — to the manager, and to the unit's group
 * robots. Set-based; the dedupe key and `overdue_notified_at` make a second run a no-op.
 */
export const runPlanOverdue = async (ctx: AppContext, at: Date) => {
  const now = toIso(at);
  return transaction(ctx.db, async (tx) => {
    const settings = await loadPlanSettings(tx);
    const root = await tx.selectFrom('orgUnit').select('path').where('parentId', 'is', null).executeTakeFirst();
    if (!root) return { created: 0, published: 0 };
    const managers = await managersOf(tx, root.path);
    const periods: [TPlanKind, string][] = [
      ['week', isoWeekKey(at)],
      ['month', monthKey(at)],
      ['month', shiftPeriod('month', monthKey(at), 1)],
    ];
    const due = periods.filter(([kind, period]) => dueAtOf(kind, period, settings) <= now);
    const before = Number((await tx.selectFrom('plan').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    for (const [kind, period] of due) await ensurePlans(tx, at, kind, period, managers);
    const after = Number((await tx.selectFrom('plan').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (!due.length) return { created: 0, published: 0 };
    const late = await tx
      .selectFrom('plan')
      .innerJoin('appUser', 'appUser.id', 'plan.managerId')
      .select(['plan.id', 'plan.kind', 'plan.period', 'plan.managerId', 'plan.orgUnitId', 'appUser.displayName'])
      .where('plan.status', '=', 'draft')
      .where('plan.dueAt', '<=', now)
      .where('plan.overdueNotifiedAt', 'is', null)
      .where((eb) => eb.or(due.map(([kind, period]) => eb.and([eb('plan.kind', '=', kind), eb('plan.period', '=', period)]))))
      .execute();
    await publishMany(
      tx,
      at,
      late.map((p) => ({
        type: 'plan.overdue',
        entity: { type: 'plan', id: p.id },
        recipients: [p.managerId],
        orgUnitId: p.orgUnitId,
        data: { kind: p.kind, period: p.period, managerName: p.displayName },
        dedupeKey: `plan.overdue:${p.id}`,
      })),
    );
    for (let i = 0; i < late.length; i += 300)
      await tx
        .updateTable('plan')
        .set({ overdueNotifiedAt: now })
        .where('id', 'in', late.slice(i, i + 300).map((p) => p.id))
        .execute();
    return { created: after - before, published: late.length };
  });
};

export const planOverdueJob: JobDefinition = { name: 'plan.overdue', schedule: '10 * * * *', run: runPlanOverdue };
