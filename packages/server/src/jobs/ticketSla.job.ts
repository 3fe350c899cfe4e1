import { sql } from 'kysely';
import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../db/schema.js';
import { toIso } from '../db/dialect.js';
import { transaction } from '../db/transaction.js';
import { withWorkCalendar } from '../calendar/calendar.store.js';
import { addClockHours, type SlaUnit } from '../calendar/workingTime.js';
import { localDateOf, yearOf } from '../calendar/shanghai.js';
import { publish } from '../modules/notifications/publish.js';
import { getSlaSettings, workingHoursOf } from '../modules/tickets/sla.settings.js';
import { holdersOf, insertTicketEvent, leadersFor, systemActor } from '../modules/tickets/ticket.events.js';

type Hit = { id: string; number: string; title: string; kind: string; severity: string; ownerId: string; orgUnitId: string; resolveStartAt: string; resolveDueAt: string | null; resolveUnit: SlaUnit; escalateEveryHours: number; escalationLevel: number };

const open = sql<boolean>`ticket.status <> 'closed' and ticket.resolved_at is null`;
const returned = ['id', 'number', 'title', 'kind', 'severity', 'ownerId', 'orgUnitId', 'resolveStartAt', 'resolveDueAt', 'resolveUnit', 'escalateEveryHours', 'escalationLevel'] as const;

/** `[unit, parent, grandparent, …]` ids for each unit, from the materialised paths. */
const chains = async (tx: Tx) => {
  const units = await tx.selectFrom('orgUnit').select(['id', 'path']).execute();
  return new Map(units.map((u) => [u.id, { path: u.path, up: u.path.split('/').filter(Boolean).reverse() }]));
};

/**
 * Warns owners before deadlines, marks breaches and escalates breached tickets one level up the
 * org tree per interval. Each step is one UPDATE over the matching set (RETURNING the rows it
 * changed), so a ticket is warned, breached or escalated once however often the job runs; the
 * runner makes it run once cluster-wide. Events go to the outbox in the same transaction.
 */
