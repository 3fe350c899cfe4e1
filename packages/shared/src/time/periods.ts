import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import isoWeek from 'dayjs/plugin/isoWeek.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);

/**
 * Periods as our users count them: calendar months and ISO weeks (Monday first, week 1 holds
 * the year's first Thursday) in the organisation's time zone. A visit at 23:30 Beijing time on
 * 30 November is a November visit although it is 15:30 UTC; one at 00:30 on 1 December is a
 * December visit although UTC still says 30 November. Every period boundary in Liaison comes
 * from here, as a half-open UTC range [from, to) that compares with the stored ISO text.
 */
export const ORG_TIMEZONE = 'Asia/Shanghai';

export type PeriodKind = 'month' | 'week';
export type Range = { from: string; to: string };

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK_RE = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Zones whose offset never changes: China has kept UTC+8 without daylight saving since 1991, so
 * Beijing time is plain arithmetic. dayjs' general time-zone path asks Intl on every call
 * (~0.4 ms), which a year of demo visits or a bulk import would pay hundreds of thousands of times.
 */
const FIXED_OFFSET_MINUTES: Readonly<Record<string, number>> = { 'Asia/Shanghai': 480 };

const local = (at: Date | string, tz: string) => {
  const fixed = FIXED_OFFSET_MINUTES[tz];
  return fixed === undefined ? dayjs(at).tz(tz) : dayjs(at).utcOffset(fixed);
};
/** A wall-clock `YYYY-MM-DD HH:mm[:ss]` in the zone, as an instant. */
const wall = (text: string, tz: string) => {
  const fixed = FIXED_OFFSET_MINUTES[tz];
  return fixed === undefined ? dayjs.tz(text, tz) : dayjs.utc(text).subtract(fixed, 'minute');
};
const iso = (d: dayjs.Dayjs) => d.toDate().toISOString();

/** The local calendar date, `YYYY-MM-DD`. */
export const localDate = (at: Date | string, tz = ORG_TIMEZONE): string => local(at, tz).format('YYYY-MM-DD');
/** The local time of day, `HH:mm`. */
export const localTime = (at: Date | string, tz = ORG_TIMEZONE): string => local(at, tz).format('HH:mm');

/** `2026-11` */
export const monthKey = (at: Date | string, tz = ORG_TIMEZONE): string => local(at, tz).format('YYYY-MM');

/** `2026-W48`: the ISO week-numbering year, which differs from the calendar year around New Year. */
export const isoWeekKey = (at: Date | string, tz = ORG_TIMEZONE): string => {
  const d = local(at, tz);
  return `${d.isoWeekYear()}-W${String(d.isoWeek()).padStart(2, '0')}`;
};

export const periodKey = (kind: PeriodKind, at: Date | string, tz = ORG_TIMEZONE): string =>
  kind === 'month' ? monthKey(at, tz) : isoWeekKey(at, tz);

export const isMonthKey = (key: string): boolean => MONTH_RE.test(key);

/** Whether `2026-W53` names a real week (only years starting or, if leap, ending on Thursday have 53). */
export const isIsoWeekKey = (key: string): boolean => {
  const m = WEEK_RE.exec(key);
  if (!m) return false;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 53) return true;
  // 28 December is always in the year's last ISO week.
  return dayjs.utc(`${year}-12-28`).isoWeek() === 53;
};

export const isLocalDate = (s: string): boolean => DATE_RE.test(s) && dayjs.utc(s).format('YYYY-MM-DD') === s;

/** [first instant, first instant of the next month) of a month in the zone, as UTC ISO text. */
export const monthRange = (key: string, tz = ORG_TIMEZONE): Range => {
  if (!isMonthKey(key)) throw new RangeError(`not a month: ${key}`);
  const start = wall(`${key}-01 00:00:00`, tz);
  return { from: iso(start), to: iso(wall(dayjs.utc(`${key}-01`).add(1, 'month').format('YYYY-MM-DD 00:00:00'), tz)) };
};

/** Monday of an ISO week as `YYYY-MM-DD`. */
export const isoWeekMonday = (key: string): string => {
  if (!isIsoWeekKey(key)) throw new RangeError(`not an ISO week: ${key}`);
  const [y, w] = key.split('-W').map(Number) as [number, number];
  // The Monday of week 1 is the Monday on or before 4 January.
  const jan4 = dayjs.utc(`${y}-01-04`);
  return jan4.subtract(jan4.isoWeekday() - 1, 'day').add(w - 1, 'week').format('YYYY-MM-DD');
};

export const isoWeekRange = (key: string, tz = ORG_TIMEZONE): Range => {
  const monday = isoWeekMonday(key);
  const start = wall(`${monday} 00:00:00`, tz);
  const nextMonday = dayjs.utc(monday).add(7, 'day').format('YYYY-MM-DD');
  return { from: iso(start), to: iso(wall(`${nextMonday} 00:00:00`, tz)) };
};

export const periodRange = (kind: PeriodKind, key: string, tz = ORG_TIMEZONE): Range =>
  kind === 'month' ? monthRange(key, tz) : isoWeekRange(key, tz);

/** [00:00, next day 00:00) of a local date. */
export const dayRange = (date: string, tz = ORG_TIMEZONE): Range => {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  const next = dayjs.utc(date).add(1, 'day').format('YYYY-MM-DD');
  return { from: iso(wall(`${date} 00:00:00`, tz)), to: iso(wall(`${next} 00:00:00`, tz)) };
};

/** The instant of a local date and time (`2026-11-23`, `09:00`) in the zone. */
export const atLocal = (date: string, time: string, tz = ORG_TIMEZONE): string => iso(wall(`${date} ${time}`, tz));

/** Adds whole local days to a local date. */
export const addDays = (date: string, n: number): string => dayjs.utc(date).add(n, 'day').format('YYYY-MM-DD');

/** The period before or after: `shiftPeriod('month', '2026-01', -1)` is `2025-12`. */
export const shiftPeriod = (kind: PeriodKind, key: string, n: number): string => {
  if (kind === 'month') {
    if (!isMonthKey(key)) throw new RangeError(`not a month: ${key}`);
    return dayjs.utc(`${key}-01`).add(n, 'month').format('YYYY-MM');
  }
  const monday = dayjs.utc(isoWeekMonday(key)).add(n, 'week');
  return `${monday.isoWeekYear()}-W${String(monday.isoWeek()).padStart(2, '0')}`;
};
