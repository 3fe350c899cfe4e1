import { addDays, DAY_MS, localDateOf, midnightOf, yearOf, type LocalDate } from './shanghai.js';

/**
 * Working-time arithmetic on the Chinese official calendar. Pure: it knows nothing of databases;
 * a `WorkCalendar` says what each date is, `WorkingHours` when a working day works.
 *
 * Rules, and where they come from:
 * - A working day is Monday–Friday unless the State Council's schedule makes it a public holiday,
 *   plus the weekend days it names as make-up working days 调休上班日; local exceptions by an
 *   admin go on top (the calendar object resolves all that; see calendar.store.ts).
 * - Deadlines in days follow the Civil Code 《民法典》: art. 201 — a period counted in days starts
 *   the day after the event ("开始的当日不计入"); art. 203 — if the last day is a statutory rest
 *   day the period ends on the first day after it, and where there are business hours the period
 *   ends when business stops ("有业务时间的，停止业务活动的时间为截止时间"), i.e. at the close of
 *   the working day. Statutory rest days include weekends (公休日).
 * - 24×7 deadlines ignore the calendar.
 * - While a ticket waits on the customer the clock stops; the time it stood still, measured on the
 *   deadline's own clock, is added back.
 */

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday' | 'localDayOff' | 'localWorkday';
export type DayName = { zh: string; en: string } | null;
export type DayInfo = {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** The holiday a public holiday or make-up day belongs to (春节), or the local exception's name. */
  name: DayName;
  /** The year's official schedule is not known yet; the day is guessed from the weekday. */
  provisional: boolean;
};
export type WorkCalendar = { day: (date: LocalDate) => DayInfo };

/** Working periods of a working day in minutes after midnight, e.g. [[540, 720], [840, 1080]]. */
export type WorkingHours = readonly (readonly [number, number])[];

export const slaUnits = ['workingHours', 'workingDays', 'naturalDays', 'naturalHours'] as const;
export type SlaUnit = (typeof slaUnits)[number];

/** The clock a unit runs on: working time for working hours and days, wall time otherwise. */
export const runsOnWorkingTime = (unit: SlaUnit): boolean => unit === 'workingHours' || unit === 'workingDays';

export type Pause = { from: number; to: number | null };

export type DeadlineInput = {
  /** When the clock starts (the ticket's intake), epoch ms. */
  start: number;
  amount: number;
  unit: SlaUnit;
  pauses?: readonly Pause[];
  calendar: WorkCalendar;
  hours: WorkingHours;
};

/** A run of consecutive days of one kind between the start and the deadline, for explanations. */
export type DaySpan = { from: LocalDate; to: LocalDate; days: number; kind: DayKind; name: DayName; usedMs: number; firstUsedAt: number | null; lastUsedAt: number | null };

export type Deadline = {
  unit: SlaUnit;
  amount: number;
  start: number;
  /** When the time runs out; null while the clock is paused (the remaining time is kept). */
  dueAt: number | null;
  /** The time allowed, on the deadline's clock. */
  budgetMs: number;
  /** Clock time during pauses (closed ones, and an open one up to its start). */
  pausedMs: number;
  /** Clock time left when the current pause began; null when running. */
  remainingAtPauseMs: number | null;
  /** Some day the deadline depends on lies in a year whose official schedule is not published. */
  provisional: boolean;
  provisionalYears: number[];
  /** Days from the start to the deadline, grouped, for the explanation. */
  spans: DaySpan[];
  pauses: { from: number; to: number | null; clockMs: number }[];
  /** naturalDays/workingDays: the day the count ends on, and (naturalDays) the rest days it rolled over. */
  countedDay: LocalDate | null;
  rolledFrom: LocalDate | null;
};

export class CalendarRangeError extends Error {
  constructor(readonly date: LocalDate) {
    super(`work calendar not loaded for ${date}`);
  }
}

/** Ten years of days: a deadline further than this is a configuration mistake, not a date. */
const MAX_DAYS = 3660;
const HOUR = 3_600_000;

