import { localDate, localTime } from '@liaison/shared';

// Local dates come from the one periods module (packages/shared/src/time/periods.ts); this file
// only adds the minute-of-day arithmetic quiet hours and digest times need.
const pad = (n: number) => String(n).padStart(2, '0');

export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (minute: number): string => `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;

/** The organisation's local date (`YYYY-MM-DD`) and minute of the day. */
export const shanghai = (at: Date): { date: string; minute: number } => ({ date: localDate(at), minute: minuteOf(localTime(at)) });

/** When quiet hours (`HH:mm-HH:mm`, may wrap midnight) end, if `at` falls inside them; else null. */
export const quietUntil = (quietHours: string | null, at: Date): Date | null => {
  if (!quietHours) return null;
  const [a, b] = quietHours.split('-') as [string, string];
  const start = minuteOf(a);
  const end = minuteOf(b);
  const { minute } = shanghai(at);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const wait = (end - minute + 1440) % 1440;
  const until = new Date(at.getTime() + wait * 60_000);
  until.setUTCSeconds(0, 0);
  return until;
};
