import type { TTicket, TTicketAction, TTicketStatus } from '@liaison/shared';

export const ticketViews = ['mine', 'unit', 'dueSoon', 'breached', 'all'] as const;
export type TicketView = (typeof ticketViews)[number];

export type TicketListState = { view: TicketView; q?: string; kind?: string; severity?: string; status?: string; page: number };

/** The list's state lives in the URL (decision 008): `?view=unit&kind=complaint&page=2`. */
export const ticketStateFromParams = (p: URLSearchParams, defaultView: TicketView): TicketListState => {
  const view = p.get('view');
  return {
    view: (ticketViews as readonly string[]).includes(view ?? '') ? (view as TicketView) : defaultView,
    q: p.get('q') ?? undefined,
    kind: p.get('kind') ?? undefined,
    severity: p.get('severity') ?? undefined,
    status: p.get('status') ?? undefined,
    page: Math.max(1, Number(p.get('page')) || 1),
  };
};

export const paramsFromTicketState = (s: TicketListState): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ view: s.view, q: s.q, kind: s.kind, severity: s.severity, status: s.status, page: s.page > 1 ? String(s.page) : undefined }).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  );

export const ticketApiQuery = (s: TicketListState) => ({ view: s.view, q: s.q, kind: s.kind, severity: s.severity, status: s.status, page: s.page, perPage: 20 });

export const hasTicketFilters = (s: TicketListState) => Boolean(s.q || s.kind || s.severity || s.status);

/** Clock minutes as the page says them: "3 小时 20 分", "2 天 4 小时" for wall-clock deadlines. */
export const splitMinutes = (minutes: number, natural: boolean) => {
  const m = Math.abs(Math.round(minutes));
  if (natural && m >= 1440) return { kind: 'days' as const, days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
  if (m >= 60) return { kind: 'hours' as const, days: 0, hours: Math.floor(m / 60), minutes: m % 60 };
  return { kind: 'minutes' as const, days: 0, hours: 0, minutes: m };
};

/** Where each step of the path stands: done, current or to come (closed tickets have all done). */
export const stepStates = (path: readonly TTicketStatus[], status: TTicketStatus) => {
  const at = path.indexOf(status);
  return path.map((s, i) => ({ step: s, state: status === 'closed' || i < at ? ('finish' as const) : i === at ? ('process' as const) : ('wait' as const) }));
};

/** The action that completes the current step, if the caller may take it; the rest go to "more". */
export const primaryAction = (t: Pick<TTicket, 'status' | 'actions'>): TTicketAction | null => {
  const step = t.status as string;
  if (t.actions.includes('resume')) return 'resume';
  if ((t.actions as string[]).includes(step)) return step as TTicketAction;
  return null;
};

/** A fresh Idempotency-Key for one form: a double submit or a retry then opens one ticket. */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? `ticket-${crypto.randomUUID()}` : `ticket-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** The current month `YYYY-MM` in Asia/Shanghai. */
export const shanghaiMonth = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

const shanghaiParts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * An instant as Asia/Shanghai wall time, whatever the browser's zone: deadlines are explained in
 * Shanghai time by the server, and the page must say the same hours.
 */
export const shanghaiTime = (iso: string | null | undefined, pattern: 'YYYY-MM-DD HH:mm' | 'MM-DD HH:mm' = 'YYYY-MM-DD HH:mm'): string => {
  if (!iso) return '—';
  const p = Object.fromEntries(shanghaiParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const hm = `${p.hour}:${p.minute}`;
  return pattern === 'MM-DD HH:mm' ? `${p.month}-${p.day} ${hm}` : `${p.year}-${p.month}-${p.day} ${hm}`;
};