type Clock = { natural: true } | { natural: false; calendar: WorkCalendar; hours: WorkingHours };

const workingClock = (calendar: WorkCalendar, hours: WorkingHours): Clock => ({ natural: false, calendar, hours });
const naturalClock: Clock = { natural: true };

/** The working periods of one date as epoch-ms intervals (none on a day off). */
export const periodsOn = (date: LocalDate, calendar: WorkCalendar, hours: WorkingHours): [number, number][] => {
  if (!calendar.day(date).working) return [];
  const m = midnightOf(date);
  return hours.map(([a, b]) => [m + a * 60_000, m + b * 60_000]);
};

/** When a working day closes (end of its last period), whether or not the date is working. */
export const closeOf = (date: LocalDate, hours: WorkingHours): number => midnightOf(date) + hours[hours.length - 1]![1] * 60_000;

/** Clock time in [from, to). */
const measure = (from: number, to: number, clock: Clock): number => {
  if (to <= from) return 0;
  if (clock.natural) return to - from;
  let total = 0;
  let date = localDateOf(from);
  const last = localDateOf(to);
  for (let i = 0; ; i++) {
    if (i > MAX_DAYS) throw new RangeError('working-time span longer than ten years');
    for (const [a, b] of periodsOn(date, clock.calendar, clock.hours)) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
    if (date === last) return total;
    date = addDays(date, 1);
  }
};

/** The earliest instant at which `ms` of clock time has run since `from`. */
const advance = (from: number, ms: number, clock: Clock): number => {
  if (ms <= 0) return from;
  if (clock.natural) return from + ms;
  let remaining = ms;
  let date = localDateOf(from);
  for (let i = 0; i <= MAX_DAYS; i++) {
    for (const [a, b] of periodsOn(date, clock.calendar, clock.hours)) {
      const s = Math.max(a, from);
      if (b <= s) continue;
      if (remaining <= b - s) return s + remaining;
      remaining -= b - s;
    }
    date = addDays(date, 1);
  }
  throw new RangeError('deadline more than ten years away');
};

/** Working time between two instants, e.g. a ticket's resolution time in working hours. */
export const workingMsBetween = (from: number, to: number, calendar: WorkCalendar, hours: WorkingHours, pauses: readonly Pause[] = []): number =>
  runningMs(from, to, pauses, workingClock(calendar, hours));

/** `hours` after `from` on a deadline's clock (escalation intervals). */
export const addClockHours = (from: number, hoursToAdd: number, unit: SlaUnit, calendar: WorkCalendar, hours: WorkingHours): number =>
  advance(from, hoursToAdd * HOUR, runsOnWorkingTime(unit) ? workingClock(calendar, hours) : naturalClock);

const sortedPauses = (pauses: readonly Pause[], start: number): Pause[] =>
  pauses
    .map((p) => ({ from: Math.max(p.from, start), to: p.to === null ? null : Math.max(p.to, start) }))
    .filter((p) => p.to === null || p.to > p.from)
    .sort((a, b) => a.from - b.from);

/** Clock time that ran in [from, to) outside the pauses. */
const runningMs = (from: number, to: number, pauses: readonly Pause[], clock: Clock): number => {
  let total = measure(from, to, clock);
  for (const p of sortedPauses(pauses, from)) {
    const end = p.to === null ? to : Math.min(p.to, to);
    if (p.from < to) total -= measure(p.from, end, clock);
  }
  return Math.max(0, total);
};

/**
 * Walks the clock from `start` through the pauses until `target` ms have run. Returns the
 * instant, or null if an open pause stops the clock first (with the time still to run).
 */
