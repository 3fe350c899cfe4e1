import { isWeekend, yearOf, type LocalDate } from './shanghai.js';
import { CalendarRangeError, type DayInfo, type DayName, type WorkCalendar } from './workingTime.js';

/** A day as an official schedule (package or approved import) states it. */
export type OfficialDay = { date: LocalDate; kind: 'holiday' | 'makeupWorkday'; name: DayName };
/** A company's own day off or extra working day, on top of the official calendar. */
export type LocalException = { date: LocalDate; working: boolean; name: string };

/**
 * Resolves each date in three layers: a local exception, else the official schedule of a
 * published year, else the weekday rule — provisional when the year's schedule is unknown
 * (some packages silently give Monday–Friday for a year they lack; we say so instead).
 */
export const buildCalendar = (opts: {
  official: ReadonlyMap<LocalDate, OfficialDay>;
  publishedYears: ReadonlySet<number>;
  exceptions?: ReadonlyMap<LocalDate, LocalException>;
  /** Years loaded; asking outside them throws CalendarRangeError so the caller loads more. */
  years?: { from: number; to: number };
}): WorkCalendar => {
  const cache = new Map<LocalDate, DayInfo>();
  return {
    day: (date) => {
      const hit = cache.get(date);
      if (hit) return hit;
      const year = yearOf(date);
      if (opts.years && (year < opts.years.from || year > opts.years.to)) throw new CalendarRangeError(date);
      const ex = opts.exceptions?.get(date);
      const official = opts.official.get(date);
      const weekend = isWeekend(date);
      let info: DayInfo;
      if (ex) info = { date, working: ex.working, kind: ex.working ? 'localWorkday' : 'localDayOff', name: { zh: ex.name, en: ex.name }, provisional: false };
      else if (official) info = { date, working: official.kind === 'makeupWorkday', kind: official.kind, name: official.name, provisional: false };
      else info = { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, provisional: !opts.publishedYears.has(year) };
      cache.set(date, info);
      return info;
    },
  };
};
