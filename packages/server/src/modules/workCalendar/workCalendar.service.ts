import type { Locale, TWorkCalendarException, TWorkCalendarImport, TWorkCalendarYear } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { bool, newId, toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import { transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { recordAudit } from '../auditLog/audit.js';
import { describeYear, lockYear, officialYearRows, writeOfficialYear } from '../../calendar/calendar.store.js';
import type { OfficialDay } from '../../calendar/calendar.js';
import { isLocalDate, isWeekend, yearOf } from '../../calendar/shanghai.js';
import { recomputeDeadlines } from '../tickets/ticket.sla.js';

const mayRead = (auth: Auth) => {
  if (!auth.grants.has('ticket.read') && !auth.grants.has('sla.manage')) throw new AppError('permission_denied');
};

const presentException = (r: { id: string; date: string; working: number; name: string; note: string | null; createdByName: string | null; version: number; createdAt: string }): TWorkCalendarException => ({
  id: r.id,
  date: r.date,
  working: bool(r.working),
  name: r.name,
  note: r.note,
  createdByName: r.createdByName,
  version: Number(r.version),
  createdAt: r.createdAt,
});

const exceptionRows = (tx: Tx) =>
  tx
    .selectFrom('workCalendarException')
    .leftJoin('appUser', 'appUser.id', 'workCalendarException.createdBy')
    .select([
      'workCalendarException.id',
      'workCalendarException.date',
      'workCalendarException.working',
      'workCalendarException.name',
      'workCalendarException.note',
      'appUser.displayName as createdByName',
      'workCalendarException.version',
      'workCalendarException.createdAt',
    ]);

const importRows = (tx: Tx) =>
  tx
    .selectFrom('workCalendarImport')
    .leftJoin('appUser as creator', 'creator.id', 'workCalendarImport.createdBy')
    .leftJoin('appUser as decider', 'decider.id', 'workCalendarImport.decidedBy')
    .selectAll('workCalendarImport')
    .select(['creator.displayName as createdByName', 'decider.displayName as decidedByName']);

const presentImport = (r: Awaited<ReturnType<ReturnType<typeof importRows>['execute']>>[number]): TWorkCalendarImport => ({
  id: r.id,
  year: Number(r.year),
  papers: JSON.parse(r.papers) as string[],
  days: JSON.parse(r.days) as TWorkCalendarImport['days'],
  status: r.status,
  createdBy: r.createdBy,
  createdByName: r.createdByName ?? null,
  createdAt: r.createdAt,
  decidedByName: r.decidedByName ?? null,
  decidedAt: r.decidedAt,
  comment: r.comment,
  version: Number(r.version),
});

/** A year of the working calendar as the settings page shows it, with where each day comes from. */
export const getWorkCalendarYear = async (ctx: AppContext, auth: Auth, year: number, locale: Locale): Promise<TWorkCalendarYear> => {
  mayRead(auth);
  const { yearRow, days } = await describeYear(ctx.db, year, locale);
  const exceptions = await exceptionRows(ctx.db).where('workCalendarException.date', '>=', `${year}-01-01`).where('workCalendarException.date', '<=', `${year}-12-31`).orderBy('workCalendarException.date').execute();
  const imports = await importRows(ctx.db).where('workCalendarImport.year', '=', year).orderBy('workCalendarImport.createdAt', 'desc').execute();
  const published = await ctx.db.selectFrom('workCalendarYear').select('year').orderBy('year').execute();
  return {
    year,
    status: yearRow ? 'published' : 'provisional',
    source: yearRow?.source ?? null,
    papers: yearRow ? (JSON.parse(yearRow.papers) as string[]) : [],
    loadedAt: yearRow?.loadedAt ?? null,
    days,
    exceptions: exceptions.map(presentException),
    imports: imports.map(presentImport),
    publishedYears: published.map((p) => Number(p.year)),
  };
};

const checkDate = (date: string) => {
  if (!isLocalDate(date)) throw invalid('date', 'invalid_date');
};

/** Open deadlines that a calendar change can move are recomputed in the same transaction. */
const recomputeOpen = (tx: Tx) => recomputeDeadlines(tx, 'open');

export const createException = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { date: string; working: boolean; name: string; note?: string | null }) => {
  requirePermission(auth, 'sla.manage');
  checkDate(input.date);
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const exists = await tx.selectFrom('workCalendarException').select('id').where('date', '=', input.date).executeTakeFirst();
    if (exists) throw new AppError('conflict', [{ path: 'date', key: 'exception_exists' }]);
    const id = newId();
    await tx
      .insertInto('workCalendarException')
      .values({ id, date: input.date, working: input.working ? 1 : 0, name: input.name, note: input.note ?? null, createdBy: auth.userId, version: 1, createdAt: toIso(now), updatedAt: toIso(now) })
      .execute();
    const recomputed = await recomputeOpen(tx);
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'workCalendarException', entityId: id, detail: { date: input.date, working: input.working, name: input.name, recomputed } });
    return presentException((await exceptionRows(tx).where('workCalendarException.id', '=', id).executeTakeFirstOrThrow()));
  });
};