const walk = (start: number, target: number, pauses: readonly Pause[], clock: Clock): { at: number | null; remainingAtPause: number | null; pausedMs: number } => {
  let cursor = start;
  let remaining = target;
  let pausedMs = 0;
  for (const p of sortedPauses(pauses, start)) {
    if (p.from > cursor) {
      const ran = measure(cursor, p.from, clock);
      if (ran >= remaining) return { at: advance(cursor, remaining, clock), remainingAtPause: null, pausedMs };
      remaining -= ran;
      cursor = p.from;
    }
    if (p.to === null) return { at: null, remainingAtPause: remaining, pausedMs };
    if (p.to > cursor) {
      pausedMs += measure(cursor, p.to, clock);
      cursor = p.to;
    }
  }
  return { at: advance(cursor, remaining, clock), remainingAtPause: null, pausedMs };
};

const nextWorkingDay = (date: LocalDate, calendar: WorkCalendar, seen: DayInfo[]): LocalDate => {
  let d = date;
  for (let i = 0; i <= MAX_DAYS; i++) {
    const info = calendar.day(d);
    seen.push(info);
    if (info.working) return d;
    d = addDays(d, 1);
  }
  throw new RangeError('no working day within ten years');
};

/** Groups the days from `start` to `end` into spans of one kind, with the clock time used in each. */
const spansBetween = (start: number, end: number, pauses: readonly Pause[], calendar: WorkCalendar, hours: WorkingHours, natural: boolean): DaySpan[] => {
  const spans: DaySpan[] = [];
  const clock = natural ? naturalClock : workingClock(calendar, hours);
  let date = localDateOf(start);
  const last = localDateOf(Math.max(start, end - 1));
  for (let i = 0; i <= MAX_DAYS; i++) {
    const info = calendar.day(date);
    const dayStart = Math.max(midnightOf(date), start);
    const dayEnd = Math.min(midnightOf(date) + DAY_MS, end);
    const used = runningMs(dayStart, dayEnd, pauses, clock);
    let firstUsedAt: number | null = null;
    let lastUsedAt: number | null = null;
    if (!natural && used > 0) {
      const periods = periodsOn(date, calendar, hours).filter(([a, b]) => b > dayStart && a < dayEnd);
      firstUsedAt = Math.max(periods[0]![0], dayStart);
      lastUsedAt = Math.min(periods[periods.length - 1]![1], dayEnd);
    }
    const prev = spans[spans.length - 1];
    // Plain working days and weekends merge into runs; named days (holidays, make-up days,
    // local exceptions) merge only with the same name, so each shows why it counts or not.
    const mergeable = prev && prev.kind === info.kind && (prev.name?.zh ?? null) === (info.name?.zh ?? null) && prev.to === addDays(date, -1) && info.kind !== 'makeupWorkday' && info.kind !== 'localWorkday';
    if (mergeable) {
      prev.to = date;
      prev.days++;
      prev.usedMs += used;
      if (used > 0) {
        prev.firstUsedAt ??= firstUsedAt;
        prev.lastUsedAt = lastUsedAt;
      }
    } else spans.push({ from: date, to: date, days: 1, kind: info.kind, name: info.name, usedMs: used, firstUsedAt, lastUsedAt });
    if (date === last) return spans;
    date = addDays(date, 1);
  }
  return spans;
};

/**
 * The deadline for `amount` `unit`s from `start` on the calendar, with pauses, and everything
 * needed to explain it in words (explain.ts).
 */
