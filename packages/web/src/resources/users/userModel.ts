import type { TUser } from '@liaison/shared';
import type { UserQuery } from '../../api/users';

/** Mirrors the server's password policy so the form can say so before submitting. */
export const MIN_PASSWORD_LENGTH = 10;

// No 0/O, 1/l/I: the password may be read out over the phone.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

export const generatePassword = (length = 12): string => {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
};

export const isLocked = (user: Pick<TUser, 'lockedUntil'>, now = new Date()): boolean =>
  Boolean(user.lockedUntil && new Date(user.lockedUntil) > now);

export const hasManagerRole = (roleIds: string[] | undefined, roles: { id: string; code: string }[]): boolean =>
  Boolean(roleIds?.some((id) => roles.find((r) => r.id === id)?.code === 'manager'));

export const hasFilters = (q: UserQuery): boolean => Boolean(q.q || q.orgUnitId || q.roleId || q.status);

/** The list's state lives in the URL so a filtered page can be bookmarked and shared. */
export const queryFromParams = (p: URLSearchParams): UserQuery => {
  const status = p.get('status');
  return {
    q: p.get('q') || undefined,
    orgUnitId: p.get('orgUnitId') || undefined,
    roleId: p.get('roleId') || undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    page: Number(p.get('page')) || 1,
    perPage: Number(p.get('perPage')) || 20,
    sort: p.get('sort') || undefined,
  };
};

export const paramsFromQuery = (q: UserQuery): Record<string, string> =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => v !== undefined && v !== '' && !(k === 'page' && v === 1) && !(k === 'perPage' && v === 20))
      .map(([k, v]) => [k, String(v)]),
  );

/** antd's table sorter to the API's `sort` (`displayName`, `-createdAt`). */
export const sortParam = (field: unknown, order: 'ascend' | 'descend' | null | undefined): string | undefined =>
  order && typeof field === 'string' ? `${order === 'descend' ? '-' : ''}${field}` : undefined;

export const sortOrderOf = (sort: string | undefined, field: string): 'ascend' | 'descend' | null => {
  if (!sort) return field === 'username' ? 'ascend' : null;
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
};
