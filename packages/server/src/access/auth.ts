import type { DataScope, Locale, Permission } from '@liaison/shared';

/** Who is calling, resolved once per request from a session cookie or a bearer token. */
export type Auth = {
  userId: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  /** The caller's org unit path, `/root/…/unit/`; the subtree is every path with this prefix. */
  orgUnitPath: string;
  /**
   * Ids of the caller's unit and every unit below it, resolved once per request when a grant's
   * scope is `unitTree` (decision 076); scoped queries match `org_unit_id in (…)` on them.
   */
  orgUnitSubtree: readonly string[];
  locale: Locale;
  grants: ReadonlyMap<Permission, DataScope>;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
};
