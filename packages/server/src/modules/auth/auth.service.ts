import type { DataScope, Locale, Permission } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { AppError } from '../../errors.js';
import { sql, type SqlBool } from 'kysely';
import { likeEscape, newId, toIso } from '../../db/dialect.js';
import { minutes, hours, days } from '../../clock.js';
import { recordAudit } from '../auditLog/audit.js';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from './password.js';
import { ACCESS_TOKEN_PREFIX, randomToken, sha256 } from './tokens.js';
import { findUserById, findUserByUsername, grantsColumn, loadGrants, parseGrants } from './auth.repository.js';
import { lockRow, transaction } from '../../db/transaction.js';
import type { Tx } from '../../db/schema.js';

const LOCK_AFTER_FAILURES = 5;
const FAILURE_WINDOW_MS = minutes(15);
const LOCK_MS = minutes(15);
/** Sessions are touched at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = minutes(1);

const userColumns = [
  'appUser.id',
  'appUser.username',
  'appUser.displayName',
  'appUser.orgUnitId',
  'appUser.locale',
  'appUser.status',
  'orgUnit.path as orgUnitPath',
] as const;

type AuthUser = { id: string; username: string; displayName: string; orgUnitId: string; locale: Locale; status: string; orgUnitPath: string };

export const buildAuth = async (
  ctx: AppContext,
  userId: string,
  via: Auth['via'],
  session: { id: string; csrfToken: string } | null,
): Promise<Auth | null> => {
  const user = await ctx.db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(userColumns)
    .where('appUser.id', '=', userId)
    .executeTakeFirst();
  return authFor(ctx, user as AuthUser | undefined, via, session);
};

/** The caller from a user row read just now (status, grants and scope are never cached: revocation is immediate). */
const authFor = async (
  ctx: AppContext,
  user: AuthUser | undefined,
  via: Auth['via'],
  session: { id: string; csrfToken: string } | null,
  /** The grants when read with the user (grantsColumn); otherwise read here. */
  readGrants?: Map<Permission, DataScope>,
): Promise<Auth | null> => {
  if (!user || user.status !== 'active') return null;
  const grants = readGrants ?? (await loadGrants(ctx.db, user.id));
  // The subtree as ids, read once (the org tree is small): queries then filter on a list the
  // planner can estimate, where `path like 'x%'` made PostgreSQL guess most units (decision 076).
  const orgUnitSubtree = [...grants.values()].includes('unitTree')
    ? (
        await ctx.db
          .selectFrom('orgUnit')
          .select('id')
          .where(sql<SqlBool>`path like ${likeEscape(user.orgUnitPath) + '%'} escape '\\'`)
          .orderBy('id')
          .execute()
      ).map((u) => u.id)
    : [user.orgUnitId];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    orgUnitId: user.orgUnitId,
    orgUnitPath: user.orgUnitPath,
    orgUnitSubtree,
    locale: user.locale,
    grants,
    via,
    sessionId: session?.id ?? null,
    csrfToken: session?.csrfToken ?? null,
  };
};

export type LoginResult = { token: string; csrfToken: string; userId: string; expiresAt: Date };

