import { sql } from 'kysely';
import type { Locale, TTicketWaitReason } from '@liaison/shared';
import type { Db, Tx } from '../../db/schema.js';
import { toIso } from '../../db/dialect.js';
import { withWorkCalendar } from '../../calendar/calendar.store.js';
import { clockProgress, computeDeadline, instantAtFraction, type Deadline, type Pause, type WorkCalendar, type WorkingHours } from '../../calendar/workingTime.js';
import { explainDeadline } from '../../calendar/explain.js';
import { localDateOf, yearOf } from '../../calendar/shanghai.js';
import type { TicketTable } from './ticket.tables.js';
import { getSlaSettings, workingHoursOf } from './sla.settings.js';

export type SlaFields = Pick<
  TicketTable,
  'id' | 'createdAt' | 'resolveStartAt' | 'responseAmount' | 'responseUnit' | 'resolveAmount' | 'resolveUnit' | 'warnPercent' | 'respondedAt' | 'resolvedAt'
>;
export type PauseRow = { ticketId: string; fromAt: string; toAt: string | null; reason: string };

export type TicketDeadlines = {
  response: Deadline;
  resolution: Deadline;
  responseDueAt: string | null;
  resolveDueAt: string | null;
  resolveWarnAt: string | null;
  dueProvisional: number;
};

const ms = (iso: string) => Date.parse(iso);

/** The pauses that stop the clock: waiting for a reason the settings name as pausing. */
export const clockPauses = (rows: readonly PauseRow[], pauseReasons: readonly TTicketWaitReason[]): Pause[] =>
  rows.filter((p) => pauseReasons.includes(p.reason as TTicketWaitReason)).map((p) => ({ from: ms(p.fromAt), to: p.toAt === null ? null : ms(p.toAt) }));

/** Response and resolution deadlines of one ticket, with the warning instant. */
export const ticketDeadlines = (t: SlaFields, pauses: Pause[], calendar: WorkCalendar, hours: WorkingHours): TicketDeadlines => {
  const responseInput = { start: ms(t.createdAt), amount: t.responseAmount, unit: t.responseUnit, pauses, calendar, hours };
  const resolveInput = { start: ms(t.resolveStartAt), amount: t.resolveAmount, unit: t.resolveUnit, pauses, calendar, hours };
  const response = computeDeadline(responseInput);
  const resolution = computeDeadline(resolveInput);
  const warn = instantAtFraction(resolveInput, resolution.budgetMs, t.warnPercent / 100);
  return {
    response,
    resolution,
    responseDueAt: response.dueAt === null ? null : toIso(new Date(response.dueAt)),
    resolveDueAt: resolution.dueAt === null ? null : toIso(new Date(resolution.dueAt)),
    resolveWarnAt: warn === null ? null : toIso(new Date(warn)),
    // Provisional while it matters: the response until met, the resolution until resolved.
    dueProvisional: (!t.respondedAt && response.provisional) || (!t.resolvedAt && resolution.provisional) ? 1 : 0,
  };
};

/** Clock progress and the explanation in the caller's language, for the ticket page. */
export const describeDeadline = (locale: Locale, d: Deadline, start: number, pauses: Pause[], calendar: WorkCalendar, hours: WorkingHours, now: number, metAt: string | null) => {
  const input = { start, amount: d.amount, unit: d.unit, pauses, calendar, hours };
  const end = metAt ? ms(metAt) : now;
  const { remainingMs } = clockProgress(input, d.budgetMs, end);
  return {
    remainingMinutes: metAt ? null : Math.round(remainingMs / 60_000),
    breached: metAt ? d.dueAt !== null && ms(metAt) > d.dueAt : d.dueAt !== null && now >= d.dueAt,
    explanation: explainDeadline(locale, d, { startLabel: { zh: '受理', en: 'Received' }, calendar, hours }),
  };
};

const yearsOf = (rows: readonly SlaFields[]) => {
  const ys = rows.flatMap((r) => [yearOf(localDateOf(ms(r.createdAt))), yearOf(localDateOf(ms(r.resolveStartAt)))]);
  return { from: Math.min(...ys), to: Math.max(...ys) };
};

/**
 * Recomputes the stored deadlines of some tickets (a pause, a reopen, a calendar change) in one
 * read of the tickets, one of their pauses, and batched writes.
 */
export const recomputeDeadlines = async (tx: Tx | Db, ticketIds: string[] | 'open'): Promise<number> => {
  let q = tx
    .selectFrom('ticket')
    .select(['id', 'createdAt', 'resolveStartAt', 'responseAmount', 'responseUnit', 'resolveAmount', 'resolveUnit', 'warnPercent', 'respondedAt', 'resolvedAt', 'responseDueAt', 'resolveDueAt', 'resolveWarnAt', 'dueProvisional'])
    .where('status', '!=', 'closed');
  if (ticketIds !== 'open') {
    if (!ticketIds.length) return 0;
    q = q.where('id', 'in', ticketIds);
  }
  const rows = await q.execute();
  if (!rows.length) return 0;
  const settings = await getSlaSettings(tx);
  const hours = workingHoursOf(settings);
  let changed = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const pauseRows = await tx.selectFrom('ticketPause').select(['ticketId', 'fromAt', 'toAt', 'reason']).where('ticketId', 'in', chunk.map((r) => r.id)).orderBy('fromAt').execute();
    const byTicket = new Map<string, PauseRow[]>();
    for (const p of pauseRows) byTicket.set(p.ticketId, [...(byTicket.get(p.ticketId) ?? []), p]);
    const updates = await withWorkCalendar(tx, yearsOf(chunk), (cal) =>
      chunk
        .map((r) => ({ r, d: ticketDeadlines(r, clockPauses(byTicket.get(r.id) ?? [], settings.pauseReasons), cal, hours) }))
        .filter(({ r, d }) => r.responseDueAt !== d.responseDueAt || r.resolveDueAt !== d.resolveDueAt || r.resolveWarnAt !== d.resolveWarnAt || Number(r.dueProvisional) !== d.dueProvisional),
    );
    if (!updates.length) continue;
    const ids = updates.map((u) => u.r.id);
    const caseOf = (pick: (d: TicketDeadlines) => string | number | null) =>
      sql`case id ${sql.join(updates.map(({ r, d }) => sql`when ${r.id} then ${pick(d)}`), sql` `)} end`;
    await tx
      .updateTable('ticket')
      .set({
        responseDueAt: caseOf((d) => d.responseDueAt) as never,
        resolveDueAt: caseOf((d) => d.resolveDueAt) as never,
        resolveWarnAt: caseOf((d) => d.resolveWarnAt) as never,
        dueProvisional: sql`cast(${caseOf((d) => d.dueProvisional)} as integer)` as never,
      })
      .where('id', 'in', ids)
      .execute();
    changed += updates.length;
  }
  return changed;
};
