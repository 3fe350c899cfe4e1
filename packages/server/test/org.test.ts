import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions } from '@liaison/shared';
import { countRows, idOf, startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`organisation, users and roles [${testDbKind}]`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    ids = {
      root: await idOf(t, 'orgUnit', 'ROOT'),
      hz: await idOf(t, 'orgUnit', 'HZ'),
      nb: await idOf(t, 'orgUnit', 'NB'),
      xihu: await idOf(t, 'orgUnit', 'HZ-XH'),
      binjiang: await idOf(t, 'orgUnit', 'HZ-BJ'),
      haishu: await idOf(t, 'orgUnit', 'NB-HS'),
      manager1: await idOf(t, 'appUser', 'manager1'),
      manager2: await idOf(t, 'appUser', 'manager2'),
      manager3: await idOf(t, 'appUser', 'manager3'),
      manager4: await idOf(t, 'appUser', 'manager4'),
      manager5: await idOf(t, 'appUser', 'manager5'),
      managerRole: await idOf(t, 'role', 'manager'),
      leaderRole: await idOf(t, 'role', 'leader'),
      auditorRole: await idOf(t, 'role', 'auditor'),
    };
  });
  afterAll(() => t.close());

  it('the demo organisation: 省公司 → 2 市公司 → 4 teams, 13 users', async () => {
    const c = await t.login('admin');
    const units = (await c.get('/api/v1/org-units')).body.data;
    expect(units).toHaveLength(7);
    expect(units.filter((u: any) => u.kind === 'city').map((u: any) => u.name)).toEqual(['杭州市分公司', '宁波市分公司']);
    expect(units.filter((u: any) => u.kind === 'team')).toHaveLength(4);
  });

  it('a manager sees own unit only; a leader sees own subtree; an auditor sees all', async () => {
    const m = await t.login('manager1');
    expect((await m.get('/api/v1/org-units')).body.data.map((u: any) => u.code)).toEqual(['HZ-XH']);
    const users = (await m.get('/api/v1/users')).body.data.map((u: any) => u.username);
    expect(users).toEqual(['manager1', 'manager2']);
    const l = await t.login('leader1');
    expect((await l.get('/api/v1/org-units')).body.data.map((u: any) => u.code).sort()).toEqual(['HZ', 'HZ-BJ', 'HZ-XH']);
    expect((await l.get('/api/v1/users')).body.count).toBe(6);
    const a = await t.login('auditor1');
    expect((await a.get('/api/v1/users')).body.count).toBe(13);
  });

  it("a manager reading another team's user or org unit gets 404, not 403", async () => {
    const m = await t.login('manager1');
    const user = await m.get(`/api/v1/users/${ids.manager3}`);
    expect(user.status).toBe(404);
    expect(user.body.error.code).toBe('not_found');
    expect((await m.get(`/api/v1/org-units/${ids.binjiang}`)).status).toBe(404);
    expect((await m.get(`/api/v1/users/${ids.manager2}`)).status).toBe(200);
    const search = await m.get('/api/v1/users?q=manager3');
    expect(search.body.data).toEqual([]);
  });

  it('a manager calling admin endpoints gets 403; out-of-scope records stay 404', async () => {
    const m = await t.login('manager1');
    const create = await m.post('/api/v1/users', {
      username: 'intruder',
      displayName: '入侵者',
      password: 'long-enough-pass',
      orgUnitId: ids.xihu,
      roleIds: [ids.managerRole],
    });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('permission_denied');
    expect((await m.post('/api/v1/org-units', { parentId: ids.xihu, name: 'x', code: 'X1', kind: 'team' })).status).toBe(403);
    expect((await m.post('/api/v1/roles', { code: 'x', name: 'x', grants: [] })).status).toBe(403);
    expect((await m.get('/api/v1/audit-log')).status).toBe(403);
    expect((await m.get('/api/v1/jobs')).status).toBe(403);
    // Same-unit colleague: visible, but not manageable.
    expect((await m.patch(`/api/v1/users/${ids.manager2}`, { version: 1, displayName: '改名' })).status).toBe(403);
    expect(await countRows(t, 'appUser', ['username', '=', 'intruder'])).toBe(0);
  });

  it('admin creates a user; the audit log records who, what and when, without the password', async () => {
    const c = await t.login('admin');
    const res = await c.post('/api/v1/users', {
      username: 'manager9',
      displayName: '钱多多',
      password: 'Strong-pass-2026',
      orgUnitId: ids.haishu,
      roleIds: [ids.managerRole],
      grade: 'junior',
      phone: '13812341234',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'manager9', orgUnitName: '海曙营销部', grade: 'junior', version: 1 });
    const audit = await c.get(`/api/v1/audit-log?entity=user&entityId=${res.body.id}`);
    expect(audit.body.data).toHaveLength(1);
    const entry = audit.body.data[0];
    expect(entry).toMatchObject({ action: 'create', actorName: '系统管理员' });
    expect(entry.changes.displayName).toEqual({ old: null, new: '钱多多' });
    expect(entry.changes.phone.new).toBe('138****1234');
    expect(JSON.stringify(entry)).not.toContain('Strong-pass-2026');
    expect(JSON.stringify(entry)).not.toContain('passwordHash');
    // The new user must change the password on first sign-in.
    const m9 = await t.login('manager9', 'Strong-pass-2026');
    expect((await m9.get('/api/v1/me')).body.mustChangePassword).toBe(true);
  });

  it('bad user input: each problem names its field, and nothing is written', async () => {
    const c = await t.login('admin');
    const before = await countRows(t, 'appUser');
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'ab', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'username'],
      [{ username: 'manager1', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'username'],
      [{ username: 'newbie', displayName: '甲', password: 'short', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'password'],
      [{ username: 'newbie', displayName: '甲', password: 'newbie-password', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'password'],
      [{ username: 'newbie', displayName: '甲', password: 'long-enough-pass', orgUnitId: 'nope', roleIds: [ids.managerRole] }, 'orgUnitId'],
      [{ username: 'newbie', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: ['nope'] }, 'roleIds'],
      [{ username: 'newbie', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [] }, 'roleIds'],
      [{ username: 'newbie', displayName: '', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'displayName'],
      [{ username: 'newbie', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole], phone: '12345' }, 'phone'],
      [{ username: 'newbie', displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole], grade: 'boss' }, 'grade'],
      [{ username: "x' OR 1=1 --", displayName: '甲', password: 'long-enough-pass', orgUnitId: ids.xihu, roleIds: [ids.managerRole] }, 'username'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain(field);
    }
    expect(await countRows(t, 'appUser')).toBe(before);
  });

  it('SQL and HTML in text fields are stored as text and come back inert', async () => {
    const c = await t.login('admin');
    const evil = `<script>alert(1)</script>'; DROP TABLE app_user; --`;
    const res = await c.post('/api/v1/users', {
      username: 'evil.name',
      displayName: evil.slice(0, 50),
      password: 'long-enough-pass',
      orgUnitId: ids.xihu,
      roleIds: [ids.managerRole],
    });
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe(evil.slice(0, 50));
    expect(res.headers.get('content-type')).toContain('application/json');
    const unit = await c.post('/api/v1/org-units', { parentId: ids.hz, name: `<img src=x onerror=alert(1)>' OR '1'='1`, code: 'EVIL', kind: 'team' });
    expect(unit.status).toBe(201);
    expect(unit.body.name).toBe(`<img src=x onerror=alert(1)>' OR '1'='1`);
    const search = await c.get(`/api/v1/users?q=${encodeURIComponent("%' OR '1'='1")}`);
    expect(search.status).toBe(200);
    expect(search.body.count).toBe(0);
    expect(await countRows(t, 'appUser')).toBeGreaterThan(10);
  });

  it('a stale version gets 409 version_conflict and changes nothing', async () => {
    const c = await t.login('admin');
    const user = (await c.get(`/api/v1/users/${ids.manager5}`)).body;
    const first = await c.patch(`/api/v1/users/${ids.manager5}`, { version: user.version, displayName: '孙强强' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(user.version + 1);
    const stale = await c.patch(`/api/v1/users/${ids.manager5}`, { version: user.version, displayName: '孙小强' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await c.get(`/api/v1/users/${ids.manager5}`)).body.displayName).toBe('孙强强');
    const missingVersion = await c.patch(`/api/v1/users/${ids.manager5}`, { displayName: 'x' });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.error.fields[0].path).toBe('version');
  });

  it('a leader manages nothing by default but sees the subtree; an admin moves a unit with its subtree', async () => {
    const c = await t.login('admin');
    const created = await c.post('/api/v1/org-units', { parentId: ids.xihu, name: '西湖一片区', code: 'HZ-XH-1', kind: 'team' });
    expect(created.status).toBe(201);
    const child = await c.post('/api/v1/org-units', { parentId: created.body.id, name: '小组', code: 'HZ-XH-1-A', kind: 'team' });
    const moved = await c.patch(`/api/v1/org-units/${created.body.id}`, { version: 1, parentId: ids.haishu });
    expect(moved.status).toBe(200);
    const grandchild = (await c.get(`/api/v1/org-units/${child.body.id}`)).body;
    expect(grandchild.path.startsWith(moved.body.path)).toBe(true);
    expect(grandchild.path).toContain(ids.nb);
    const cycle = await c.patch(`/api/v1/org-units/${created.body.id}`, { version: moved.body.version, parentId: child.body.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.fields[0].path).toBe('parentId');
    const notEmpty = await c.del(`/api/v1/org-units/${created.body.id}?version=${moved.body.version}`);
    expect(notEmpty.status).toBe(409);
    expect((await c.del(`/api/v1/org-units/${child.body.id}?version=${grandchild.version}`)).status).toBe(200);
    const l2 = await t.login('leader2');
    expect((await l2.get(`/api/v1/org-units/${created.body.id}`)).status).toBe(200);
    const l1 = await t.login('leader1');
    expect((await l1.get(`/api/v1/org-units/${created.body.id}`)).status).toBe(404);
  });

  it('several roles: per permission the widest scope wins', async () => {
    const c = await t.login('admin');
    const u = (await c.get(`/api/v1/users/${ids.manager1}`)).body;
    const res = await c.patch(`/api/v1/users/${ids.manager1}`, { version: u.version, roleIds: [ids.managerRole, ids.auditorRole] });
    expect(res.status).toBe(200);
    const m = await t.login('manager1');
    const me = (await m.get('/api/v1/me')).body;
    expect(me.permissions['customer.read']).toBe('all');
    expect(me.permissions['customer.create']).toBe('self');
    expect((await m.get(`/api/v1/users/${ids.manager5}`)).status).toBe(200);
    await c.patch(`/api/v1/users/${ids.manager1}`, { version: res.body.version, roleIds: [ids.managerRole] });
  });

  it('custom roles: created with grants, built-in roles cannot be deleted, unknown permissions refused', async () => {
    const c = await t.login('admin');
    const role = await c.post('/api/v1/roles', {
      code: 'teamAssistant',
      name: '内勤',
      grants: [
        { permission: 'customer.read', dataScope: 'unit' },
        { permission: 'user.read', dataScope: 'unit' },
      ],
    });
    expect(role.status).toBe(201);
    expect(role.body.grants).toHaveLength(2);
    const bad = await c.post('/api/v1/roles', { code: 'x2', name: 'x', grants: [{ permission: 'customer.destroy', dataScope: 'all' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('grants.0.permission');
    expect((await c.del(`/api/v1/roles/${ids.leaderRole}`)).status).toBe(409);
    const upd = await c.patch(`/api/v1/roles/${role.body.id}`, { version: 1, grants: [{ permission: 'customer.read', dataScope: 'unitTree' }] });
    expect(upd.body.grants).toEqual([{ permission: 'customer.read', dataScope: 'unitTree' }]);
    expect((await c.patch(`/api/v1/roles/${role.body.id}`, { version: 1, name: 'stale' })).status).toBe(409);
    expect((await c.del(`/api/v1/roles/${role.body.id}`)).status).toBe(200);
  });

  it('disabling a user ends their sessions and revokes their access tokens; enabling again brings neither back', async () => {
    const c = await t.login('admin');
    const m = await t.login('manager3');
    const token = (await m.post('/api/v1/me/tokens', { name: 'script' })).body.token as string;
    const api = t.anon();
    api.bearer = token;
    expect((await api.get('/api/v1/me')).status).toBe(200);
    const u = (await c.get(`/api/v1/users/${ids.manager3}`)).body;
    expect((await c.patch(`/api/v1/users/${ids.manager3}`, { version: u.version, status: 'disabled' })).status).toBe(200);
    expect((await m.get('/api/v1/me')).status).toBe(401);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    expect(await countRows(t, 'session', ['userId', '=', ids.manager3])).toBe(0);
    expect(await countRows(t, 'accessToken', ['userId', '=', ids.manager3])).toBe(1);
    const live = await t.handle.db.selectFrom('accessToken').select('id').where('userId', '=', ids.manager3!).where('revokedAt', 'is', null).execute();
    expect(live).toEqual([]);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager3', password: 'liaison-demo' })).status).toBe(401);
    const u2 = (await c.get(`/api/v1/users/${ids.manager3}`)).body;
    expect((await c.patch(`/api/v1/users/${ids.manager3}`, { version: u2.version, status: 'active' })).status).toBe(200);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    const self = (await c.get('/api/v1/me')).body;
    const me = (await c.get(`/api/v1/users/${self.id}`)).body;
    expect((await c.patch(`/api/v1/users/${self.id}`, { version: me.version, status: 'disabled' })).status).toBe(400);
  });

  it('an admin reset unlocks the account, ends every session and revokes every access token', async () => {
    const c = await t.login('admin');
    const m1 = await t.login('manager4');
    const m2 = await t.login('manager4');
    const token = (await m1.post('/api/v1/me/tokens', { name: 'sync' })).body.token as string;
    const api = t.anon();
    api.bearer = token;
    expect((await api.get('/api/v1/me')).status).toBe(200);
    for (let i = 0; i < 5; i++) await t.anon().post('/api/v1/auth/login', { username: 'manager4', password: `wrong-${i}` });
    expect((await c.get(`/api/v1/users/${ids.manager4}`)).body.lockedUntil).not.toBeNull();
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager4', password: 'liaison-demo' })).status).toBe(423);
    const weak = await c.post(`/api/v1/users/${ids.manager4}/reset-password`, { newPassword: 'short' });
    expect(weak.status).toBe(400);
    const reset = await c.post(`/api/v1/users/${ids.manager4}/reset-password`, { newPassword: 'reset-by-admin-1' });
    expect(reset.status).toBe(200);
    expect(reset.body.lockedUntil).toBeNull();
    expect((await m1.get('/api/v1/me')).status).toBe(401);
    expect((await m2.get('/api/v1/me')).status).toBe(401);
    expect(await countRows(t, 'session', ['userId', '=', ids.manager4])).toBe(0);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    const audit = await t.handle.db.selectFrom('auditLog').select('detail').where('action', '=', 'password_reset').where('entityId', '=', ids.manager4!).executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.detail))).toEqual({ revokedTokens: 1 });
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager4', password: 'reset-by-admin-1' })).status).toBe(200);
  });

  it('POST /users/{id}/unlock: an admin unlocks a locked account (audited); a manager or leader gets 403; an unknown id 404', async () => {
    const c = await t.login('admin');
    for (let i = 0; i < 5; i++) await t.anon().post('/api/v1/auth/login', { username: 'manager5', password: `wrong-${i}` });
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager5', password: 'liaison-demo' })).status).toBe(423);
    const m = await t.login('manager1');
    expect((await m.post(`/api/v1/users/${ids.manager5}/unlock`)).status).toBe(403);
    const leader = await t.login('leader1');
    expect((await leader.post(`/api/v1/users/${ids.manager5}/unlock`)).status).toBe(403);
    expect((await c.post('/api/v1/users/no-such-user/unlock')).status).toBe(404);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager5', password: 'liaison-demo' })).status).toBe(423);
    const before = await countRows(t, 'auditLog', ['action', '=', 'unlock']);
    const res = await c.post(`/api/v1/users/${ids.manager5}/unlock`);
    expect(res.status).toBe(200);
    expect(res.body.lockedUntil).toBeNull();
    expect(await countRows(t, 'auditLog', ['action', '=', 'unlock'])).toBe(before + 1);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'manager5', password: 'liaison-demo' })).status).toBe(200);
  });

  it('GET /roles, /roles/{id} and /permissions: the built-in roles with grants and user counts, every permission, 404 for an unknown role, 401 without a session', async () => {
    const m = await t.login('manager1');
    const roles = await m.get('/api/v1/roles');
    expect(roles.status).toBe(200);
    const codes = roles.body.data.map((r: any) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['admin', 'leader', 'manager', 'auditor']));
    const manager = roles.body.data.find((r: any) => r.code === 'manager');
    expect(manager.builtin).toBe(true);
    expect(manager.userCount).toBeGreaterThanOrEqual(8);
    expect(manager.grants).toContainEqual({ permission: 'customer.read', dataScope: 'self' });
    const one = await m.get(`/api/v1/roles/${ids.managerRole}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(manager);
    const missing = await m.get('/api/v1/roles/no-such-role');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const perms = await m.get('/api/v1/permissions');
    expect(perms.status).toBe(200);
    expect(perms.body.data).toEqual([...permissions]);
    expect(perms.body.data.length).toBeGreaterThan(10);
    for (const url of ['/api/v1/roles', `/api/v1/roles/${ids.managerRole}`, '/api/v1/permissions']) {
      const anon = await t.anon().get(url);
      expect(anon.status, url).toBe(401);
      expect(anon.body.error.code, url).toBe('authentication_required');
    }
  });

  it('dictionaries: seeded from the industry template, readable by all, editable by admin only', async () => {
    const m = await t.login('manager1');
    const dicts = (await m.get('/api/v1/dictionaries')).body.data;
    const format = dicts.find((d: any) => d.code === 'businessFormat');
    expect(format.items.map((i: any) => i.labelZh)).toEqual(expect.arrayContaining(['食杂店', '便利店', '超市']));
    expect((await m.post('/api/v1/dictionaries/businessFormat/items', { value: 'x', labelZh: 'x', labelEn: 'x' })).status).toBe(403);
    const a = await t.login('admin');
    const added = await a.post('/api/v1/dictionaries/businessFormat/items', { value: 'teaShop', labelZh: '茶叶店', labelEn: 'Tea shop' });
    expect(added.status).toBe(201);
    expect((await a.post('/api/v1/dictionaries/businessFormat/items', { value: 'teaShop', labelZh: '重复', labelEn: 'dup' })).status).toBe(400);
    expect((await a.post('/api/v1/dictionaries/nope/items', { value: 'a', labelZh: 'a', labelEn: 'a' })).status).toBe(404);
    const upd = await a.patch(`/api/v1/dictionaries/businessFormat/items/${added.body.id}`, { version: 1, enabled: false });
    expect(upd.body.enabled).toBe(false);
    expect((await a.patch(`/api/v1/dictionaries/businessFormat/items/${added.body.id}`, { version: 1, labelZh: '旧' })).status).toBe(409);
  });
});