export const login = async (
  ctx: AppContext,
  meta: RequestMeta,
  username: string,
  password: string,
): Promise<LoginResult> => {
  const now = ctx.clock.now();
  const user = await findUserByUsername(ctx.db, username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    await recordAudit(ctx.db, now, null, meta, { action: 'login_failed', entity: 'session', detail: { username, reason: 'unknown_user' } });
    throw new AppError('invalid_credentials');
  }
  const actor = { userId: user.id, displayName: user.displayName };
  const lockedMinutes = (until: string) => Math.ceil((new Date(until).getTime() - now.getTime()) / 60000);
  if (user.lockedUntil && new Date(user.lockedUntil) > now) {
    await recordAudit(ctx.db, now, actor, meta, { action: 'login_failed', entity: 'session', detail: { username, reason: 'locked' } });
    throw new AppError('account_locked', [], { minutes: lockedMinutes(user.lockedUntil) });
  }
  // The slow hash check runs outside any transaction; what it means is decided under a lock on the
  // user's row, on the row as it is then. So N parallel wrong attempts (on one app instance or
  // several) count exactly as N sequential ones: the fifth locks, the ones after see the lock, and
  // a right password racing them cannot slip in after the lock was decided.
  const ok = await verifyPassword(user.passwordHash, password);
  const token = randomToken();
  const csrfToken = randomToken();
  const sessionId = sha256(token);
  const expiresAt = new Date(now.getTime() + hours(ctx.config.sessionMaxHours));
  const outcome = await transaction(ctx.db, async (tx): Promise<{ kind: 'ok' } | { kind: 'invalid' } | { kind: 'locked'; minutes: number }> => {
    await lockRow(tx, 'appUser', user.id);
    const fresh = await findUserById(tx, user.id);
    if (!fresh) return { kind: 'invalid' };
    if (fresh.lockedUntil && new Date(fresh.lockedUntil) > now) {
      await recordAudit(tx, now, actor, meta, { action: 'login_failed', entity: 'session', detail: { username, reason: 'locked' } });
      return { kind: 'locked', minutes: lockedMinutes(fresh.lockedUntil) };
    }
    if (!ok || fresh.status !== 'active') {
      const windowOpen = fresh.failedLoginSince && now.getTime() - new Date(fresh.failedLoginSince).getTime() < FAILURE_WINDOW_MS;
      const count = windowOpen ? fresh.failedLoginCount + 1 : 1;
      const lock = count >= LOCK_AFTER_FAILURES;
      await tx
        .updateTable('appUser')
        .set({
          failedLoginCount: lock ? 0 : count,
          failedLoginSince: lock ? null : windowOpen ? fresh.failedLoginSince : toIso(now),
          lockedUntil: lock ? toIso(new Date(now.getTime() + LOCK_MS)) : fresh.lockedUntil,
        })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(tx, now, actor, meta, {
        action: 'login_failed',
        entity: 'session',
        detail: { username, reason: fresh.status !== 'active' && ok ? 'disabled' : 'wrong_password', locked: lock },
      });
      return lock ? { kind: 'locked', minutes: LOCK_MS / 60000 } : { kind: 'invalid' };
    }
    await tx
      .updateTable('appUser')
      .set({ failedLoginCount: 0, failedLoginSince: null, lockedUntil: null })
      .where('id', '=', user.id)
      .execute();
    await tx
      .insertInto('session')
      .values({
        id: sessionId,
        userId: user.id,
        csrfToken,
        createdAt: toIso(now),
        lastSeenAt: toIso(now),
        expiresAt: toIso(expiresAt),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await recordAudit(tx, now, actor, meta, { action: 'login', entity: 'session', entityId: null });
    return { kind: 'ok' };
  });
  if (outcome.kind === 'locked') throw new AppError('account_locked', [], { minutes: outcome.minutes });
  if (outcome.kind === 'invalid') throw new AppError('invalid_credentials');
  return { token, csrfToken, userId: user.id, expiresAt };
};

export type SessionLookup = { auth: Auth } | { expired: true } | null;

/** Resolves a session cookie; enforces idle timeout and absolute lifetime. */
export const resolveSession = async (ctx: AppContext, token: string, opts: { touch?: boolean } = {}): Promise<SessionLookup> => {
  const now = ctx.clock.now();
  const id = sha256(token);
  // The session, its user and the user's grants in one read: a request costs this and, for a
  // unitTree scope, the subtree — nothing cached, so a revoked session, a disabled user or a
  // withdrawn role stops at once.
  const session = await ctx.db
    .selectFrom('session')
    .innerJoin('appUser', 'appUser.id', 'session.userId')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select([...userColumns, 'session.lastSeenAt', 'session.expiresAt', 'session.csrfToken', grantsColumn(ctx.db).as('grants')])
    .where('session.id', '=', id)
    .executeTakeFirst();
  if (!session) return null;
  const idleLimit = new Date(session.lastSeenAt).getTime() + minutes(ctx.config.sessionIdleMinutes);
  if (now.getTime() >= idleLimit || now >= new Date(session.expiresAt)) {
    await ctx.db.deleteFrom('session').where('id', '=', id).execute();
    return { expired: true };
  }
  if (opts.touch !== false && now.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) {
    await ctx.db.updateTable('session').set({ lastSeenAt: toIso(now) }).where('id', '=', id).execute();
  }
  const auth = await authFor(ctx, session as AuthUser, 'session', { id, csrfToken: session.csrfToken }, parseGrants(session.grants));
  return auth ? { auth } : null;
};

export const resolveAccessToken = async (ctx: AppContext, token: string): Promise<Auth | null> => {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null;
  const now = ctx.clock.now();
  const row = await ctx.db.selectFrom('accessToken').selectAll().where('tokenHash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.revokedAt || (row.expiresAt && new Date(row.expiresAt) <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > TOUCH_EVERY_MS) {
    await ctx.db.updateTable('accessToken').set({ lastUsedAt: toIso(now) }).where('id', '=', row.id).execute();
  }
  return buildAuth(ctx, row.userId, 'token', null);
};

export const logout = async (ctx: AppContext, auth: Auth, meta: RequestMeta): Promise<void> => {
  await transaction(ctx.db, async (tx) => {
    if (auth.sessionId) await tx.deleteFrom('session').where('id', '=', auth.sessionId).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'logout', entity: 'session' });
  });
};

