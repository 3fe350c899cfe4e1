import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hours, minutes } from '../src/clock.js';
import { toIso } from '../src/db/dialect.js';
import { transaction } from '../src/db/transaction.js';
import { publish } from '../src/modules/notifications/publish.js';
import { backoffMs } from '../src/modules/notifications/delivery.js';
import { countRows, idOf, loginAll, startSecondApp, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';
import { startRobotServer, startSmtpSink } from './notifyServers.js';

const SECRET_KEY = 'a'.repeat(64);

describe(`notification delivery: email digest, crash between send and mark, two instances [${testDbKind}]`, () => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let m1: Client, m2: Client, admin: Client;
  let m1Id: string, m2Id: string;
  beforeAll(async () => {
    sink = await startSmtpSink();
    // 2026-11-23T23:59Z is 07:59 on 11-24 in Shanghai: a minute before the default digest time.
    t = await startTestApp({
      env: { SMTP_URL: sink.url, SMTP_FROM: '客户经理工作台 <noreply@liaison.test>', LIAISON_SECRET_KEY: SECRET_KEY, PUBLIC_URL: 'https://liaison.example.cn', SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' },
    });
    [m1, m2, admin] = await loginAll(t, 'manager1', 'manager2', 'admin');
    m1Id = await idOf(t, 'appUser', 'manager1');
    m2Id = await idOf(t, 'appUser', 'manager2');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('the morning digest arrives in the SMTP sink at 08:00 Shanghai on a frozen clock: zh-CN subject encoded, text part, no phone', async () => {
    const c = await buildCustomer(m1, { name: '惠民食杂店', phone: '13912345678' });
    await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'foundingAnniversary', title: '成立纪念日', calendar: 'solar', month: 11, day: 25 });
    // A contact whose name carries a phone number (careless data entry) must not leak it either.
    await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '王伟13812345678', role: 'owner', mobile: '13812345678', birthdayCalendar: 'solar', birthMonth: 11, birthDay: 26 });
    await t.notifier.runOnce();
    // m2 moves the digest to 09:00 and wants it in the bell only.
    const c2 = await buildCustomer(m2, { name: '便民超市' });
    await m2.post(`/api/v1/customers/${c2.id}/key-dates`, { kind: 'openingAnniversary', title: '开业纪念日', calendar: 'solar', month: 11, day: 24 });
    const p = await m2.get('/api/v1/me/notification-preferences');
    const moved = await m2.put('/api/v1/me/notification-preferences', { digestTime: '09:00', channels: { 'digest.morning': { inApp: true, email: false } }, version: p.body.version });
    expect(moved.status).toBe(200);

    t.clock.set('2026-11-23T23:59:00.000Z');
    await t.notifier.runOnce();
    expect(sink.mails.filter((m) => m.parsed.subject?.includes('晨间摘要'))).toHaveLength(0);

    t.clock.set('2026-11-24T00:00:00.000Z');
    const run = await t.notifier.runOnce();
    expect(run.digests).toBeGreaterThanOrEqual(1);
    const digests = sink.mails.filter((m) => m.parsed.subject?.includes('晨间摘要'));
    const m1Mails = digests.filter((m) => m.to[0] === 'manager1@demo.liaison.local');
    expect(m1Mails).toHaveLength(1);
    // m2 moved theirs to 09:00 and to the bell only.
    expect(digests.filter((m) => m.to.includes('manager2@demo.liaison.local'))).toHaveLength(0);
    // The demo organisation writes plans: whoever else got a digest at 08:00 got it for their own
    // late or due plans (issue 8) — never an empty one.
    const others = digests.filter((m) => m.to[0] !== 'manager1@demo.liaison.local');
    for (const m of others) expect(m.parsed.text).toContain('我的计划');
    const mail = m1Mails[0]!;
    expect(mail.parsed.subject).toBe('【客户经理工作台】晨间摘要 · 11月24日');
    // RFC 2047 encoded-word in the raw header, UTF-8.
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(mail.parsed.from?.text).toContain('noreply@liaison.test');
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]+@liaison\.example\.cn>$/);
    expect(mail.parsed.text).toContain('近 3 天的重要日期');
    expect(mail.parsed.text).toContain('明天 · 惠民食杂店 · 成立纪念日');
    expect(mail.parsed.text).toContain(`https://liaison.example.cn/customers/${c.id}`);
    expect(mail.parsed.html).toContain('惠民食杂店');
    for (const part of [mail.parsed.text ?? '', String(mail.parsed.html), mail.raw]) {
      expect(part).not.toContain('13912345678');
      expect(part).not.toContain('13812345678');
    }
    expect(mail.parsed.text).toContain('王伟138****5678');
    // Once per day, also when the worker runs again; the bell has the digest too.
    await t.notifier.runOnce();
    expect(sink.mails.filter((m) => m.parsed.subject?.includes('晨间摘要'))).toHaveLength(digests.length);
    const bell = await m1.get('/api/v1/notifications?type=digest.morning');
    expect(bell.body.count).toBe(1);
    expect(bell.body.data[0].title).toMatch(/^晨间摘要：近 3 天的重要日期 \d+ 项/);

    // m2's 09:00.
    t.clock.set('2026-11-24T01:00:00.000Z');
    await t.notifier.runOnce();
    const m2Digest = await t.handle.db.selectFrom('notificationDigest').select(['digestDate', 'itemCount']).where('userId', '=', m2Id).execute();
    // One key date, plus m2's own late or due plans (counted from the preview of the same day).
    const m2Sections = (await m2.get('/api/v1/me/digest-preview')).body.data as { title: string; lines: unknown[] }[];
    const m2PlanLines = m2Sections.filter((x) => x.title.startsWith('我的计划')).flatMap((x) => x.lines).length;
    expect(m2Digest).toEqual([{ digestDate: '2026-11-24', itemCount: 1 + m2PlanLines }]);
    expect((await m2.get('/api/v1/notifications?type=digest.morning')).body.data[0].title).toBe(
      m2PlanLines ? `晨间摘要：近 3 天的重要日期 1 项，我的计划 ${m2PlanLines} 项` : '晨间摘要：近 3 天的重要日期 1 项',
    );
    expect(sink.mails.filter((m) => m.to.includes('manager2@demo.liaison.local'))).toHaveLength(0);
  });

  it('a crash between send and mark: at most one duplicate, no loss, counted in the figures', async () => {
    const c = await buildCustomer(m1);
    const p = await m1.get('/api/v1/me/notification-preferences');
    await m1.put('/api/v1/me/notification-preferences', { channels: { 'customer.reclaimWarning': { inApp: true, email: true } }, version: p.body.version });
    await transaction(t.handle.db, (tx) =>
      publish(tx, t.clock.now(), { type: 'customer.reclaimWarning', entity: { type: 'customer', id: c.id }, recipients: [m1Id], data: { customerName: '崩溃测试店', days: 30, idleDays: 24, reclaimOn: '2026-11-30' } }),
    );
    const before = sink.mails.length;
    t.notifier.hooks.afterSend = () => {
      throw new Error('simulated crash between send and mark');
    };
    await expect(t.notifier.runOnce()).rejects.toThrow('simulated crash');
    t.notifier.hooks = {};
    const sentOnce = sink.mails.slice(before).filter((m) => m.parsed.subject?.includes('崩溃测试店'));
    expect(sentOnce).toHaveLength(1);
    const d = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('subject', 'like', '%崩溃测试店%').executeTakeFirstOrThrow();
    expect(d.status).toBe('sending');
    // Before the lease lapses nobody takes it over (the worker might still be alive).
    await t.notifier.runOnce();
    expect(sink.mails.slice(before).filter((m) => m.parsed.subject?.includes('崩溃测试店'))).toHaveLength(1);
    t.clock.advance(minutes(3));
    await t.notifier.runOnce();
    await t.notifier.runOnce();
    const all = sink.mails.slice(before).filter((m) => m.parsed.subject?.includes('崩溃测试店'));
    expect(all).toHaveLength(2);
    // Same Message-ID both times: the idempotency key a receiving system can drop the copy by.
    expect(new Set(all.map((m) => m.parsed.messageId)).size).toBe(1);
    const after = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('sent');
    const attempts = await t.handle.db.selectFrom('notificationAttempt').select(['attempt', 'outcome']).where('deliveryId', '=', d.id).orderBy('attempt').execute();
    expect(attempts).toEqual([
      { attempt: 1, outcome: 'interrupted' },
      { attempt: 2, outcome: 'sent' },
    ]);
    const figures = await admin.get('/api/v1/notifications/figures');
    expect(figures.status).toBe(200);
    const email = figures.body.data.find((f: any) => f.channel === 'email');
    expect(email).toMatchObject({ duplicate: 1, failed: 0, pending: 0 });
    expect(email.sent).toBeGreaterThanOrEqual(2);
    expect((await m1.get('/api/v1/notifications/figures')).status).toBe(403);
  });

  it('email retries with exponential backoff when the server refuses, every attempt recorded', async () => {
    await sink.close();
    const c = await buildCustomer(m1);
    await transaction(t.handle.db, (tx) =>
      publish(tx, t.clock.now(), { type: 'customer.reclaimWarning', entity: { type: 'customer', id: c.id }, recipients: [m1Id], data: { customerName: '重试测试店', days: 30, idleDays: 24, reclaimOn: '2026-11-30' } }),
    );
    await t.notifier.runOnce();
    const d = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('subject', 'like', '%重试测试店%').executeTakeFirstOrThrow();
    expect(d.status).toBe('pending');
    expect(d.nextAttemptAt).toBe(toIso(new Date(t.clock.now().getTime() + backoffMs(1))));
    t.clock.advance(backoffMs(1));
    await t.notifier.runOnce();
    const d2 = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(d2.attempts).toBe(2);
    expect(d2.nextAttemptAt).toBe(toIso(new Date(t.clock.now().getTime() + backoffMs(2))));
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    // The server is back (a new sink on the same port is not guaranteed; point SMTP at it).
    sink = await startSmtpSink();
    t.ctx.config.smtpUrl = sink.url;
    t.clock.advance(backoffMs(2));
    await t.notifier.runOnce();
    const d3 = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(d3.status).toBe('sent');
    expect(sink.mails.filter((m) => m.parsed.subject?.includes('重试测试店'))).toHaveLength(1);
    const outcomes = (await t.handle.db.selectFrom('notificationAttempt').select('outcome').where('deliveryId', '=', d.id).orderBy('attempt').execute()).map((a) => a.outcome);
    expect(outcomes).toEqual(['error', 'error', 'sent']);
  });

  it('two app instances on one database deliver each notification once', async () => {
    const second = await startSecondApp(t, { env: { SMTP_URL: sink.url, LIAISON_SECRET_KEY: SECRET_KEY, PUBLIC_URL: 'https://liaison.example.cn' } });
    try {
      const cs = await Promise.all(Array.from({ length: 8 }, () => buildCustomer(m1)));
      const tag = `并发${Date.now()}`;
      await transaction(t.handle.db, async (tx) => {
        for (const [i, c] of cs.entries())
          for (let k = 0; k < 5; k++)
            await publish(tx, t.clock.now(), { type: 'customer.reclaimWarning', entity: { type: 'customer', id: c.id }, recipients: [m1Id], data: { customerName: `${tag}-${i}-${k}`, days: 30, idleDays: 24, reclaimOn: '2026-11-30' } });
      });
      const before = sink.mails.length;
      // Both instances work at the same time, several rounds each, until nothing is left.
      for (let round = 0; round < 5; round++) await Promise.all([t.notifier.runOnce(), second.notifier.runOnce(), t.notifier.runOnce(), second.notifier.runOnce()]);
      const mails = sink.mails.slice(before).filter((m) => m.parsed.subject?.includes(tag));
      expect(mails).toHaveLength(40);
      expect(new Set(mails.map((m) => m.parsed.subject)).size).toBe(40);
      expect(await countRows(t, 'notification', ['type', '=', 'customer.reclaimWarning'])).toBeGreaterThanOrEqual(40);
      const ins = await t.handle.db.selectFrom('notification').select('eventId').where('userId', '=', m1Id).execute();
      expect(new Set(ins.map((r) => r.eventId)).size).toBe(ins.length);
    } finally {
      await second.close();
    }
  });
});

