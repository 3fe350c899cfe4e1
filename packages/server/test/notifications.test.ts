import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hours, minutes } from '../src/clock.js';
import { toIso } from '../src/db/dialect.js';
import { transaction } from '../src/db/transaction.js';
import { publish } from '../src/modules/notifications/publish.js';
import { runKeyDateReminders } from '../src/jobs/keyDate.job.js';
import { runReclaim } from '../src/jobs/reclaim.job.js';
import { runVisitDue } from '../src/jobs/visit.jobs.js';
import { countRows, idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool, setFollowUp } from './factories.js';

describe(`notifications: outbox, scope, the bell, preferences [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m3: Client, leader1: Client, leader2: Client, admin: Client;
  let m1Id: string, m3Id: string, leader1Id: string, leader2Id: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' } });
    [m1, m3, leader1, leader2, admin] = await loginAll(t, 'manager1', 'manager3', 'leader1', 'leader2', 'admin');
    m1Id = await idOf(t, 'appUser', 'manager1');
    m3Id = await idOf(t, 'appUser', 'manager3');
    leader1Id = await idOf(t, 'appUser', 'leader1');
    leader2Id = await idOf(t, 'appUser', 'leader2');
  });
  afterAll(() => t.close());

  const fanOut = () => t.notifier.runOnce();
  const event = (customerId: string, recipients: string[], extra: Record<string, unknown> = {}) => ({
    type: 'customer.reclaimWarning',
    entity: { type: 'customer', id: customerId },
    recipients,
    data: { customerName: '测试客户', days: 30, idleDays: 25, reclaimOn: '2026-11-28' },
    ...extra,
  });

  it('an event published in a transaction that rolls back leaves no outbox row and no notification', async () => {
    const c = await buildCustomer(m1);
    const outboxBefore = await countRows(t, 'outboxEvent');
    const before = await countRows(t, 'notification');
    await expect(
      transaction(t.handle.db, async (tx) => {
        await publish(tx, t.clock.now(), event(c.id, [m1Id]));
        await tx.updateTable('customer').set({ remark: 'changed' }).where('id', '=', c.id).execute();
        throw new Error('the change fails after publishing');
      }),
    ).rejects.toThrow('the change fails');
    await fanOut();
    expect(await countRows(t, 'outboxEvent')).toBe(outboxBefore);
    expect(await countRows(t, 'notification')).toBe(before);
    // The same publish in a committed transaction does reach the bell.
    await transaction(t.handle.db, (tx) => publish(tx, t.clock.now(), event(c.id, [m1Id])));
    await fanOut();
    expect(await countRows(t, 'notification')).toBe(before + 1);
  });

  it('nobody hears about a record outside their data scope; disabled users hear nothing', async () => {
    const c = await buildCustomer(m1);
    // manager3 (another team, scope self), leader2 (another city) must not; leader1 (the subtree) may.
    await transaction(t.handle.db, (tx) => publish(tx, t.clock.now(), event(c.id, [m1Id, m3Id, leader1Id, leader2Id])));
    await fanOut();
    const got = await t.handle.db.selectFrom('notification').select('userId').where('entityId', '=', c.id).execute();
    expect(got.map((r) => r.userId).sort()).toEqual([m1Id, leader1Id].sort());
    for (const outsider of [m3, leader2]) {
      const list = await outsider.get('/api/v1/notifications?perPage=100');
      expect(list.status).toBe(200);
      expect(list.body.data.some((n: any) => n.entityId === c.id)).toBe(false);
    }
    // A notification id of someone else is not found, not forbidden.
    const mine = (await m1.get('/api/v1/notifications?perPage=100')).body.data.find((n: any) => n.entityId === c.id);
    expect(mine.link).toBe(`/customers/${c.id}`);
    expect((await m3.post(`/api/v1/notifications/${mine.id}/read`)).status).toBe(404);

    // A record that does not exist (or was deleted) reaches no one; an unknown kind of record neither.
    await transaction(t.handle.db, async (tx) => {
      await publish(tx, t.clock.now(), event('no-such-customer', [m1Id]));
      await publish(tx, t.clock.now(), { type: 'x.y', entity: { type: 'unregistered', id: c.id }, recipients: [m1Id] });
    });
    await fanOut();
    expect(await countRows(t, 'notification', ['entityId', '=', 'no-such-customer'])).toBe(0);
    expect(await countRows(t, 'notification', ['entityType', '=', 'unregistered'])).toBe(0);

    await t.handle.db.updateTable('appUser').set({ status: 'disabled' }).where('id', '=', leader1Id).execute();
    const c2 = await buildCustomer(m1);
    await transaction(t.handle.db, (tx) => publish(tx, t.clock.now(), event(c2.id, [m1Id, leader1Id])));
    await fanOut();
    expect((await t.handle.db.selectFrom('notification').select('userId').where('entityId', '=', c2.id).execute()).map((r) => r.userId)).toEqual([m1Id]);
    await t.handle.db.updateTable('appUser').set({ status: 'active' }).where('id', '=', leader1Id).execute();
  });

  it('the bell: unread count, list with filter, mark read, mark all read', async () => {
    await m1.post('/api/v1/notifications/read-all', {});
    expect((await m1.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    const cs = await Promise.all([1, 2, 3].map(() => buildCustomer(m1)));
    await transaction(t.handle.db, async (tx) => {
      for (const c of cs) await publish(tx, t.clock.now(), event(c.id, [m1Id], { dedupeKey: `bell:${c.id}` }));
      // Publishing the same dedupe key again is a no-op.
      await publish(tx, t.clock.now(), event(cs[0]!.id, [m1Id], { dedupeKey: `bell:${cs[0]!.id}` }));
    });
    await fanOut();
    const count = await m1.get('/api/v1/notifications/unread-count');
    expect(count.body.count).toBe(3);
    const unread = await m1.get('/api/v1/notifications?status=unread');
    expect(unread.body.count).toBe(3);
    expect(unread.body.data[0].title).toBe('客户「测试客户」将于 2026-11-28 被回收到公海');
    const read = await m1.post(`/api/v1/notifications/${unread.body.data[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(toIso(t.clock.now()));
    expect((await m1.get('/api/v1/notifications/unread-count')).body.count).toBe(2);
    expect((await m1.get('/api/v1/notifications?type=keyDate.upcoming&status=unread')).body.count).toBe(0);
    // English for an English caller.
    await m1.patch('/api/v1/me', { locale: 'en-US' });
    expect((await m1.get('/api/v1/notifications?status=unread')).body.data[0].title).toBe('测试客户 returns to the public pool on 2026-11-28');
    await m1.patch('/api/v1/me', { locale: 'zh-CN' });
    const all = await m1.post('/api/v1/notifications/read-all', {});
    expect(all.body.updated).toBe(2);
    expect((await m1.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
  });

  it('polling the unread count does not keep an idle session alive', async () => {
    const short = await startTestApp({ env: { SESSION_IDLE_MINUTES: '30' } });
    try {
      const c = await short.login('manager1');
      for (let i = 0; i < 2; i++) {
        short.clock.advance(minutes(10));
        expect((await c.get('/api/v1/notifications/unread-count')).status).toBe(200);
      }
      // 31 minutes since the last real request, polled all along: the session expired at 30.
      short.clock.advance(minutes(11));
      const res = await c.get('/api/v1/me');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('session_expired');
    } finally {
      await short.close();
    }
  });

  it('important dates: the daily job publishes each upcoming date once, lunar birthdays included', async () => {
    const c = await buildCustomer(m1);
    // 2026-11-23T02:00Z = 10:00 in Shanghai on 11-23; a founding anniversary on 11-25.
    const kd = await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'foundingAnniversary', title: '成立纪念日', calendar: 'solar', month: 11, day: 25, remindDaysBefore: 3 });
    expect(kd.status).toBe(201);
    const far = await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'openingAnniversary', title: '开业纪念日', calendar: 'solar', month: 12, day: 20, remindDaysBefore: 3 });
    expect(far.status).toBe(201);
    // 农历十月十六 2026 is 2026-11-24 (lunar-typescript), tomorrow.
    const contact = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '王伟', role: 'owner', birthdayCalendar: 'lunar', birthMonth: 10, birthDay: 16 });
    expect(contact.status).toBe(201);
    expect(contact.body.nextBirthday).toBe('2026-11-24');
    await m1.post('/api/v1/notifications/read-all', {});

    const first = await runKeyDateReminders(t.ctx, t.clock.now());
    expect(first.published).toBeGreaterThanOrEqual(2);
    await runKeyDateReminders(t.ctx, t.clock.now());
    await fanOut();
    const list = (await m1.get('/api/v1/notifications?status=unread&type=keyDate.upcoming&perPage=100')).body.data.filter((n: any) => n.entityId === c.id);
    expect(list.map((n: any) => n.title).sort()).toEqual(['明天是客户「' + c.name + '」王伟的生日（农历）', '后天是客户「' + c.name + '」成立纪念日'].sort());

    // Passed dates move on to their next occurrence (the lunar one by the lunar calendar).
    t.clock.advance(hours(24 * 3));
    const moved = await runKeyDateReminders(t.ctx, t.clock.now());
    expect(moved.refreshed).toBeGreaterThanOrEqual(2);
    const row = await t.handle.db.selectFrom('contact').select('nextBirthday').where('id', '=', contact.body.id).executeTakeFirstOrThrow();
    expect(row.nextBirthday! > '2027-01-01').toBe(true);
    const kdRow = await t.handle.db.selectFrom('keyDate').select('nextDate').where('id', '=', kd.body.id).executeTakeFirstOrThrow();
    expect(kdRow.nextDate).toBe('2027-11-25');
    t.clock.set('2026-11-23T02:00:00.000Z');
  });

  it('reclaim warnings reach the owner once per follow-up period, and a unit summary is published for robots', async () => {
    await buildPool(t, 'HZ');
    const c = await buildCustomer(m1);
    // Grade D: 30 days; warned 7 days before. Last contact 25 days ago.
    const longAgo = toIso(new Date(t.clock.now().getTime() - hours(24 * 25)));
    await setFollowUp(t, c.id, { lastContactAt: longAgo, claimedAt: longAgo, createdAt: longAgo, grade: 'D', isKey: 0 });
    await runReclaim(t.ctx, t.clock.now());
    await runReclaim(t.ctx, t.clock.now());
    await fanOut();
    const mine = await t.handle.db.selectFrom('notification').selectAll().where('entityId', '=', c.id).where('type', '=', 'customer.reclaimWarning').execute();
    expect(mine.map((n) => n.userId)).toEqual([m1Id]);
    // Due in 5 days, but a warning gives W = 7 days' notice (decision 030): back to the pool 7 days from now.
    expect(JSON.parse(mine[0]!.payload)).toMatchObject({ customerName: c.name, days: 30, idleDays: 25, reclaimOn: '2026-11-30' });
    expect(await countRows(t, 'outboxEvent', ['type', '=', 'customer.reclaimSummary'])).toBeGreaterThanOrEqual(1);
  });

  it('preferences: validation names the field and changes nothing; versions; leaders keep required events on', async () => {
    const prefs = await m3.get('/api/v1/me/notification-preferences');
    expect(prefs.body).toMatchObject({ digestEnabled: true, digestTime: '08:00', quietHours: null, version: 1 });
    const before = await countRows(t, 'notificationPreference');
    for (const [body, path, text] of [
      [{ digestTime: '25:00', version: 1 }, 'digestTime', '摘要发送时间应为 24 小时制的 HH:mm'],
      [{ digestTime: '8:00', version: 1 }, 'digestTime', '摘要发送时间应为'],
      [{ quietHours: '22:00~07:00', version: 1 }, 'quietHours', '免打扰时段应为 HH:mm-HH:mm'],
      [{ quietHours: '22:00-22:00', version: 1 }, 'quietHours', '免打扰时段'],
      [{ quietHours: '24:00-07:00', version: 1 }, 'quietHours', '免打扰时段'],
      [{ channels: { 'no.such': { inApp: true, email: false } }, version: 1 }, 'channels.no.such', '不是已知的通知类型'],
      [{ channels: { 'keyDate.upcoming': { inApp: 'yes', email: false } }, version: 1 }, 'channels.keyDate.upcoming.inApp', ''],
      [{ digestTime: '08:00', version: 1, extra: 1 }, 'extra', '不允许'],
    ] as const) {
      const res = await m3.put('/api/v1/me/notification-preferences', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain(path);
      if (text) expect(res.body.error.message).toContain(text);
    }
    await m3.patch('/api/v1/me', { locale: 'en-US' });
    const en = await m3.put('/api/v1/me/notification-preferences', { digestTime: '25:00', version: 1 });
    expect(en.body.error.fields[0].message).toBe('Digest time must be a 24-hour time HH:mm, e.g. 08:00');
    await m3.patch('/api/v1/me', { locale: 'zh-CN' });
    expect(await countRows(t, 'notificationPreference')).toBe(before);

    const saved = await m3.put('/api/v1/me/notification-preferences', { digestTime: '07:30', quietHours: '22:00-07:00', channels: { 'keyDate.upcoming': { inApp: false, email: true } }, version: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ digestTime: '07:30', quietHours: '22:00-07:00', version: 2, channels: { 'keyDate.upcoming': { inApp: false, email: true } } });
    const stale = await m3.put('/api/v1/me/notification-preferences', { digestTime: '09:00', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    // leader1 requires key dates in-app for 杭州 (manager3's city): manager3's "off" is overridden.
    const hz = await idOf(t, 'orgUnit', 'HZ');
    const nb = await idOf(t, 'orgUnit', 'NB');
    expect((await m3.put(`/api/v1/notifications/rules/${hz}`, { requiredEvents: [] })).status).toBe(403);
    expect((await leader1.put(`/api/v1/notifications/rules/${nb}`, { requiredEvents: [] })).status).toBe(404);
    const bad = await leader1.put(`/api/v1/notifications/rules/${hz}`, { requiredEvents: [{ eventType: 'nope', channel: 'inApp' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('requiredEvents.0.eventType');
    const rules = await leader1.put(`/api/v1/notifications/rules/${hz}`, { requiredEvents: [{ eventType: 'keyDate.upcoming', channel: 'inApp' }] });
    expect(rules.status).toBe(200);
    const types = (await m3.get('/api/v1/notifications/event-types')).body.data;
    expect(types.find((x: any) => x.type === 'keyDate.upcoming').required).toEqual(['inApp']);
    const c = await buildCustomer(m3);
    await transaction(t.handle.db, (tx) =>
      publish(tx, t.clock.now(), { type: 'keyDate.upcoming', entity: { type: 'customer', id: c.id }, recipients: [m3Id], data: { customerName: c.name, title: '成立纪念日', date: '2026-11-24', daysLeft: 1, lunar: false, contactName: null } }),
    );
    await fanOut();
    expect(await countRows(t, 'notification', ['entityId', '=', c.id])).toBe(1);
    expect((await admin.get('/api/v1/notifications/rules')).body.data.length).toBeGreaterThanOrEqual(1);
    await leader1.put(`/api/v1/notifications/rules/${hz}`, { requiredEvents: [] });
  });

  it('without LIAISON_SECRET_KEY: the demo (SQLite) makes a local key file; PostgreSQL refuses to store secrets', async () => {
    const xh = await idOf(t, 'orgUnit', 'HZ-XH');
    const before = await countRows(t, 'notificationRobot');
    const res = await leader1.post('/api/v1/notifications/robots', { orgUnitId: xh, robotKind: 'wecom', name: '西湖群', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123-abcd' });
    if (testDbKind === 'sqlite') {
      expect(res.status).toBe(201);
      expect(fs.statSync(path.join(t.db.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(JSON.stringify(res.body)).not.toContain('0123-abcd');
    } else {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('secret_key_missing');
      expect(res.body.error.message).toContain('LIAISON_SECRET_KEY');
      expect(await countRows(t, 'notificationRobot')).toBe(before);
    }
  });

  it('visits: visit.due reaches the manager and the joint-visit participant, no one else; the digest lists today\'s visits', async () => {
    const c = await buildCustomer(m1, { name: '拜访测试店' });
    const m2Id = await idOf(t, 'appUser', 'manager2');
    const m2 = await t.login('manager2');
    // 2026-11-23T02:00Z is 10:00 in Shanghai; a visit at 14:00 today; manager2 (scope self: not their customer) joins.
    const v = await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'onsite', purpose: 'followUp', startAt: '2026-11-23T06:00:00.000Z', endAt: null, participantIds: [m2Id] });
    expect(v.status).toBe(201);
    await runVisitDue(t.ctx, t.clock.now());
    await fanOut();
    const got = await t.handle.db.selectFrom('notification').select('userId').where('entityId', '=', v.body.id).execute();
    expect(got.map((r) => r.userId).sort()).toEqual([m1Id, m2Id].sort());
    const mine = (await m1.get('/api/v1/notifications?type=visit.due')).body.data[0];
    expect(mine.title).toBe('今天 14:00 上门拜访客户「拜访测试店」');
    expect((await m3.get('/api/v1/notifications?type=visit.due')).body.count).toBe(0);
    expect((await m2.get('/api/v1/notifications?type=visit.due')).body.count).toBe(1);
    const preview = await m1.get('/api/v1/me/digest-preview');
    const section = preview.body.data.find((s: any) => s.title.startsWith('今日计划拜访'));
    expect(section.lines.map((l: any) => l.text)).toContain('14:00 · 拜访测试店 · 上门');
  });
});
