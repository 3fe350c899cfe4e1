import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutes, hours } from '../src/clock.js';
import { Client, countRows, idOf, startSecondApp, startTestApp, testDbKind, type TestApp } from './harness.js';
import { grantsColumn, loadGrants, parseGrants } from '../src/modules/auth/auth.repository.js';

describe(`sign-in and sessions [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in, sets an HttpOnly SameSite cookie, and /me tells who, roles, permissions and scope', async () => {
    const c = t.anon();
    const res = await c.post('/api/v1/auth/login', { username: 'manager1', password: 'liaison-demo' });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/liaison_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/);
    c.csrf = res.body.csrfToken;
    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('manager1');
    expect(me.body.orgUnit.name).toBe('西湖营销部');
    expect(me.body.roles.map((r: any) => r.code)).toEqual(['manager']);
    expect(me.body.permissions['customer.read']).toBe('self');
    expect(me.body.permissions['user.manage']).toBeUndefined();
  });

  it('the grants read with the session (one column) are the grants read on their own, for every user, and a withdrawn role stops at the next request', async () => {
    const users = await t.handle.db.selectFrom('appUser').select(['id', 'username', grantsColumn(t.handle.db).as('grants')]).execute();
    expect(users.length).toBeGreaterThan(5);
    let withGrants = 0;
    for (const u of users) {
      const alone = await loadGrants(t.handle.db, u.id);
      expect(parseGrants(u.grants), u.username).toEqual(alone);
      if (alone.size) withGrants++;
    }
    expect(withGrants).toBeGreaterThan(5);
    // auditor1's role taken away: the next request with the same session is refused.
    const auditor = await t.login('auditor1');
    expect((await auditor.get('/api/v1/customers')).status).toBe(200);
    const roles = await t.handle.db.selectFrom('userRole').selectAll().where('userId', '=', await idOf(t, 'appUser', 'auditor1')).execute();
    expect(roles.length).toBeGreaterThan(0);
    await t.handle.db.deleteFrom('userRole').where('userId', '=', await idOf(t, 'appUser', 'auditor1')).execute();
    try {
      expect((await auditor.get('/api/v1/customers')).status).toBe(403);
    } finally {
      await t.handle.db.insertInto('userRole').values(roles).execute();
    }
    expect((await auditor.get('/api/v1/customers')).status).toBe(200);
  });

  it('usernames are case-insensitive at sign-in', async () => {
    const res = await t.anon().post('/api/v1/auth/login', { username: 'Manager2', password: 'liaison-demo' });
    expect(res.status).toBe(200);
  });

  it('a wrong password and an unknown user get the same 401, and both are audited', async () => {
    const before = await countRows(t, 'auditLog', ['action', '=', 'login_failed']);
    const wrong = await t.anon().post('/api/v1/auth/login', { username: 'manager3', password: 'not-the-password' });
    const unknown = await t.anon().post('/api/v1/auth/login', { username: 'nobody', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body.error).toEqual(wrong.body.error);
    expect(await countRows(t, 'auditLog', ['action', '=', 'login_failed'])).toBe(before + 2);
  });

  it('five failures within 15 minutes lock the account for 15 minutes, even for the right password', async () => {
    const c = t.anon();
    for (let i = 0; i < 4; i++) {
      const r = await c.post('/api/v1/auth/login', { username: 'manager4', password: `wrong-${i}` });
      expect(r.status).toBe(401);
    }
    const fifth = await c.post('/api/v1/auth/login', { username: 'manager4', password: 'wrong-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('account_locked');
    expect(fifth.body.error.message).toContain('15');
    const right = await c.post('/api/v1/auth/login', { username: 'manager4', password: 'liaison-demo' });
    expect(right.status).toBe(423);
    t.clock.advance(minutes(15) + 1000);
    const later = await c.post('/api/v1/auth/login', { username: 'manager4', password: 'liaison-demo' });
    expect(later.status).toBe(200);
  });

  it('failures spread over more than 15 minutes do not lock', async () => {
    const c = t.anon();
    for (let i = 0; i < 6; i++) {
      const r = await c.post('/api/v1/auth/login', { username: 'manager5', password: 'wrong-password' });
      expect(r.status).toBe(401);
      t.clock.advance(minutes(4));
    }
  });

  it('a session idle for 30 minutes expires; activity keeps it alive; logout ends it', async () => {
    const c = await t.login('manager6');
    t.clock.advance(minutes(20));
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(minutes(20));
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(minutes(31));
    const expired = await c.get('/api/v1/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session_expired');

    const d = await t.login('manager6');
    expect((await d.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await d.get('/api/v1/me')).status).toBe(401);
  });

  it('a session lives at most 12 hours however active it is', async () => {
    const c = await t.login('manager7');
    for (let i = 0; i < 12 * 3; i++) {
      t.clock.advance(minutes(20));
      const r = await c.get('/api/v1/me');
      if (i < 35) expect(r.status).toBe(200);
    }
    t.clock.advance(hours(0.5));
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('sessions live in the database, so another app instance serves them', async () => {
    const c = await t.login('manager8');
    const rows = await countRows(t, 'session');
    expect(rows).toBeGreaterThan(0);
    const stored = await t.handle.db.selectFrom('session').select(['id']).execute();
    // The cookie value itself is never stored, only its hash.
    expect(stored.some((s) => c.cookie.includes(s.id))).toBe(false);
    const second = await startSecondApp(t);
    try {
      const address = second.app.server.address();
      const other = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      other.cookie = c.cookie;
      other.csrf = c.csrf;
      const me = await other.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('manager8');
      // A write with the same session and CSRF token, then the first instance sees it ended.
      expect((await other.post('/api/v1/auth/logout')).status).toBe(200);
      expect((await c.get('/api/v1/me')).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('an unsafe request on a cookie session without the CSRF token, or with a forged one, is refused and changes nothing', async () => {
    const c = await t.login('manager1');
    const missing = await c.patch('/api/v1/me', { locale: 'en-US' }, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const forged = await c.patch('/api/v1/me', { locale: 'en-US' }, { 'x-csrf-token': 'forged-token-value' });
    expect(forged.status).toBe(403);
    expect((await c.get('/api/v1/me')).body.locale).toBe('zh-CN');
    const ok = await c.patch('/api/v1/me', { locale: 'en-US' });
    expect(ok.status).toBe(200);
    expect(ok.body.locale).toBe('en-US');
    await c.patch('/api/v1/me', { locale: 'zh-CN' });
  });

  it('without a session every API answers 401 in the error shape', async () => {
    const res = await t.anon().get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('authentication_required');
  });

  it('password policy: at least 10 characters, not the username; the current password must be right', async () => {
    const c = await t.login('manager2');
    const short = await c.post('/api/v1/me/password', { currentPassword: 'liaison-demo', newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].path).toBe('newPassword');
    const withName = await c.post('/api/v1/me/password', { currentPassword: 'liaison-demo', newPassword: 'xxmanager2xx' });
    expect(withName.status).toBe(400);
    expect(withName.body.error.fields[0].message).toContain('用户名');
    const wrongCurrent = await c.post('/api/v1/me/password', { currentPassword: 'nope-nope-nope', newPassword: 'a-good-long-password' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.fields[0].path).toBe('currentPassword');
    const other = await t.login('manager2');
    const ok = await c.post('/api/v1/me/password', { currentPassword: 'liaison-demo', newPassword: 'a-good-long-password' });
    expect(ok.status).toBe(200);
    // Other sessions of the user end; this one stays.
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager2', password: 'a-good-long-password' })).status).toBe(200);
  });

  it('personal access tokens: shown once, stored hashed, usable as Bearer without CSRF, revocable', async () => {
    const c = await t.login('leader1');
    const created = await c.post('/api/v1/me/tokens', { name: '报表脚本' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token.startsWith('lia_')).toBe(true);
    const stored = await t.handle.db.selectFrom('accessToken').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token);
    const list = await c.get('/api/v1/me/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);

    const api = t.anon();
    api.bearer = token;
    expect((await api.get('/api/v1/me')).body.username).toBe('leader1');
    expect((await api.patch('/api/v1/me', { locale: 'zh-CN' })).status).toBe(200);

    expect((await c.del(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(200);
    const after = await api.get('/api/v1/me');
    expect(after.status).toBe(401);
    const bogus = t.anon();
    bogus.bearer = 'lia_not-a-token';
    expect((await bogus.get('/api/v1/me')).status).toBe(401);
  });

  it('another user cannot revoke my token (404)', async () => {
    const c = await t.login('leader2');
    const created = await c.post('/api/v1/me/tokens', { name: 'mine' });
    const other = await t.login('leader1');
    expect((await other.del(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(404);
  });

  it('sends security headers', async () => {
    const res = await t.anon().get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeTruthy();
  });
});

describe(`login rate limit per IP [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited past the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.anon().post('/api/v1/auth/login', { username: 'nobody', password: 'x' })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[4]).toBe(429);
    const res = await t.anon().post('/api/v1/auth/login', { username: 'nobody', password: 'x' });
    expect(res.body.error.code).toBe('rate_limited');
  });
});