describe(`group robots: WeCom and DingTalk against a local server [${testDbKind}]`, () => {
  let t: TestApp;
  let robots: Awaited<ReturnType<typeof startRobotServer>>;
  let leader1: Client, leader2: Client, m1: Client, admin: Client;
  let xh: string, hz: string;
  const dingSecret = 'SECtestsecret0123456789abcdef';
  beforeAll(async () => {
    robots = await startRobotServer({ dingtalkSecret: dingSecret });
    t = await startTestApp({ env: { ROBOT_ALLOW_LOCAL: '1', LIAISON_SECRET_KEY: SECRET_KEY, NOTIFY_HTTP_TIMEOUT_MS: '300', ROBOT_RATE_PER_MINUTE: '3', SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' } });
    [leader1, leader2, m1, admin] = await loginAll(t, 'leader1', 'leader2', 'manager1', 'admin');
    [xh, hz] = await Promise.all([idOf(t, 'orgUnit', 'HZ-XH'), idOf(t, 'orgUnit', 'HZ')]);
  });
  afterAll(async () => {
    await t.close();
    await robots.close();
  });

  const summary = (unitId: string, count: number, key?: string) =>
    transaction(t.handle.db, (tx) =>
      publish(tx, t.clock.now(), { type: 'customer.reclaimSummary', entity: { type: 'orgUnit', id: unitId }, recipients: [], orgUnitId: unitId, data: { unitName: '西湖营销部', count }, dedupeKey: key }),
    );

  it('refuses bad webhook input with the field named, stores nothing, and never returns the address or secret', async () => {
    const before = await countRows(t, 'notificationRobot');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ orgUnitId: xh, robotKind: 'wecom', name: '西湖群', webhookUrl: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' }, 'webhookUrl', '必须是 https:// 开头的地址'],
      [{ orgUnitId: xh, robotKind: 'wecom', name: '西湖群', webhookUrl: 'https://evil.example.com/cgi-bin/webhook/send?key=abc' }, 'webhookUrl', '不是该类型机器人的官方地址'],
      [{ orgUnitId: xh, robotKind: 'dingtalk', name: '西湖群', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', signingSecret: 'x' }, 'webhookUrl', '不是该类型'],
      [{ orgUnitId: xh, robotKind: 'wecom', name: '西湖群', webhookUrl: 'not a url' }, 'webhookUrl', ''],
      [{ orgUnitId: xh, robotKind: 'dingtalk', name: '西湖群', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc' }, 'signingSecret', '需要填写签名密钥'],
      [{ orgUnitId: xh, robotKind: 'wecom', name: '西湖群', webhookUrl: robots.wecomUrl('k'), eventTypes: ['keyDate.upcoming'] }, 'eventTypes.0', '不是已知的通知类型'],
      [{ orgUnitId: xh, robotKind: 'slack', name: '西湖群', webhookUrl: robots.wecomUrl('k') }, 'robotKind', ''],
      [{ orgUnitId: 'nope', robotKind: 'wecom', name: '西湖群', webhookUrl: robots.wecomUrl('k') }, 'orgUnitId', ''],
    ];
    for (const [body, path, text] of cases) {
      const res = await leader1.post('/api/v1/notifications/robots', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain(path);
      if (text) expect(res.body.error.message).toContain(text);
    }
    // A leader of 宁波 cannot put a robot on 杭州's unit; a manager cannot at all.
    expect((await leader2.post('/api/v1/notifications/robots', { orgUnitId: xh, robotKind: 'wecom', name: 'x', webhookUrl: robots.wecomUrl('k') })).status).toBe(400);
    expect((await m1.post('/api/v1/notifications/robots', { orgUnitId: xh, robotKind: 'wecom', name: 'x', webhookUrl: robots.wecomUrl('k') })).status).toBe(403);
    expect(await countRows(t, 'notificationRobot')).toBe(before);
  });

  it('both robots receive the unit event; DingTalk signed; errors and time-outs retried with backoff; exactly one success each', async () => {
    const wecom = await leader1.post('/api/v1/notifications/robots', { orgUnitId: xh, robotKind: 'wecom', name: '西湖营销部群', webhookUrl: robots.wecomUrl('wecom-key-123456') });
    expect(wecom.status).toBe(201);
    const ding = await leader1.post('/api/v1/notifications/robots', { orgUnitId: hz, robotKind: 'dingtalk', name: '杭州分公司钉钉群', webhookUrl: robots.dingtalkUrl('ding-token-abcdef'), signingSecret: dingSecret });
    expect(ding.status).toBe(201);
    // Never in clear: not in the answer, not in the list, not in the database.
    for (const body of [wecom.body, ding.body, (await leader1.get('/api/v1/notifications/robots')).body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('wecom-key-123456');
      expect(text).not.toContain('ding-token-abcdef');
      expect(text).not.toContain(dingSecret);
    }
    expect(wecom.body.webhookHint).toBe(`${new URL(robots.base).host}/cgi-bin/webhook/send …3456`);
    const stored = JSON.stringify(await t.handle.db.selectFrom('notificationRobot').selectAll().execute());
    expect(stored).not.toContain('wecom-key-123456');
    expect(stored).not.toContain(dingSecret);
    expect((await leader2.get('/api/v1/notifications/robots')).body.data).toHaveLength(0);

    // WeCom: an error, then a time-out, then OK. DingTalk: HTTP 500, then OK.
    robots.script.push('error', 'http500', 'timeout', 'ok', 'ok');
    await summary(xh, 12);
    const hitsOf = (p: string) => robots.hits.filter((h) => h.path.startsWith(p));
    for (let i = 0; i < 6; i++) {
      await t.notifier.runOnce();
      t.clock.advance(backoffMs(i + 1));
    }
    const deliveries = await t.handle.db.selectFrom('notificationDelivery').selectAll().where('channel', 'in', ['wecom', 'dingtalk']).execute();
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    const okHits = robots.hits.filter((h) => h.answered === 'ok');
    expect(okHits).toHaveLength(2);
    expect(robots.hits.filter((h) => h.answered === 'bad-sign')).toHaveLength(0);
    const wecomOk = hitsOf('/cgi-bin').find((h) => h.answered === 'ok')!;
    expect(wecomOk.body.markdown.content).toContain('西湖营销部：12 位客户即将被回收到公海');
    const dingOk = hitsOf('/robot/send').find((h) => h.answered === 'ok')!;
    expect(dingOk.body.markdown.title).toContain('12 位客户');
    expect(dingOk.query.get('sign')).toBeTruthy();
    // Every attempt recorded; retries spaced by the backoff.
    const attempts = await t.handle.db
      .selectFrom('notificationAttempt')
      .innerJoin('notificationDelivery', 'notificationDelivery.id', 'notificationAttempt.deliveryId')
      .select(['notificationDelivery.channel', 'notificationAttempt.outcome', 'notificationAttempt.startedAt', 'notificationAttempt.error'])
      .orderBy('notificationAttempt.startedAt')
      .execute();
    const total = attempts.length;
    expect(total).toBe(robots.hits.length);
    expect(attempts.filter((a) => a.outcome === 'sent')).toHaveLength(2);
    expect(attempts.some((a) => a.error?.startsWith('timeout'))).toBe(true);
    const retried = deliveries.find((d) => d.attempts > 2)!;
    const times = attempts.filter((a) => a.channel === retried.channel).map((a) => Date.parse(a.startedAt));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(backoffMs(i));
    const figures = (await admin.get('/api/v1/notifications/figures')).body.data;
    expect(figures.find((f: any) => f.channel === 'wecom')).toMatchObject({ sent: 1, failed: 0, duplicate: 0 });
    expect(figures.find((f: any) => f.channel === 'dingtalk')).toMatchObject({ sent: 1, failed: 0 });
    expect(figures.filter((f: any) => f.channel !== 'email').reduce((n: number, f: any) => n + f.retried, 0)).toBeGreaterThanOrEqual(1);
  });

  it('a burst is folded into one message, and the per-webhook rate limit holds the rest back', async () => {
    const wecomId = (await t.handle.db.selectFrom('notificationRobot').select('id').where('kind', '=', 'wecom').executeTakeFirstOrThrow()).id;
    await t.handle.db.updateTable('notificationRobot').set({ enabled: 0 }).where('kind', '=', 'dingtalk').execute();
    t.clock.advance(hours(1));
    const before = robots.hits.length;
    for (let i = 0; i < 30; i++) await summary(xh, i + 1, `burst-${i}`);
    await t.notifier.runOnce();
    const burst = robots.hits.slice(before);
    expect(burst).toHaveLength(1);
    expect(burst[0]!.body.markdown.content).toContain('30 条新通知');
    expect(Buffer.byteLength(burst[0]!.body.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
    // Rate 3 a minute (set for the test): the burst and two more messages, then the rest waits for the window.
    for (let k = 0; k < 5; k++) {
      await summary(xh, 100 + k, `rate-${k}`);
      await t.notifier.runOnce();
    }
    expect(robots.hits.length - before).toBe(3);
    const waiting = await t.handle.db.selectFrom('notificationDelivery').select('status').where('targetId', '=', wecomId).where('status', '=', 'pending').execute();
    expect(waiting.length).toBe(3);
    t.clock.advance(minutes(1) + 1000);
    await t.notifier.runOnce();
    expect(robots.hits.length - before).toBe(4);
    expect(robots.hits[robots.hits.length - 1]!.body.markdown.content).toContain('3 条新通知');
  });

  it('the test button reports what the robot answered; deleting needs the scope', async () => {
    const list = (await leader1.get('/api/v1/notifications/robots')).body.data;
    const ding = list.find((r: any) => r.robotKind === 'dingtalk');
    const res = await leader1.post(`/api/v1/notifications/robots/${ding.id}/test`);
    expect(res.body).toEqual({ ok: true, error: null });
    expect(robots.hits[robots.hits.length - 1]!.answered).toBe('ok');
    expect((await leader2.del(`/api/v1/notifications/robots/${ding.id}`)).status).toBe(404);
    const stale = await leader1.patch(`/api/v1/notifications/robots/${ding.id}`, { name: '改名', version: ding.version + 5 });
    expect(stale.status).toBe(409);
    const bad = await leader1.patch(`/api/v1/notifications/robots/${ding.id}`, { signingSecret: null, version: ding.version });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('signingSecret');
    expect((await leader1.del(`/api/v1/notifications/robots/${ding.id}`)).status).toBe(200);
  });
});