export const changePassword = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  currentPassword: string,
  newPassword: string,
): Promise<{ revokedTokens: number }> => {
  const user = await findUserById(ctx.db, auth.userId);
  if (!user) throw new AppError('not_found');
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    throw new AppError('validation_failed', [{ path: 'currentPassword', key: 'password_wrong' }]);
  const problems = passwordProblems(newPassword, user.username, 'newPassword');
  if (problems.length) throw new AppError('validation_failed', problems);
  const passwordHash = await hashPassword(newPassword);
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    await tx
      .updateTable('appUser')
      .set({ passwordHash, passwordChangedAt: toIso(now), mustChangePassword: 0, updatedAt: toIso(now), version: (eb) => eb('version', '+', 1) })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this user end; the one in hand stays. Personal access tokens are
    // credentials too: whoever knew the old password may have made one, so they all end.
    let del = tx.deleteFrom('session').where('userId', '=', user.id);
    if (auth.sessionId) del = del.where('id', '!=', auth.sessionId);
    await del.execute();
    const revokedTokens = await revokeAllAccessTokens(tx, user.id, now);
    await recordAudit(tx, now, auth, meta, {
      action: 'password_change',
      entity: 'user',
      entityId: user.id,
      changes: { password: { old: '******', new: '******' } },
      detail: { revokedTokens },
    });
    return { revokedTokens };
  });
};

/**
 * Ends every credential of a user but the password: all sessions (but `keepSessionId`) and all
 * personal access tokens. A password change, an admin reset and disabling a user go through it.
 */
export const revokeAllAccessTokens = async (tx: Tx, userId: string, now: Date): Promise<number> => {
  const res = await tx
    .updateTable('accessToken')
    .set({ revokedAt: toIso(now) })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
};

export const updateMyLocale = async (ctx: AppContext, auth: Auth, locale: Locale | undefined, displayName: string | undefined) => {
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('appUser')
    .set({
      ...(locale ? { locale } : {}),
      ...(displayName ? { displayName } : {}),
      updatedAt: toIso(now),
      version: (eb) => eb('version', '+', 1),
    })
    .where('id', '=', auth.userId)
    .execute();
};

export const createAccessToken = async (ctx: AppContext, auth: Auth, meta: RequestMeta, name: string, expiresInDays?: number) => {
  const now = ctx.clock.now();
  const token = ACCESS_TOKEN_PREFIX + randomToken();
  const row = {
    id: newId(),
    userId: auth.userId,
    name,
    tokenHash: sha256(token),
    createdAt: toIso(now),
    lastUsedAt: null,
    expiresAt: expiresInDays ? toIso(new Date(now.getTime() + days(expiresInDays))) : null,
    revokedAt: null,
  };
  await transaction(ctx.db, async (tx) => {
    await tx.insertInto('accessToken').values(row).execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'accessToken', entityId: row.id, detail: { name } });
  });
  return { token, row };
};

export const listAccessTokens = (ctx: AppContext, auth: Auth) =>
  ctx.db
    .selectFrom('accessToken')
    .select(['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'])
    .where('userId', '=', auth.userId)
    .orderBy('createdAt', 'desc')
    .execute();

export const revokeAccessToken = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string) => {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('accessToken')
    .select(['id', 'revokedAt'])
    .where('id', '=', id)
    .where('userId', '=', auth.userId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.revokedAt) return;
  await transaction(ctx.db, async (tx) => {
    await tx.updateTable('accessToken').set({ revokedAt: toIso(now) }).where('id', '=', id).execute();
    await recordAudit(tx, now, auth, meta, { action: 'revoke', entity: 'accessToken', entityId: id });
  });
};