describe(`lockout under parallel sign-ins, across app instances [${testDbKind}]`, () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof startSecondApp>>;
  let secondUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    second = await startSecondApp(t, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const address = second.app.server.address();
    secondUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const newUser = async (username: string) => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/v1/users', {
      username,
      displayName: username,
      password: 'Right-password-2026',
      orgUnitId: await idOf(t, 'orgUnit', 'HZ-XH'),
      roleIds: [await idOf(t, 'role', 'manager')],
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const attempt = (base: string, username: string, password: string) => new Client(base).post('/api/v1/auth/login', { username, password });

  it('12 wrong passwords at once, split over two instances, answer as 12 in a row would: 4 × 401, 8 × 423; the right one then 423', async () => {
    const userId = await newUser('burst1');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(i % 2 ? secondUrl : t.baseUrl, 'burst1', `wrong-${i}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(8);
    expect((await attempt(t.baseUrl, 'burst1', 'Right-password-2026')).status).toBe(423);
    expect((await attempt(secondUrl, 'burst1', 'Right-password-2026')).status).toBe(423);
    // Every attempt is in the audit log, and exactly one of them decided the lock.
    const failed = await t.handle.db.selectFrom('auditLog').select(['detail']).where('action', '=', 'login_failed').where('actorId', '=', userId).execute();
    expect(failed).toHaveLength(14);
    expect(failed.filter((f) => String(f.detail).includes('"locked":true'))).toHaveLength(1);
  });

  it('a burst of 20 with the right password among them lets no more guesses through than 20 in a row would', async () => {
    await newUser('burst2');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attempt(i % 2 ? secondUrl : t.baseUrl, 'burst2', i === 10 ? 'Right-password-2026' : `wrong-${i}`).then((r) => ({ i, status: r.status })),
      ),
    );
    const right = results.find((r) => r.i === 10)!;
    expect([200, 423]).toContain(right.status);
    expect(results.filter((r) => r.status !== 401 && r.status !== 423 && r.i !== 10)).toEqual([]);
    // A right password resets the count, so at most 4 + 4 wrong ones answer 401 around it;
    // without it at most 4. A locked account stays locked for everyone afterwards.
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(right.status === 200 ? 8 : 4);
    if (right.status === 423) expect((await attempt(t.baseUrl, 'burst2', 'Right-password-2026')).status).toBe(423);
  });
});

describe(`credentials end with a password change [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('changing one\'s password revokes every personal access token (the answer says how many), keeps this session, ends the others', async () => {
    const c = await t.login('manager1');
    const other = await t.login('manager1');
    const tokens = await Promise.all(['a', 'b'].map(async (name) => (await c.post('/api/v1/me/tokens', { name })).body.token as string));
    const apis = tokens.map((token) => Object.assign(t.anon(), { bearer: token }));
    for (const api of apis) expect((await api.get('/api/v1/me')).status).toBe(200);
    const res = await c.post('/api/v1/me/password', { currentPassword: 'liaison-demo', newPassword: 'a-brand-new-password' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, revokedTokens: 2 });
    for (const api of apis) {
      const after = await api.get('/api/v1/me');
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('authentication_required');
    }
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    const listed = (await c.get('/api/v1/me/tokens')).body.data;
    expect(listed).toHaveLength(2);
    for (const row of listed) expect(row.revokedAt).not.toBeNull();
    // A token made after the change works.
    const fresh = (await c.post('/api/v1/me/tokens', { name: 'after' })).body.token as string;
    expect((await Object.assign(t.anon(), { bearer: fresh }).get('/api/v1/me')).status).toBe(200);
  });

  it('a token cannot change the password it would survive: the change through a token revokes that token too', async () => {
    const c = await t.login('manager2');
    const token = (await c.post('/api/v1/me/tokens', { name: 'x' })).body.token as string;
    const api = Object.assign(t.anon(), { bearer: token });
    const res = await api.post('/api/v1/me/password', { currentPassword: 'liaison-demo', newPassword: 'another-new-password' });
    expect(res.status).toBe(200);
    expect(res.body.revokedTokens).toBe(1);
    expect((await api.get('/api/v1/me')).status).toBe(401);
  });
});
