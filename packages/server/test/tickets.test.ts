import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, idOf, loginAll, startTestApp, testDbKind, upload, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';

/** Opens a ticket through the API; a general complaint unless told otherwise. */
const openTicket = async (c: Client, customerId: string, overrides: Record<string, unknown> = {}) => {
  const res = await c.post('/api/v1/tickets', { kind: 'complaint', severity: 'general', channel: 'phone', customerId, title: '门店反映配送延误', description: '客户称本周订货晚到两天', ...overrides });
  if (res.status !== 201) throw new Error(`openTicket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const act = (c: Client, t: { id: string; version: number }, body: Record<string, unknown>) => c.post(`/api/v1/tickets/${t.id}/transitions`, { version: t.version, ...body });

describe(`tickets: the complaint flow, scope and hostile input [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m5: Client, handler1: Client, leader1: Client, leader2: Client, admin: Client, auditor: Client;
  let ids: Record<string, string>;
  let customer: { id: string };

  beforeAll(async () => {
    // The clock moves in these tests; sessions must outlive it.
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' } });
    [m1, m2, m5, handler1, leader1, leader2, admin, auditor] = await loginAll(t, 'manager1', 'manager2', 'manager5', 'handler1', 'leader1', 'leader2', 'admin', 'auditor1');
    ids = Object.fromEntries(await Promise.all(['manager1', 'handler1', 'leader1', 'manager5', 'leader2'].map(async (u) => [u, await idOf(t, 'appUser', u)])));
    customer = await buildCustomer(m1, { name: '西湖便利店' });
  });
  afterAll(() => t.close());

  it('a complaint goes through every step, each recorded with who, when and what', async () => {
    let tk = await openTicket(m1, customer.id);
    expect(tk).toMatchObject({ status: 'accept', ownerId: ids.manager1, orgUnitName: '杭州市分公司', path: ['accept', 'assign', 'analyse', 'propose', 'approve', 'implement', 'callback', 'review', 'closed'] });
    expect(tk.number).toMatch(/^GD20261123-[0-9A-Z]{6}$/);
    expect(tk.resolution).toMatchObject({ unit: 'naturalDays', amount: 15, provisional: false, breached: false });
    // Mon 2026-11-23 10:00 + 15 days = Tue 12-08, ends at close.
    expect(tk.resolution.dueAt).toBe('2026-12-08T10:00:00.000Z');
    expect(tk.resolution.explanation[0]).toMatch(/^受理 2026年11月23日（周一）10:00 \+ 15 个自然日 → 12月8日（周二）18:00/);
    expect(tk.actions).toEqual([]);
    const queue = await handler1.get('/api/v1/tickets?view=unit');
    expect(queue.body.data.map((x: any) => x.id)).toContain(tk.id);

    tk = (await act(handler1, tk, { action: 'accept' })).body;
    expect(tk).toMatchObject({ status: 'assign', ownerId: ids.handler1 });
    expect(tk.respondedAt).not.toBeNull();
    tk = (await act(handler1, tk, { action: 'assign', assigneeId: ids.handler1 })).body;
    expect(tk.status).toBe('analyse');
    tk = (await act(handler1, tk, { action: 'analyse', cause: 'supplyDelivery', analysis: '配送线路调整导致延误' })).body;
    expect(tk).toMatchObject({ status: 'propose', cause: 'supplyDelivery' });
    tk = (await act(handler1, tk, { action: 'propose', proposal: '恢复原线路并致歉' })).body;
    expect(tk.status).toBe('approve');
    expect(tk.actions).not.toContain('approve');
    // A manager cannot approve (no permission): 403. The leader can.
    expect((await act(m1, tk, { action: 'approve', approved: true })).status).toBe(403);
    tk = (await act(leader1, tk, { action: 'approve', approved: true, comment: '同意' })).body;
    expect(tk.status).toBe('implement');
    tk = (await act(handler1, tk, { action: 'implement', implementation: '已调整配送线路' })).body;
    expect(tk.status).toBe('callback');
    expect(tk.resolvedAt).not.toBeNull();
    // The customer's manager calls back.
    const m1view = (await m1.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(m1view.actions).toContain('callback');
    tk = (await act(m1, tk, { action: 'callback', satisfaction: 5, solved: true, note: '客户满意' })).body;
    expect(tk).toMatchObject({ status: 'review', satisfaction: 5, solved: true });
    tk = (await act(leader1, tk, { action: 'review', summary: '已整改，纳入月度分析' })).body;
    expect(tk.status).toBe('closed');
    expect(tk.closedAt).not.toBeNull();

    const history = (await m1.get(`/api/v1/tickets/${tk.id}/events`)).body.data;
    expect(history.map((e: any) => e.action)).toEqual(['create', 'accept', 'assign', 'analyse', 'propose', 'approve', 'implement', 'callback', 'review']);
    expect(history.map((e: any) => e.actorName)).toEqual(['张伟', '黄海', '黄海', '黄海', '黄海', '王建国', '黄海', '张伟', '王建国']);
    // Notifications went into the outbox in the same transactions.
    expect(await countRows(t, 'outboxEvent', ['type', '=', 'ticket.approvalRequested'])).toBeGreaterThan(0);
    expect(await countRows(t, 'outboxEvent', ['type', '=', 'ticket.callbackDue'])).toBeGreaterThan(0);
  });

  it('short path for consultations; faults skip approval unless severe; send back one step with a reason', async () => {
    let c = await openTicket(m1, customer.id, { kind: 'consultation', title: '咨询新品政策' });
    expect(c.path).toEqual(['accept', 'answer', 'closed']);
    c = (await act(handler1, c, { action: 'accept' })).body;
    c = (await act(handler1, c, { action: 'answer', answer: '已告知政策' })).body;
    expect(c).toMatchObject({ status: 'closed' });
    expect(c.resolvedAt).not.toBeNull();
    const f = await openTicket(m1, customer.id, { kind: 'fault', severity: 'general' });
    expect(f.path).not.toContain('approve');
    const severe = await openTicket(m1, customer.id, { kind: 'fault', severity: 'critical' });
    expect(severe.path).toContain('approve');
    expect(severe.resolution).toMatchObject({ unit: 'naturalHours', amount: 8 });

    let s = (await act(handler1, f, { action: 'accept' })).body;
    s = (await act(handler1, s, { action: 'assign', assigneeId: ids.handler1 })).body;
    s = (await act(handler1, s, { action: 'analyse', cause: 'equipmentFault', analysis: '设备老化' })).body;
    const noReason = await act(handler1, s, { action: 'sendBack', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    s = (await act(handler1, s, { action: 'sendBack', reason: '分析不充分' })).body;
    expect(s.status).toBe('analyse');
    const ev = (await handler1.get(`/api/v1/tickets/${s.id}/events`)).body.data.at(-1);
    expect(ev).toMatchObject({ action: 'sendBack', fromStatus: 'propose', toStatus: 'analyse', reason: '分析不充分' });
  });

  it('a closed ticket reopens within the window when the customer says unsolved, and counts as reopened', async () => {
    let c = await openTicket(m1, customer.id, { kind: 'consultation' });
    c = (await act(handler1, c, { action: 'accept' })).body;
    c = (await act(handler1, c, { action: 'answer', answer: '答复' })).body;
    c = (await act(m1, c, { action: 'reopen', reason: '客户回访称问题未解决' })).body;
    expect(c).toMatchObject({ status: 'answer', reopenCount: 1, closedAt: null, resolvedAt: null });
    c = (await act(handler1, c, { action: 'answer', answer: '再次答复' })).body;
    // Closed 16 days ago (sessions would expire if the clock moved, so the record moves instead).
    await t.handle.db.updateTable('ticket').set({ closedAt: new Date(t.clock.now().getTime() - 16 * 86_400_000).toISOString() }).where('id', '=', c.id).execute();
    const late = await act(m1, c, { action: 'reopen', reason: '又未解决' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('invalid_state');
    expect(late.body.error.message).toContain('15 天');
  });

  it('waiting on the customer pauses the clock and resuming gives the time back', async () => {
    let c = await openTicket(m1, customer.id, { kind: 'fault', severity: 'general' });
    // 16 working hours from Mon 2026-11-23 10:00: Mon 6 h, Tue 7 h, Wed 09:00–12:00 → Wed 12:00.
    expect(c.resolution.dueAt).toBe('2026-11-25T04:00:00.000Z');
    c = (await act(handler1, c, { action: 'accept' })).body;
    c = (await act(handler1, c, { action: 'wait', waitReason: 'customerMaterials', note: '等客户提供照片' })).body;
    expect(c.waiting).toMatchObject({ reason: 'customerMaterials', pausesClock: true });
    expect(c.resolution.dueAt).toBeNull();
    expect(c.resolution.explanation[0]).toContain('计时暂停');
    expect((await act(handler1, c, { action: 'assign', assigneeId: ids.handler1 })).status).toBe(409);
    // Two working hours later (Mon 10:00 → 14:00 is 2 working hours with the lunch break).
    t.clock.set('2026-11-23T06:00:00.000Z');
    c = (await act(handler1, c, { action: 'resume' })).body;
    expect(c.waiting).toBeNull();
    // Two working hours later: Wed 14:00 + 2 h.
    expect(c.resolution.dueAt).toBe('2026-11-25T08:00:00.000Z');
    t.clock.set('2026-11-23T02:00:00.000Z');
  });

  it('data scope: another unit\'s handler and leader get 404 and do not see it in lists', async () => {
    const c = await openTicket(m1, customer.id, { title: '范围测试工单' });
    // A handler in 宁波 (created by the admin), the 宁波 leader and a 宁波 manager.
    const handlerRole = await idOf(t, 'role', 'handler');
    const nb = await idOf(t, 'orgUnit', 'NB');
    const created = await admin.post('/api/v1/users', { username: 'handler2', displayName: '宁波处理员', password: 'a-long-password-1', orgUnitId: nb, roleIds: [handlerRole] });
    expect(created.status).toBe(201);
    const handler2 = await t.login('handler2', 'a-long-password-1');
    for (const outsider of [handler2, leader2, m5, m2]) {
      expect((await outsider.get(`/api/v1/tickets/${c.id}`)).status).toBe(404);
      expect((await act(outsider, c, { action: 'accept' })).status).toBe(outsider === m2 || outsider === m5 ? 403 : 404);
      const list = await outsider.get(`/api/v1/tickets?q=${encodeURIComponent('范围测试')}`);
      expect(list.body.data).toEqual([]);
    }
    // The auditor reads all; the manager of the customer reads it.
    expect((await auditor.get(`/api/v1/tickets/${c.id}`)).status).toBe(200);
    expect((await m1.get(`/api/v1/tickets/${c.id}`)).status).toBe(200);
    // Notifications named only people in scope.
    const rows = await t.handle.db.selectFrom('outboxEvent').select('recipients').where('entityId', '=', c.id).execute();
    for (const r of rows) for (const u of JSON.parse(r.recipients)) expect([ids.handler1, ids.leader1, ids.manager1]).toContain(u);
  });

  it('two handlers acting on the same step at once: one wins, the other gets 409', async () => {
    const handlerRole = await idOf(t, 'role', 'handler');
    const hz = await idOf(t, 'orgUnit', 'HZ');
    expect((await admin.post('/api/v1/users', { username: 'handler3', displayName: '杭州处理员二', password: 'a-long-password-1', orgUnitId: hz, roleIds: [handlerRole] })).status).toBe(201);
    const handler3 = await t.login('handler3', 'a-long-password-1');
    for (let round = 0; round < 3; round++) {
      const c = await openTicket(m1, customer.id, { title: `并发受理 ${round}` });
      const results = await Promise.all([act(handler1, c, { action: 'accept' }), act(handler3, c, { action: 'accept' })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const events = await countRows(t, 'ticketEvent', ['ticketId', '=', c.id]);
      expect(events).toBe(2);
    }
  });

  it('refuses what a careless or hostile user sends, naming the field, changing nothing', async () => {
    const c = await openTicket(m1, customer.id);
    const before = await countRows(t, 'ticket');
    const beforeEvents = await countRows(t, 'ticketEvent');
    const creates: [Record<string, unknown>, string][] = [
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: '', description: 'x' }, 'title'],
      [{ kind: 'praise', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x', description: 'x' }, 'kind'],
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: 'nope', title: 'x', description: 'x' }, 'customerId'],
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x', description: 'x', visitId: 'v1' }, 'visitId'],
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x', description: 'x', extra: 1 }, 'extra'],
      // NUL is refused by the text rule for every route before the schema (issue 6, item 4).
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x\u0000y', description: 'x' }, 'title'],
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x'.repeat(101), description: 'x' }, 'title'],
      [{ kind: 'complaint', severity: 'general', channel: 'phone', customerId: customer.id, title: 'x', description: 'a\u0000b' }, 'description'],
    ];
    for (const [body, path] of creates) {
      const res = await m1.post('/api/v1/tickets', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain(path);
    }
    // Another manager's customer is not theirs to open a ticket on.
    const other = await buildCustomer(m5);
    const foreign = await m1.post('/api/v1/tickets', { kind: 'complaint', severity: 'general', channel: 'phone', customerId: other.id, title: 'x', description: 'x' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0].path).toBe('customerId');

    const accepted = (await act(handler1, c, { action: 'accept' })).body;
    const transitions: [Record<string, unknown>, number, string | null][] = [
      // not allowed from the current state
      [{ action: 'review', summary: 'x' }, 409, null],
      // a callback score of 7
      [{ action: 'callback', satisfaction: 7, solved: true }, 400, 'satisfaction'],
      [{ action: 'fly' }, 400, 'action'],
      [{ action: 'assign', assigneeId: 'ghost' }, 400, 'assigneeId'],
      // reassignment to someone who cannot work tickets (a manager)
      [{ action: 'assign', assigneeId: ids.manager5 }, 400, 'assigneeId'],
      [{ action: 'assign', assigneeId: ids.handler1, orgUnitId: await idOf(t, 'orgUnit', 'NB') }, 400, 'assigneeId'],
      [{ action: 'wait', waitReason: 'holiday' }, 400, 'waitReason'],
      [{ action: 'sendBack', reason: 'nul\u0000' }, 400, 'reason'],
      // a version far past int4: refused by the bounds of its column, not a database error
      [{ action: 'assign', assigneeId: ids.handler1, version: 2 ** 40 }, 400, 'version'],
    ];
    for (const [body, status, path] of transitions) {
      const res = await act(handler1, accepted, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (path) expect(res.body.error.fields.map((f: any) => f.path)).toContain(path);
    }
    // A stale version.
    const stale = await act(handler1, { id: c.id, version: 1 }, { action: 'assign', assigneeId: ids.handler1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    // English for an English caller.
    expect((await handler1.patch('/api/v1/me', { locale: 'en-US' })).status).toBe(200);
    const en = await act(handler1, accepted, { action: 'callback', satisfaction: 7, solved: true });
    expect(en.body.error.fields[0].message).toBe('Satisfaction must be at most 5');
    expect((await handler1.patch('/api/v1/me', { locale: 'zh-CN' })).status).toBe(200);
    expect(await countRows(t, 'ticket')).toBe(before);
    expect(await countRows(t, 'ticketEvent')).toBe(beforeEvents + 1);
  });

  it('a retried create with the same Idempotency-Key opens one ticket; a different body with the key is refused', async () => {
    const before = await countRows(t, 'ticket');
    const body = { kind: 'complaint', severity: 'general', channel: 'visit', visitId: 'visit-123', customerId: customer.id, title: '拜访中客户反映', description: '走访时提出' };
    const key = { 'idempotency-key': 'ticket-create-0001' };
    const [a, b] = await Promise.all([m1.post('/api/v1/tickets', body, key), m1.post('/api/v1/tickets', body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body).toMatchObject({ channel: 'visit', visitId: 'visit-123' });
    expect(await countRows(t, 'ticket')).toBe(before + 1);
    const other = await m1.post('/api/v1/tickets', { ...body, title: '别的' }, key);
    expect(other.status).toBe(409);
    expect(await countRows(t, 'ticket')).toBe(before + 1);
  });

  it('photos: re-encoded images in the ticket\'s scope; other files, outsiders and closed tickets refused', async () => {
    const c = await openTicket(m1, customer.id, { kind: 'fault' });
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } }).png().toBuffer();
    const up = await upload(m1, `/api/v1/tickets/${c.id}/attachments`, '故障照片.png', png);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: '故障照片.png', mime: 'image/png', width: 40, height: 30 });
    const pdf = await upload(m1, `/api/v1/tickets/${c.id}/attachments`, 'x.pdf', Buffer.from('%PDF-1.7\n'));
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.fields[0].path).toBe('file');
    const [m5b] = await loginAll(t, 'manager5');
    expect((await upload(m5b, `/api/v1/tickets/${c.id}/attachments`, 'a.png', png)).status).toBe(404);
    expect((await m5b.get(`/api/v1/tickets/${c.id}/attachments/${up.body.id}`)).status).toBe(404);
    const list = (await handler1.get(`/api/v1/tickets/${c.id}/attachments`)).body.data;
    expect(list.map((a: any) => a.id)).toEqual([up.body.id]);
    const file = await fetch(`${handler1.baseUrl}/api/v1/tickets/${c.id}/attachments/${up.body.id}`, { headers: { cookie: handler1.cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    // A consultation closes at once; then it takes no more files.
    let q = await openTicket(m1, customer.id, { kind: 'consultation' });
    q = (await act(handler1, q, { action: 'accept' })).body;
    q = (await act(handler1, q, { action: 'answer', answer: '已答复' })).body;
    expect((await upload(m1, `/api/v1/tickets/${q.id}/attachments`, 'a.png', png)).status).toBe(409);
  });
});
