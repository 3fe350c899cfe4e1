import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/schema.js';
import { toIso } from '../db/dialect.js';
import { lockNamed, transaction } from '../db/transaction.js';
import { buildCalendar, type LocalException, type OfficialDay } from './calendar.js';
import { readPackageCalendar } from './officialSource.js';
import { addDays, isWeekend, yearOf, type LocalDate } from './shanghai.js';
import { CalendarRangeError, type DayKind, type WorkCalendar } from './workingTime.js';

/** Package years before this are not loaded: no open deadline reaches back that far. */
export const CALENDAR_FROM_YEAR = 2020;

export type LoadedCalendar = WorkCalendar & { fromYear: number; toYear: number };

/** The calendar for whole years `fromYear`–`toYear`, from the day table and the exceptions. */
export const loadWorkCalendar = async (db: Db | Tx, fromYear: number, toYear: number): Promise<LoadedCalendar> => {
  const [days, exceptions, years] = await Promise.all([
    db.selectFrom('workCalendarDay').select(['date', 'kind', 'nameZh', 'nameEn']).where('year', '>=', fromYear).where('year', '<=', toYear).where('kind', 'in', ['holiday', 'makeupWorkday']).execute(),
    db.selectFrom('workCalendarException').select(['date', 'working', 'name']).where('date', '>=', `${fromYear}-01-01`).where('date', '<=', `${toYear}-12-31`).execute(),
    db.selectFrom('workCalendarYear').select('year').execute(),
  ]);
  const official = new Map<LocalDate, OfficialDay>(
    days.map((d) => [d.date, { date: d.date, kind: d.kind as OfficialDay['kind'], name: d.nameZh ? { zh: d.nameZh, en: d.nameEn ?? d.nameZh } : null }]),
  );
  const ex = new Map<LocalDate, LocalException>(exceptions.map((e) => [e.date, { date: e.date, working: Number(e.working) === 1, name: e.name }]));
  const cal = buildCalendar({ official, publishedYears: new Set(years.map((y) => Number(y.year))), exceptions: ex, years: { from: fromYear, to: toYear } });
  return { ...cal, fromYear, toYear };
};

/**
 * Runs `fn` with a calendar covering `years`, widening the loaded range when the arithmetic walks
 * past it (a long pause, a deadline across New Year).
 */
export const withWorkCalendar = async <T>(db: Db | Tx, years: { from: number; to: number }, fn: (cal: WorkCalendar) => T): Promise<T> => {
  let from = years.from;
  let to = years.to + 1;
  for (let i = 0; i < 6; i++) {
    const cal = await loadWorkCalendar(db, from, to);
    try {
      return fn(cal);
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
      const y = yearOf(err.date);
      if (y < from) from = y;
      else to = y + 1;
    }
  }
  throw new Error('work calendar range did not settle');
};

type DayRow = { date: string; year: number; working: number; kind: DayKind; nameZh: string | null; nameEn: string | null; source: string };

/** Every day of `year` as the official schedule makes it, each row naming its source. */
export const officialYearRows = (year: number, official: ReadonlyMap<LocalDate, OfficialDay>, source: string): DayRow[] => {
  const rows: DayRow[] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) {
    const o = official.get(d);
    const weekend = isWeekend(d);
    const kind: DayKind = o ? o.kind : weekend ? 'weekend' : 'workday';
    rows.push({ date: d, year, working: kind === 'makeupWorkday' || kind === 'workday' ? 1 : 0, kind, nameZh: o?.name?.zh ?? null, nameEn: o?.name?.en ?? null, source });
  }
  return rows;
};

const checksumOf = (rows: DayRow[]) => createHash('sha256').update(JSON.stringify(rows.map((r) => [r.date, r.kind, r.nameZh]))).digest('hex');

/**
 * Writes a year's official schedule (package or approved import) as one row per day. Returns
 * whether anything changed. Callers hold the year row lock (see `lockYear`).
 */
