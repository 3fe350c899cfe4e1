import { sql } from 'kysely';
import { addDays, dayRange, localDate } from '@liaison/shared';
import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import { toIso } from '../db/dialect.js';
import { transaction } from '../db/transaction.js';
import { refreshCompliance } from '../modules/visits/compliance.js';
import { publish } from '../modules/notifications/publish.js';

/**
 * Marks planned visits not logged by the end of the day after their day as missed 未完成 — a
 * manager may log yesterday's visit this morning — and recomputes every customer's due times,
 * which move when a new month or week begins. Both set-based, once per night cluster-wide.
 */
export const runVisitNightly = async (ctx: AppContext, at: Date) => {
  const cutoff = dayRange(addDays(localDate(at), -1)).from;
  return transaction(ctx.db, async (tx) => {
    const missed = await tx
      .updateTable('visit')
      .set({ status: 'missed', reason: 'not_logged', updatedAt: toIso(at), version: sql`version + 1` })
      .where('status', '=', 'planned')
      .where('startAt', '<', cutoff)
      .executeTakeFirst();
    const refreshed = await refreshCompliance(tx, at, 'all');
    return { missed: Number(missed.numUpdatedRows), customers: refreshed };
  });
};

/** Tells each manager (and joint-visit participants) this morning which visits are planned today. */
export const runVisitDue = async (ctx: AppContext, at: Date) => {
  const today = localDate(at);
  const day = dayRange(today);
  return transaction(ctx.db, async (tx) => {
    const rows = await tx
      .selectFrom('visit')
      .innerJoin('customer', 'customer.id', 'visit.customerId')
      .leftJoin('visitParticipant as vp', 'vp.visitId', 'visit.id')
      .select(['visit.id', 'visit.managerId', 'visit.startAt', 'visit.method', 'visit.purpose', 'visit.orgUnitId', 'customer.name as customerName', 'vp.userId as participantId'])
      .where('visit.status', '=', 'planned')
      .where('visit.startAt', '>=', day.from)
      .where('visit.startAt', '<', day.to)
      .execute();
    const byVisit = new Map<string, { row: (typeof rows)[number]; recipients: Set<string> }>();
    for (const r of rows) {
      const v = byVisit.get(r.id) ?? { row: r, recipients: new Set([r.managerId]) };
      if (r.participantId) v.recipients.add(r.participantId);
      byVisit.set(r.id, v);
    }
    for (const { row, recipients } of byVisit.values())
      await publish(tx, at, {
        type: 'visit.due',
        entity: { type: 'visit', id: row.id },
        recipients: [...recipients],
        data: { customerName: row.customerName, startAt: row.startAt, method: row.method, purpose: row.purpose },
        dedupeKey: `visit.due:${row.id}:${today}`,
      });
    return { published: byVisit.size };
  });
};

export const visitNightlyJob: JobDefinition = { name: 'visit.nightly', schedule: '5 0 * * *', run: runVisitNightly };
export const visitDueJob: JobDefinition = { name: 'visit.due', schedule: '30 7 * * *', run: runVisitDue };
