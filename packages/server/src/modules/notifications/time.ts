/** Asia/Shanghai is UTC+8 all year (no daylight saving), so local time is a fixed offset. */
const OFFSET_MS = 8 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date (`YYYY-MM-DD`) and minute of the day in Asia/Shanghai. */
export const shanghai = (at: Date): { date: string; minute: number } => {
  const l = new Date(at.getTime() + OFFSET_MS);
  return { date: `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}`, minute: l.getUTCHours() * 60 + l.getUTCMinutes() };
};

export const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (minute: number): string => `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;

/** A local date plus n days. */
export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

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