export const writeOfficialYear = async (tx: Tx, year: number, rows: DayRow[], source: string, papers: string[], at: Date): Promise<boolean> => {
  const checksum = checksumOf(rows);
  const current = await tx.selectFrom('workCalendarYear').select(['checksum', 'source']).where('year', '=', year).executeTakeFirst();
  if (current && current.checksum === checksum && current.source === source) return false;
  await tx.deleteFrom('workCalendarDay').where('year', '=', year).execute();
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('workCalendarDay').values(rows.slice(i, i + 200)).execute();
  await tx
    .insertInto('workCalendarYear')
    .values({ year, source, papers: JSON.stringify(papers), checksum, loadedAt: toIso(at) })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, papers: JSON.stringify(papers), checksum, loadedAt: toIso(at) }))
    .execute();
  return true;
};

/** Serialises writers of one year across app instances. */
const lockYear = (tx: Tx, year: number) => lockNamed(tx, 'workCalendarYear', year);

/**
 * Loads the installed package's years into the day table at start-up. A year an admin imported
 * (and a second admin approved) is left alone; a new or corrected package year is written.
 * Returns the years that changed, whose open deadlines must be recomputed.
 */
export const syncPackageCalendar = async (db: Db, at: Date): Promise<number[]> => {
  const pkg = readPackageCalendar();
  const source = `${pkg.source}@${pkg.version}`;
  const official = new Map<LocalDate, OfficialDay>(pkg.years.flatMap((y) => y.days).map((d) => [d.date, d]));
  const changed: number[] = [];
  const existing = new Map((await db.selectFrom('workCalendarYear').select(['year', 'source', 'checksum']).execute()).map((y) => [Number(y.year), y]));
  for (const { year } of pkg.years) {
    if (year < CALENDAR_FROM_YEAR) continue;
    const rows = officialYearRows(year, official, source);
    const have = existing.get(year);
    if (have && (have.source.startsWith('import:') || (have.checksum === checksumOf(rows) && have.source === source))) continue;
    const wrote = await transaction(db, async (tx) => {
      await lockYear(tx, year);
      const now = await tx.selectFrom('workCalendarYear').select('source').where('year', '=', year).executeTakeFirst();
      if (now?.source.startsWith('import:')) return false;
      return writeOfficialYear(tx, year, rows, source, [], at);
    });
    if (wrote) changed.push(year);
  }
  return changed;
};

export { lockYear };

/** The year's days for the settings page: official, exception or guessed, each with its source. */
export const describeYear = async (db: Db | Tx, year: number, locale: 'zh-CN' | 'en-US' = 'zh-CN') => {
  const [rows, exceptions, yearRow] = await Promise.all([
    db.selectFrom('workCalendarDay').selectAll().where('year', '=', year).orderBy('date').execute(),
    db.selectFrom('workCalendarException').select(['id', 'date', 'working', 'name']).where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute(),
    db.selectFrom('workCalendarYear').selectAll().where('year', '=', year).executeTakeFirst(),
  ]);
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const exByDate = new Map(exceptions.map((e) => [e.date, e]));
  const days = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) {
    const ex = exByDate.get(d);
    const r = byDate.get(d);
    if (ex) days.push({ date: d, working: Number(ex.working) === 1, kind: (Number(ex.working) === 1 ? 'localWorkday' : 'localDayOff') as DayKind, name: ex.name, provisional: false, source: `exception:${ex.id}` });
    else if (r) days.push({ date: d, working: Number(r.working) === 1, kind: r.kind as DayKind, name: locale === 'en-US' ? (r.nameEn ?? r.nameZh) : r.nameZh, provisional: false, source: r.source });
    else days.push({ date: d, working: !isWeekend(d), kind: (isWeekend(d) ? 'weekend' : 'workday') as DayKind, name: null, provisional: !yearRow, source: 'weekday' });
  }
  return { yearRow, days };
};
