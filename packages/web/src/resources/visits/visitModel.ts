import { isoWeekKey, isoWeekRange, localDate, localTime, monthKey, monthRange, type TComplianceState, type TVisitMethod } from '@liaison/shared';

const DAY = 86_400_000;

/** Whole days from `since` to `now` (never negative). */
export const daysBetween = (since: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY));

/** Where a customer stands for one requirement, from its stored due time (as the server reckons it). */
export const dueState = (dueAt: string | null, now: Date, kind: 'onsite' | 'phone'): TComplianceState => {
  if (!dueAt) return 'none';
  if (Date.parse(dueAt) <= now.getTime()) return 'overdue';
  const periodEnd = kind === 'onsite' ? monthRange(monthKey(now)).to : isoWeekRange(isoWeekKey(now)).to;
  return dueAt <= periodEnd ? 'due' : 'met';
};

export type DueTag = { kind: 'onsite' | 'phone'; state: TComplianceState; days: number; dueAt: string | null };

/** The two requirements of a customer as tags, the overdue first. */
export const dueTags = (c: { onsiteDueAt: string | null; phoneDueAt: string | null }, now: Date): DueTag[] =>
  (
    [
      { kind: 'onsite' as const, dueAt: c.onsiteDueAt },
      { kind: 'phone' as const, dueAt: c.phoneDueAt },
    ] as const
  )
    .map((r) => ({ ...r, state: dueState(r.dueAt, now, r.kind), days: r.dueAt ? daysBetween(r.dueAt, now) : 0 }))
    .filter((r) => r.state !== 'none')
    .sort((a, b) => (a.state === 'overdue' ? 0 : 1) - (b.state === 'overdue' ? 0 : 1) || b.days - a.days);

/** The method a quick log starts with: what is due first (on-site wins a tie), else on-site. */
export const presetMethod = (c: { onsiteDueAt: string | null; phoneDueAt: string | null } | null, now: Date): TVisitMethod => {
  if (!c) return 'onsite';
  const onsite = dueState(c.onsiteDueAt, now, 'onsite');
  const phone = dueState(c.phoneDueAt, now, 'phone');
  if (onsite === 'overdue') return 'onsite';
  if (phone === 'overdue') return 'phone';
  if (onsite === 'due') return 'onsite';
  if (phone === 'due') return 'phone';
  return 'onsite';
};

/** `11-23 09:30` for a time in Beijing time; today's show only the time. */
export const shortTime = (iso: string, now: Date): string => (localDate(iso) === localDate(now) ? localTime(iso) : `${localDate(iso).slice(5)} ${localTime(iso)}`);

export const methodColor: Record<TVisitMethod, string> = {
  onsite: 'blue',
  phone: 'green',
  sms: 'default',
  wechat: 'cyan',
  video: 'purple',
  meeting: 'geekblue',
  letter: 'default',
};

export const statusColor = { planned: 'processing', done: 'success', missed: 'warning', cancelled: 'default' } as const;

/** Coverage as a whole percentage of counts (a unit's is its customers', not the mean of its managers'). */
export const percent = (met: number, subject: number): number | null => (subject ? Math.round((met / subject) * 100) : null);