export const computeDeadline = (input: DeadlineInput): Deadline => {
  const { start, amount, unit, calendar, hours } = input;
  if (!(amount > 0) || !Number.isFinite(amount)) throw new RangeError('amount must be positive');
  if (!hours.length) throw new RangeError('working hours must not be empty');
  const pauses = input.pauses ?? [];
  const natural = !runsOnWorkingTime(unit);
  const clock = natural ? naturalClock : workingClock(calendar, hours);
  const startDate = localDateOf(start);
  const checked: DayInfo[] = [];
  let budgetMs: number;
  let countedDay: LocalDate | null = null;
  let rolledFrom: LocalDate | null = null;

  switch (unit) {
    case 'workingHours':
    case 'naturalHours':
      budgetMs = amount * HOUR;
      break;
    case 'workingDays': {
      // Art. 201: the intake day does not count; the period ends at the close of the nth working day.
      let d = startDate;
      for (let n = 0; n < amount; ) {
        d = addDays(d, 1);
        const info = calendar.day(d);
        checked.push(info);
        if (info.working) n++;
        if (checked.length > MAX_DAYS) throw new RangeError('deadline more than ten years away');
      }
      countedDay = d;
      budgetMs = measure(start, closeOf(d, hours), clock);
      break;
    }
    case 'naturalDays': {
      // Art. 201 and 203: count from the next day; a last day that is a rest day rolls to the
      // first working day after it; the period ends when business stops that day.
      const last = addDays(startDate, amount);
      const end = nextWorkingDay(last, calendar, checked);
      if (end !== last) rolledFrom = last;
      countedDay = end;
      budgetMs = closeOf(end, hours) - start;
      break;
    }
  }

  const walked = walk(start, budgetMs, pauses, clock);
  let dueAt = walked.at;
  if (dueAt !== null && unit === 'naturalDays' && walked.pausedMs > 0) {
    // A pause moved the end: the rest-day rule applies again to the day it lands on.
    const landed = localDateOf(dueAt);
    const end = nextWorkingDay(landed, calendar, checked);
    if (end !== landed) {
      rolledFrom = landed;
      dueAt = closeOf(end, hours);
    }
    countedDay = localDateOf(dueAt);
  }

  const spanEnd = dueAt ?? Math.max(start, ...pauses.map((p) => p.from));
  const spans = spansBetween(start, spanEnd, pauses, calendar, hours, natural);
  const provisionalYears = new Set<number>();
  const consider = (info: DayInfo) => info.provisional && provisionalYears.add(yearOf(info.date));
  if (!natural) for (const s of spans) for (let d = s.from; ; d = addDays(d, 1)) {
    consider(calendar.day(d));
    if (d === s.to) break;
  }
  checked.forEach(consider);

  return {
    unit,
    amount,
    start,
    dueAt,
    budgetMs,
    pausedMs: walked.pausedMs,
    remainingAtPauseMs: walked.remainingAtPause,
    provisional: provisionalYears.size > 0,
    provisionalYears: [...provisionalYears].sort(),
    spans,
    pauses: sortedPauses(pauses, start).map((p) => ({ from: p.from, to: p.to, clockMs: measure(p.from, p.to ?? p.from, clock) })),
    countedDay,
    rolledFrom,
  };
};

/**
 * How far a deadline's clock has run at `now`: elapsed and remaining clock time. The remaining
 * time is negative after a breach.
 */
export const clockProgress = (input: DeadlineInput, budgetMs: number, now: number): { elapsedMs: number; remainingMs: number } => {
  const clock = runsOnWorkingTime(input.unit) ? workingClock(input.calendar, input.hours) : naturalClock;
  const elapsedMs = runningMs(input.start, now, input.pauses ?? [], clock);
  return { elapsedMs, remainingMs: budgetMs - elapsedMs };
};

/**
 * When `fraction` of the budget has run (the near-breach warning at 80 %), or null while a pause
 * stops the clock before that.
 */
export const instantAtFraction = (input: DeadlineInput, budgetMs: number, fraction: number): number | null => {
  const clock = runsOnWorkingTime(input.unit) ? workingClock(input.calendar, input.hours) : naturalClock;
  return walk(input.start, Math.round(budgetMs * fraction), input.pauses ?? [], clock).at;
};

/** Parses `09:00-12:00,14:00-18:00` into working hours; null when malformed or overlapping. */
export const parseWorkingHours = (text: string): WorkingHours | null => {
  const parts = text.split(/[,，;；\s]+/).filter(Boolean);
  const out: [number, number][] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})[-–~](\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    const a = Number(m[1]) * 60 + Number(m[2]);
    const b = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || a >= b || b > 1440) return null;
    if (out.length && a < out[out.length - 1]![1]) return null;
    out.push([a, b]);
  }
  return out.length ? out : null;
};