export const updateException = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: { version: number; working?: boolean; name?: string; note?: string | null }) => {
  requirePermission(auth, 'sla.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('workCalendarException').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const patch: Record<string, unknown> = {};
    if (input.working !== undefined) patch.working = input.working ? 1 : 0;
    if (input.name !== undefined) patch.name = input.name;
    if (input.note !== undefined) patch.note = input.note;
    await updateVersioned(tx, 'workCalendarException', id, input.version, patch, toIso(now));
    const recomputed = input.working !== undefined ? await recomputeOpen(tx) : 0;
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'workCalendarException', entityId: id, detail: { date: before.date, ...patch, recomputed } });
    return presentException((await exceptionRows(tx).where('workCalendarException.id', '=', id).executeTakeFirstOrThrow()));
  });
};

export const deleteException = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, version: number) => {
  requirePermission(auth, 'sla.manage');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('workCalendarException').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const res = await tx.deleteFrom('workCalendarException').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new AppError('version_conflict');
    const recomputed = await recomputeOpen(tx);
    await recordAudit(tx, now, auth, meta, { action: 'delete', entity: 'workCalendarException', entityId: id, detail: { date: before.date, name: before.name, recomputed } });
  });
};

/** An admin records the State Council notice for a year; it counts only once a second admin approves. */
export const createImport = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { year: number; papers?: string[]; days: { date: string; name: string; isOffDay: boolean }[] }) => {
  requirePermission(auth, 'sla.manage');
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!isLocalDate(d.date)) throw invalid(`days.${i}.date`, 'invalid_date');
    if (yearOf(d.date) !== input.year) throw invalid(`days.${i}.date`, 'day_outside_year');
    if (seen.has(d.date)) throw invalid(`days.${i}.date`, 'duplicate_day');
    seen.add(d.date);
  });
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const id = newId();
    await tx
      .insertInto('workCalendarImport')
      .values({ id, year: input.year, papers: JSON.stringify(input.papers ?? []), days: JSON.stringify([...input.days].sort((a, b) => a.date.localeCompare(b.date))), status: 'pending', createdBy: auth.userId, createdAt: toIso(now), decidedBy: null, decidedAt: null, comment: null, version: 1, updatedAt: toIso(now) })
      .execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'workCalendarImport', entityId: id, detail: { year: input.year, days: input.days.length, papers: input.papers ?? [] } });
    return presentImport(await importRows(tx).where('workCalendarImport.id', '=', id).executeTakeFirstOrThrow());
  });
};

export const decideImport = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: { version: number; approved: boolean; comment?: string }) => {
  requirePermission(auth, 'sla.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const imp = await tx.selectFrom('workCalendarImport').selectAll().where('id', '=', id).executeTakeFirst();
    if (!imp) throw new AppError('not_found');
    if (imp.createdBy === auth.userId) throw new AppError('permission_denied', [{ path: '', key: 'self_approval' }]);
    if (Number(imp.version) !== input.version) throw new AppError('version_conflict');
    if (imp.status !== 'pending') throw new AppError('invalid_state', [{ path: '', key: 'already_decided' }]);
    await updateVersioned(tx, 'workCalendarImport', id, input.version, { status: input.approved ? 'approved' : 'rejected', decidedBy: auth.userId, decidedAt: toIso(now), comment: input.comment ?? null }, toIso(now));
    let recomputed = 0;
    if (input.approved) {
      const year = Number(imp.year);
      const days = JSON.parse(imp.days) as { date: string; name: string; isOffDay: boolean }[];
      const official = new Map<string, OfficialDay>(
        days
          // A working day named in a notice is a make-up day only on a weekend; a weekday stays a weekday.
          .filter((d) => d.isOffDay || isWeekend(d.date))
          .map((d) => [d.date, { date: d.date, kind: d.isOffDay ? 'holiday' : 'makeupWorkday', name: { zh: d.name, en: d.name } }]),
      );
      await lockYear(tx, year);
      const source = `import:${id}`;
      await writeOfficialYear(tx, year, officialYearRows(year, official, source), source, JSON.parse(imp.papers) as string[], now);
      recomputed = await recomputeOpen(tx);
    }
    await recordAudit(tx, now, auth, meta, { action: input.approved ? 'approve' : 'reject', entity: 'workCalendarImport', entityId: id, detail: { year: Number(imp.year), recomputed, comment: input.comment ?? null } });
    return presentImport(await importRows(tx).where('workCalendarImport.id', '=', id).executeTakeFirstOrThrow());
  });
};
