import { Lunar, LunarYear } from 'lunar-typescript';

export type CalendarDate = { calendar: 'solar' | 'lunar'; month: number; day: number; leapMonth?: boolean };

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Whether a solar month/day (with optional year) exists; 2-29 is allowed without a year. */
export const isRealSolarDate = (month: number, day: number, year?: number | null): boolean => {
  const y = year ?? 2024;
  const d = new Date(Date.UTC(y, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
};

/**
 * The solar date of a lunar month/day in a lunar year, following common practice: a 30th in a
 * 29-day month falls on the 29th; a leap-month date in a year without that leap month falls in
 * the ordinary month.
 */
const lunarToSolar = (lunarYear: number, month: number, day: number, leap: boolean): string => {
  const year = LunarYear.fromYear(lunarYear);
  const useLeap = leap && year.getLeapMonth() === month;
  const m = year.getMonth(useLeap ? -month : month);
  const lastDay = m ? m.getDayCount() : 29;
  return Lunar.fromYmd(lunarYear, useLeap ? -month : month, Math.min(day, lastDay)).getSolar().toYmd();
};

/** The next solar date (today or later, in China's time zone) on which the date falls. */
export const nextOccurrence = (date: CalendarDate, today: Date): string => {
  // China has one time zone, UTC+8, with no daylight saving.
  const local = new Date(today.getTime() + 8 * 3_600_000);
  const todayStr = ymd(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  const y = local.getUTCFullYear();
  for (const year of [y - 1, y, y + 1, y + 2]) {
    let candidate: string;
    if (date.calendar === 'lunar') candidate = lunarToSolar(year, date.month, date.day, Boolean(date.leapMonth));
    else if (date.month === 2 && date.day === 29 && !isRealSolarDate(2, 29, year)) candidate = ymd(year, 2, 28);
    else candidate = ymd(year, date.month, date.day);
    if (candidate >= todayStr) return candidate;
  }
  throw new Error('no next occurrence');
};