export const runTicketSla = async (ctx: AppContext, at: Date) => {
  const now = toIso(at);
  return transaction(ctx.db, async (tx) => {
    const out = { responseBreached: 0, warned: 0, breached: 0, escalated: 0 };
    const data = (h: Hit) => ({ number: h.number, title: h.title, kind: h.kind, severity: h.severity, dueAt: h.resolveDueAt });

    const late = await tx
      .updateTable('ticket')
      .set({ responseBreachedAt: sql`response_due_at` })
      .where('respondedAt', 'is', null)
      .where('responseBreachedAt', 'is', null)
      .where('responseDueAt', '<=', now)
      .where('status', '<>', 'closed')
      .returning([...returned])
      .execute();
    for (const h of late) {
      await insertTicketEvent(tx, at, systemActor, { ticketId: h.id, action: 'responseBreached' });
      await publish(tx, at, { type: 'ticket.responseBreached', entity: { type: 'ticket', id: h.id }, recipients: [h.ownerId], orgUnitId: h.orgUnitId, data: data(h), dedupeKey: `ticket.responseBreached:${h.id}` });
    }
    out.responseBreached = late.length;

    const warned = await tx
      .updateTable('ticket')
      .set({ warnedAt: now })
      .where(open)
      .where('warnedAt', 'is', null)
      .where('breachedAt', 'is', null)
      .where('resolveWarnAt', '<=', now)
      .returning([...returned])
      .execute();
    for (const h of warned) {
      await insertTicketEvent(tx, at, systemActor, { ticketId: h.id, action: 'nearBreach' });
      await publish(tx, at, { type: 'ticket.nearBreach', entity: { type: 'ticket', id: h.id }, recipients: [h.ownerId], data: data(h), dedupeKey: `ticket.nearBreach:${h.id}:${h.resolveStartAt}` });
    }
    out.warned = warned.length;

    const breached = await tx
      .updateTable('ticket')
      .set({ breachedAt: sql`resolve_due_at`, escalationLevel: 0, escalationUnitId: sql`org_unit_id` })
      .where(open)
      .where('breachedAt', 'is', null)
      .where('resolveDueAt', '<=', now)
      .returning([...returned])
      .execute();
    const escalating = await tx
      .selectFrom('ticket')
      .select([...returned, 'escalationUnitId', 'nextEscalationAt'])
      .where(open)
      .where('nextEscalationAt', '<=', now)
      .execute();
    if (!breached.length && !escalating.length) return out;

    const units = await chains(tx);
    const leaders = await holdersOf(tx, 'ticket.approve');
    const settings = await getSlaSettings(tx);
    const hours = workingHoursOf(settings);
    const year = yearOf(localDateOf(at.getTime()));
    const next = new Map<string, { level: number; unitId: string | null; nextAt: string | null }>();
    await withWorkCalendar(tx, { from: year, to: year }, (cal) => {
      const step = (from: Date, h: Hit) => toIso(new Date(addClockHours(from.getTime(), Number(h.escalateEveryHours), h.resolveUnit, cal, hours)));
      for (const h of breached) {
        const chain = units.get(h.orgUnitId)?.up ?? [];
        next.set(h.id, { level: 0, unitId: h.orgUnitId, nextAt: chain.length > 1 ? step(at, h) : null });
      }
      for (const h of escalating) {
        const chain = units.get(h.orgUnitId)?.up ?? [];
        const level = Number(h.escalationLevel) + 1;
        const unitId = chain[Math.min(level, chain.length - 1)] ?? h.orgUnitId;
        next.set(h.id, { level, unitId, nextAt: level < chain.length - 1 ? step(at, h) : null });
      }
    });

    const ids = [...next.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const caseOf = (pick: (v: { level: number; unitId: string | null; nextAt: string | null }) => string | number | null) =>
        sql`case id ${sql.join(chunk.map((id) => sql`when ${id} then ${pick(next.get(id)!)}`), sql` `)} end`;
      await tx
        .updateTable('ticket')
        .set({
          escalationLevel: sql`cast(${caseOf((v) => v.level)} as integer)` as never,
          escalationUnitId: caseOf((v) => v.unitId) as never,
          nextEscalationAt: caseOf((v) => v.nextAt) as never,
        })
        .where('id', 'in', chunk)
        .execute();
    }

    for (const h of breached) {
      const path = units.get(h.orgUnitId)?.path ?? '';
      await insertTicketEvent(tx, at, systemActor, { ticketId: h.id, action: 'breached', orgUnitId: h.orgUnitId });
      await publish(tx, at, {
        type: 'ticket.breached',
        entity: { type: 'ticket', id: h.id },
        recipients: [h.ownerId, ...leadersFor(leaders, path)],
        orgUnitId: h.orgUnitId,
        data: data(h),
        dedupeKey: `ticket.breached:${h.id}:${h.resolveStartAt}`,
      });
    }
    for (const h of escalating) {
      const v = next.get(h.id)!;
      const path = (v.unitId && units.get(v.unitId)?.path) || '';
      await insertTicketEvent(tx, at, systemActor, { ticketId: h.id, action: 'escalated', orgUnitId: v.unitId, detail: { level: v.level } });
      await publish(tx, at, {
        type: 'ticket.escalated',
        entity: { type: 'ticket', id: h.id },
        recipients: leadersFor(leaders, path),
        orgUnitId: v.unitId,
        data: { ...data(h), level: v.level },
        dedupeKey: `ticket.escalated:${h.id}:${h.resolveStartAt}:${v.level}`,
      });
    }
    out.breached = breached.length;
    out.escalated = escalating.length;
    return out;
  });
};

export const ticketSlaJob: JobDefinition = { name: 'ticket.sla', schedule: '*/5 * * * *', run: runTicketSla };
