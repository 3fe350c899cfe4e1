import type { TNotification } from '@liaison/shared';

/** The bell's badge text: exact up to 99, then "99+". */
export const badgeText = (count: number): string => (count > 99 ? '99+' : String(count));

/** Where an entry leads inside the app; only same-app paths are followed (links come from the server's registry). */
export const safeLink = (n: Pick<TNotification, 'link'>): string | null => (n.link && n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : null);

/** Filters of the list page, read from and written to the URL. */
export type ListFilters = { status: 'unread' | 'all'; type: string | undefined; page: number };
export const readFilters = (params: URLSearchParams): ListFilters => ({
  status: params.get('status') === 'all' ? 'all' : 'unread',
  type: params.get('type') || undefined,
  page: Math.max(1, Number(params.get('page')) || 1),
});
export const writeFilters = (f: ListFilters): Record<string, string> => ({
  ...(f.status === 'all' ? { status: 'all' } : {}),
  ...(f.type ? { type: f.type } : {}),
  ...(f.page > 1 ? { page: String(f.page) } : {}),
});
