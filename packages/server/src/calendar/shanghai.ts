/**
 * Local dates and times in Asia/Shanghai as plain arithmetic on a fixed UTC+8 offset.
 *
 * Why a fixed offset and not a time-zone library: China has observed no daylight saving time
 * since 1991 (the State Council ended it after the 1991 summer), so every instant Liaison stores
 * (2000 onwards) maps to Shanghai time by adding eight hours. The working-time arithmetic walks
 * thousands of days per deadline; string-parsing a zone database for each would cost without
 * changing one answer.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A calendar date in Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch milliseconds of Shanghai midnight starting `date`. */
export const midnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS;

/** The Shanghai date an instant falls on. */
export const localDateOf = (ms: number): LocalDate => new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** The date `n` days after `date` (negative for before). */
export const addDays = (date: LocalDate, n: number): LocalDate => new Date(Date.parse(`${date}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday, as `Date.getUTCDay`. */
export const weekdayOf = (date: LocalDate): number => new Date(`${date}T00:00:00.000Z`).getUTCDay();

export const isWeekend = (date: LocalDate): boolean => {
  const d = weekdayOf(date);
  return d === 0 || d === 6;
};

export const yearOf = (date: LocalDate): number => Number(date.slice(0, 4));

/** Minutes after Shanghai midnight, e.g. 16:00 → 960. */
export const minuteOfDay = (ms: number): number => Math.floor((ms - midnightOf(localDateOf(ms))) / 60_000);

/** `HH:mm` of minutes after midnight. */
export const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** `HH:mm` of an instant in Shanghai. */
export const timeOf = (ms: number): string => {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

/** A strict `YYYY-MM-DD` that names a real date. */
export const isLocalDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00.000Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
};

/** Whole Shanghai date and time, `YYYY-MM-DD HH:mm`, for tests and logs. */
export const formatLocal = (ms: number): string => `${localDateOf(ms)} ${timeOf(ms)}`;

/** An instant from a Shanghai wall-clock time, `2026-02-13 16:00` or `2026-02-13T16:00`. */
export const fromLocal = (s: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) throw new Error(`not a local time: ${s}`);
  return midnightOf(m[1]!) + (Number(m[2]) * 60 + Number(m[3])) * 60_000 + Number(m[4] ?? 0) * 1000;
};
