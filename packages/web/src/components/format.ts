import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** Business times read in China time wherever the browser is (SPEC: Asia/Shanghai). */
export const BUSINESS_TIMEZONE = 'Asia/Shanghai';
// sv-SE formats as "2026-12-02 08:34:50", the shape used on every page.
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: BUSINESS_TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export const formatDateTime = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d).replace('T', ' ');
};
export const fromNow = (iso: string | null | undefined): string => (iso ? dayjs(iso).fromNow() : '');
