/**
 * Periods as our users count them: calendar months and ISO weeks (Monday first, week 1 holds
 * the year's first Thursday) in the organisation's time zone. A visit at 23:30 Beijing time on
 * 30 November is a November visit although it is 15:30 UTC; one at 00:30 on 1 December is a
 * December visit although UTC still says 30 November. Every period boundary in Liaison comes
 * from here, as a half-open UTC range [from, to) that compares with the stored ISO text.
 *
 * Plain date arithmetic on purpose: a date library's global plugins can be re-registered by a
 * dependency (exceljs extends dayjs on load) and silently change week numbers. Beijing time has
 * no daylight saving since 1991, so it is a fixed offset; any other zone goes through Intl.
 */
export const ORG_TIMEZONE = 'Asia/Shanghai';

export type PeriodKind = 'month' | 'week';
export type Range = { from: string; to: string };

const DAY = 86_400_000;
const FIXED_OFFSET_MINUTES: Readonly<Record<string, number>> = { 'Asia/Shanghai': 480 };

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK_RE = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (tz: string) => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
};

/** Minutes the zone is ahead of UTC at an instant. */
const offsetAt = (t: number, tz: string): number => {
  const fixed = FIXED_OFFSET_MINUTES[tz];
  if (fixed !== undefined) return fixed;
  const p = Object.fromEntries(formatter(tz).formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
};

/** The wall clock in the zone as a UTC-shaped Date (read it with getUTC*). */
const wallClock = (at: Date | string, tz: string): Date => {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + offsetAt(t, tz) * 60_000);
};

/** The instant at which the zone's wall clock shows this date and time. */
const instantOf = (y: number, m: number, d: number, hh: number, mm: number, ss: number, tz: string): number => {
  const naive = Date.UTC(y, m - 1, d, hh, mm, ss);
  // Twice, so an offset that differs on the two sides of a transition settles.
  let t = naive - offsetAt(naive, tz) * 60_000;
  t = naive - offsetAt(t, tz) * 60_000;
  return t;
};

const iso = (t: number) => new Date(t).toISOString();
const parseDate = (date: string) => date.split('-').map(Number) as [number, number, number];

/** ISO week-numbering year and week of a calendar date. */
const isoWeekOf = (y: number, m: number, d: number): { year: number; week: number } => {
  const t = Date.UTC(y, m - 1, d);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  const thursday = t + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  return { year, week: 1 + Math.floor((thursday - week1Monday) / (7 * DAY)) };
};

/** The local calendar date, `YYYY-MM-DD`. */
export const localDate = (at: Date | string, tz = ORG_TIMEZONE): string => wallClock(at, tz).toISOString().slice(0, 10);
/** The local time of day, `HH:mm`. */
export const localTime = (at: Date | string, tz = ORG_TIMEZONE): string => wallClock(at, tz).toISOString().slice(11, 16);

/** `2026-11` */
export const monthKey = (at: Date | string, tz = ORG_TIMEZONE): string => localDate(at, tz).slice(0, 7);

/** `2026-W48`: the ISO week-numbering year, which differs from the calendar year around New Year. */
export const isoWeekKey = (at: Date | string, tz = ORG_TIMEZONE): string => {
  const { year, week } = isoWeekOf(...parseDate(localDate(at, tz)));
  return `${year}-W${pad(week)}`;
};

export const periodKey = (kind: PeriodKind, at: Date | string, tz = ORG_TIMEZONE): string => (kind === 'month' ? monthKey(at, tz) : isoWeekKey(at, tz));

export const isMonthKey = (key: string): boolean => MONTH_RE.test(key);

/** Whether `2026-W53` names a real week (a year has 53 when 28 December falls in week 53). */
export const isIsoWeekKey = (key: string): boolean => {
  const m = WEEK_RE.exec(key);
  if (!m) return false;
  return Number(m[2]) < 53 || isoWeekOf(Number(m[1]), 12, 28).week === 53;
};

export const isLocalDate = (s: string): boolean => {
  if (!DATE_RE.test(s)) return false;
  const [y, m, d] = parseDate(s);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
};

/** [first instant, first instant of the next month) of a month in the zone, as UTC ISO text. */
export const monthRange = (key: string, tz = ORG_TIMEZONE): Range => {
  if (!isMonthKey(key)) throw new RangeError(`not a month: ${key}`);
  const [y, m] = key.split('-').map(Number) as [number, number];
  const next = m === 12 ? [y + 1, 1] : [y, m + 1];
  return { from: iso(instantOf(y, m, 1, 0, 0, 0, tz)), to: iso(instantOf(next[0]!, next[1]!, 1, 0, 0, 0, tz)) };
};

/** Monday of an ISO week as `YYYY-MM-DD`. */
export const isoWeekMonday = (key: string): string => {
  if (!isIsoWeekKey(key)) throw new RangeError(`not an ISO week: ${key}`);
  const [y, w] = key.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (w - 1) * 7 * DAY;
  return new Date(monday).toISOString().slice(0, 10);
};

export const isoWeekRange = (key: string, tz = ORG_TIMEZONE): Range => {
  const monday = isoWeekMonday(key);
  return { from: dayRange(monday, tz).from, to: dayRange(addDays(monday, 7), tz).from };
};

export const periodRange = (kind: PeriodKind, key: string, tz = ORG_TIMEZONE): Range => (kind === 'month' ? monthRange(key, tz) : isoWeekRange(key, tz));

/** [00:00, next day 00:00) of a local date. */
export const dayRange = (date: string, tz = ORG_TIMEZONE): Range => {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  const [y, m, d] = parseDate(date);
  const [ny, nm, nd] = parseDate(addDays(date, 1));
  return { from: iso(instantOf(y, m, d, 0, 0, 0, tz)), to: iso(instantOf(ny, nm, nd, 0, 0, 0, tz)) };
};

/** The instant of a local date and time (`2026-11-23`, `09:00`) in the zone. */
export const atLocal = (date: string, time: string, tz = ORG_TIMEZONE): string => {
  const t = TIME_RE.exec(time);
  if (!isLocalDate(date) || !t) throw new RangeError(`not a local date and time: ${date} ${time}`);
  const [y, m, d] = parseDate(date);
  return iso(instantOf(y, m, d, Number(t[1]), Number(t[2]), Number(t[3] ?? 0), tz));
};

/** Adds whole local days to a local date. */
export const addDays = (date: string, n: number): string => {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
};

/** The period before or after: `shiftPeriod('month', '2026-01', -1)` is `2025-12`. */
export const shiftPeriod = (kind: PeriodKind, key: string, n: number): string => {
  if (kind === 'month') {
    if (!isMonthKey(key)) throw new RangeError(`not a month: ${key}`);
    const [y, m] = key.split('-').map(Number) as [number, number];
    const total = y * 12 + (m - 1) + n;
    return `${pad(Math.floor(total / 12), 4)}-${pad((total % 12) + 1)}`;
  }
  const { year, week } = isoWeekOf(...parseDate(addDays(isoWeekMonday(key), 7 * n)));
  return `${year}-W${pad(week)}`;
};

