import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';
import { syncPackageCalendar } from '../src/calendar/calendar.store.js';
import { fromLocal } from '../src/calendar/shanghai.js';

const iso = (local: string) => new Date(fromLocal(local)).toISOString();

const openTicket = async (c: Client, customerId: string, overrides: Record<string, unknown> = {}) => {
  const res = await c.post('/api/v1/tickets', { kind: 'fault', severity: 'general', channel: 'phone', customerId, title: '设备故障', description: '收款机无法开机', ...overrides });
  if (res.status !== 201) throw new Error(`openTicket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const act = (c: Client, t: { id: string; version: number }, body: Record<string, unknown>) => c.post(`/api/v1/tickets/${t.id}/transitions`, { version: t.version, ...body });

describe(`ticket deadlines: warning, breach, escalation and the working calendar [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, handler1: Client, leader1: Client, admin: Client, admin2: Client;
  let ids: Record<string, string>;
  let customer: { id: string };
  const at = (local: string) => t.clock.set(iso(local));
  const outbox = (type: string, entityId: string) => t.handle.db.selectFrom('outboxEvent').select(['recipients', 'orgUnitId', 'payload']).where('type', '=', type).where('entityId', '=', entityId).execute();

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' } });
    [m1, handler1, leader1, admin] = await loginAll(t, 'manager1', 'handler1', 'leader1', 'admin');
    const adminRole = await idOf(t, 'role', 'admin');
    const leaderRole = await idOf(t, 'role', 'leader');
    const root = await idOf(t, 'orgUnit', 'ROOT');
    expect((await admin.post('/api/v1/users', { username: 'admin2', displayName: '第二管理员', password: 'a-long-password-2', orgUnitId: root, roleIds: [adminRole] })).status).toBe(201);
    expect((await admin.post('/api/v1/users', { username: 'director', displayName: '省公司总经理', password: 'a-long-password-3', orgUnitId: root, roleIds: [leaderRole] })).status).toBe(201);
    admin2 = await t.login('admin2', 'a-long-password-2');
    ids = Object.fromEntries(await Promise.all(['manager1', 'handler1', 'leader1', 'director'].map(async (u) => [u, await idOf(t, 'appUser', u)])));
    customer = await buildCustomer(m1, { name: '时限测试店' });
  });
  afterAll(() => t.close());

  it('warns the owner at 80 %, marks the breach, tells the leader and escalates one level per interval, once each', async () => {
    at('2026-11-23 10:00');
    const xh = await idOf(t, 'orgUnit', 'HZ-XH');
    const tk = await openTicket(m1, customer.id, { orgUnitId: xh });
    // 16 wh: Mon 6 h, Tue 7 h, Wed 09:00–12:00 → Wed 12:00. 80 % = 12 h 48 min → Tue 17:48.
    expect(tk.resolution.dueAt).toBe(iso('2026-11-25 12:00'));
    const run = async (local: string) => {
      at(local);
      const runId = await t.runner.runNow('ticket.sla');
      const row = await t.handle.db.selectFrom('jobRun').select(['status', 'result']).where('id', '=', runId!).executeTakeFirstOrThrow();
      expect(row.status).toBe('succeeded');
      return JSON.parse(row.result!) as Record<string, number>;
    };
    expect((await run('2026-11-24 17:47')).warned).toBe(0);
    expect((await run('2026-11-24 17:49')).warned).toBe(1);
    expect((await run('2026-11-24 17:55')).warned).toBe(0);
    expect((await outbox('ticket.nearBreach', tk.id)).map((e) => JSON.parse(e.recipients))).toEqual([[ids.manager1]]);
    const near = (await m1.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(near.nearBreach).toBe(true);
    expect((await m1.get('/api/v1/tickets?view=dueSoon')).body.data.map((x: any) => x.id)).toContain(tk.id);

    expect((await run('2026-11-25 12:01')).breached).toBe(1);
    const breached = (await m1.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(breached).toMatchObject({ breachedAt: iso('2026-11-25 12:00'), escalationLevel: 0, escalationUnitName: '西湖营销部' });
    expect(breached.resolution.breached).toBe(true);
    // 12:00–12:01 is lunch: no working time has passed since the deadline yet.
    expect(breached.resolution.remainingMinutes).toBe(0);
    // 西湖 has no leader of its own: the breach goes to the owner and the 杭州 leader.
    const [b] = await outbox('ticket.breached', tk.id);
    expect(JSON.parse(b!.recipients).sort()).toEqual([ids.manager1, ids.leader1].sort());
    expect((await m1.get('/api/v1/tickets?view=breached')).body.data.map((x: any) => x.id)).toContain(tk.id);

    // Next escalation 4 working hours later: from the lunch break, Wed 14:00–18:00.
    expect((await run('2026-11-25 17:59')).escalated).toBe(0);
    expect((await run('2026-11-25 18:00')).escalated).toBe(1);
    const level1 = (await leader1.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(level1).toMatchObject({ escalationLevel: 1, escalationUnitName: '杭州市分公司' });
    // Wed 14:00–18:00 past the deadline, on the working clock.
    expect(level1.resolution.remainingMinutes).toBe(-240);
    // Wed 18:00 + 4 working hours: Thu 09:00–12:00, 14:00–15:00.
    expect((await run('2026-11-26 14:59')).escalated).toBe(0);
    expect((await run('2026-11-26 15:00')).escalated).toBe(1);
    const top = (await leader1.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(top).toMatchObject({ escalationLevel: 2, escalationUnitName: '浙江省公司' });
    const escalations = await outbox('ticket.escalated', tk.id);
    expect(escalations.map((e) => JSON.parse(e.recipients))).toEqual([[ids.leader1], [ids.director]]);
    // The root is the top: nothing further.
    expect((await run('2026-11-30 12:00')).escalated).toBe(0);
    const history = (await m1.get(`/api/v1/tickets/${tk.id}/events`)).body.data.map((e: any) => e.action);
    // Nobody accepted it within 4 working hours either: the response deadline was breached first.
    expect(history).toEqual(['create', 'responseBreached', 'nearBreach', 'breached', 'escalated', 'escalated']);
  });

  it('the job claims its slot once across instances', async () => {
    const job = t.runner.jobs.find((j) => j.name === 'ticket.sla')!;
    const slot = 'test-slot-2026-11-30T04:00';
    const [a, b] = await Promise.all([t.runner.runSlot(job, slot), t.runner.runSlot(job, slot)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('shows the official calendar with its source, and an unpublished year as provisional', async () => {
    const y2026 = (await admin.get('/api/v1/work-calendar?year=2026')).body;
    expect(y2026).toMatchObject({ year: 2026, status: 'published', source: 'holiday-calendar@1.3.3' });
    expect(y2026.days).toHaveLength(365);
    expect(y2026.days.find((d: any) => d.date === '2026-02-14')).toMatchObject({ working: true, kind: 'makeupWorkday', name: '春节', source: 'holiday-calendar@1.3.3', provisional: false });
    expect(y2026.days.filter((d: any) => d.kind === 'holiday')).toHaveLength(33);
    expect(y2026.publishedYears).toContain(2026);
    const y2027 = (await handler1.get('/api/v1/work-calendar?year=2027')).body;
    expect(y2027).toMatchObject({ status: 'provisional', source: null });
    expect(y2027.days.find((d: any) => d.date === '2027-01-01')).toMatchObject({ working: true, kind: 'workday', provisional: true, source: 'weekday' });
    // The rows say where each came from.
    expect(await countRows(t, 'workCalendarDay', ['source', '=', 'holiday-calendar@1.3.3'])).toBeGreaterThanOrEqual(365 * 6);
  });

  it('local exceptions move open deadlines; bad dates are refused naming the field', async () => {
    at('2026-11-23 10:00');
    const tk = await openTicket(m1, customer.id);
    expect(tk.resolution.dueAt).toBe(iso('2026-11-25 12:00'));
    const before = await countRows(t, 'workCalendarException');
    for (const [date, status] of [['2026/11/24', 400], ['2026-02-30', 400], ['24-11-2026', 400], ['', 400]] as const) {
      const res = await admin.post('/api/v1/work-calendar/exceptions', { date, working: false, name: '公司活动' });
      expect(res.status, date).toBe(status);
      expect(res.body.error.fields[0].path).toBe('date');
    }
    expect((await m1.post('/api/v1/work-calendar/exceptions', { date: '2026-11-24', working: false, name: 'x' })).status).toBe(403);
    expect(await countRows(t, 'workCalendarException')).toBe(before);

    const ex = await admin.post('/api/v1/work-calendar/exceptions', { date: '2026-11-24', working: false, name: '公司年会' });
    expect(ex.status).toBe(201);
    expect((await admin.post('/api/v1/work-calendar/exceptions', { date: '2026-11-24', working: true, name: '再来一次' })).status).toBe(409);
    const moved = (await m1.get(`/api/v1/tickets/${tk.id}`)).body;
    // Tue off: Mon 6 h, Wed 7 h, Thu 09:00–12:00 → Thu 12:00.
    expect(moved.resolution.dueAt).toBe(iso('2026-11-26 12:00'));
    expect(moved.resolution.explanation.join('\n')).toContain('本单位休息日（公司年会）');
    const cal = (await admin.get('/api/v1/work-calendar?year=2026')).body;
    expect(cal.days.find((d: any) => d.date === '2026-11-24')).toMatchObject({ working: false, kind: 'localDayOff', source: `exception:${ex.body.id}` });
    expect((await admin.del(`/api/v1/work-calendar/exceptions/${ex.body.id}?version=1`)).status).toBe(200);
    expect((await m1.get(`/api/v1/tickets/${tk.id}`)).body.resolution.dueAt).toBe(iso('2026-11-25 12:00'));
  });

  it('a deadline into an unpublished year is provisional until a second admin approves the imported notice', async () => {
    at('2026-12-31 16:00');
    const tk = await openTicket(m1, customer.id, { severity: 'major' });
    // 8 wh: Thu 16–18 = 2 h; Fri 2027-01-01 guessed working: 09–12, 14:00 + 3 h = 17:00.
    expect(tk.resolution).toMatchObject({ dueAt: iso('2027-01-01 17:00'), provisional: true });
    expect(tk.resolution.explanation.at(-1)).toContain('2027 年的放假安排尚未发布');
    expect((await m1.get('/api/v1/tickets?q=' + encodeURIComponent('设备故障'))).body.data.find((x: any) => x.id === tk.id).dueProvisional).toBe(true);

    const bad: [unknown, string][] = [
      [{ year: 2027, days: [{ date: '2026-12-31', name: '元旦', isOffDay: true }] }, 'days.0.date'],
      [{ year: 2027, days: [{ date: '2027-02-29', name: '元旦', isOffDay: true }] }, 'days.0.date'],
      [{ year: 2027, days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }, { date: '2027-01-01', name: '元旦', isOffDay: true }] }, 'days.1.date'],
      [{ year: 2027, days: [] }, 'days'],
      [{ year: 2027, papers: ['not a url'], days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }] }, 'papers.0'],
    ];
    for (const [body, path] of bad) {
      const res = await admin.post('/api/v1/work-calendar/imports', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields[0].path).toBe(path);
    }
    expect(await countRows(t, 'workCalendarImport')).toBe(0);
    // A test notice naming only New Year's Day, which the 放假办法 fixes for every year.
    const imp = await admin.post('/api/v1/work-calendar/imports', { year: 2027, papers: ['https://www.gov.cn/example-notice'], days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }] });
    expect(imp.status).toBe(201);
    expect((await m1.get(`/api/v1/tickets/${tk.id}`)).body.resolution.provisional).toBe(true);
    const self = await admin.post(`/api/v1/work-calendar/imports/${imp.body.id}/decision`, { version: 1, approved: true });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('另一位管理员');
    expect((await m1.post(`/api/v1/work-calendar/imports/${imp.body.id}/decision`, { version: 1, approved: true })).status).toBe(403);
    const ok = await admin2.post(`/api/v1/work-calendar/imports/${imp.body.id}/decision`, { version: 1, approved: true, comment: '已核对国务院通知' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedByName: '第二管理员' });
    const after = (await m1.get(`/api/v1/tickets/${tk.id}`)).body;
    // Fri off, weekend; Mon 2027-01-04 09–12 (5 h), 14:00 + 3 h = 17:00.
    expect(after.resolution).toMatchObject({ dueAt: iso('2027-01-04 17:00'), provisional: false });
    expect(after.resolution.explanation[0]).toContain('1月1日（周五）为元旦假期，不计');
    const y2027 = (await admin.get('/api/v1/work-calendar?year=2027')).body;
    expect(y2027).toMatchObject({ status: 'published', source: `import:${imp.body.id}`, papers: ['https://www.gov.cn/example-notice'] });
    expect((await admin2.post(`/api/v1/work-calendar/imports/${imp.body.id}/decision`, { version: 2, approved: false })).status).toBe(409);
    // A package sync at the next start leaves the approved import alone.
    expect(await syncPackageCalendar(t.handle.db, t.clock.now())).toEqual([]);
  });

  it('a package year that changes is reloaded at start-up and open deadlines follow', async () => {
    // As if an older package had lacked 2026's 2/14 make-up day.
    await t.handle.db.updateTable('workCalendarDay').set({ kind: 'weekend', working: 0, nameZh: null, nameEn: null }).where('date', '=', '2026-02-14').execute();
    await t.handle.db.updateTable('workCalendarYear').set({ checksum: 'stale' }).where('year', '=', 2026).execute();
    expect(await syncPackageCalendar(t.handle.db, t.clock.now())).toEqual([2026]);
    expect((await admin.get('/api/v1/work-calendar?year=2026')).body.days.find((d: any) => d.date === '2026-02-14').kind).toBe('makeupWorkday');
    expect(await syncPackageCalendar(t.handle.db, t.clock.now())).toEqual([]);
  });

  it('working hours are admin settings; a malformed value is refused and open deadlines follow a good one', async () => {
    at('2026-11-23 10:00');
    const tk = await openTicket(m1, customer.id);
    const s = (await admin.get('/api/v1/sla-policies')).body.settings;
    expect(s).toMatchObject({ workingHours: '09:00-12:00,14:00-18:00', reopenDays: 15 });
    const bad = await admin.put('/api/v1/sla-policies/settings', { version: s.version, workingHours: '9点-18点' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('workingHours');
    const ok = await admin.put('/api/v1/sla-policies/settings', { version: s.version, workingHours: '09:00-12:00, 13:30-18:00' });
    expect(ok.status).toBe(200);
    expect(ok.body.workingHours).toBe('09:00-12:00,13:30-18:00');
    // 16 wh with 7.5 h days: Mon 10–12 + 13:30–18 = 6.5 h, Tue 7.5 h (14 h), Wed 09:00 + 2 h = 11:00.
    expect((await m1.get(`/api/v1/tickets/${tk.id}`)).body.resolution.dueAt).toBe(iso('2026-11-25 11:00'));
    expect((await admin.put('/api/v1/sla-policies/settings', { version: s.version, reopenDays: 3 })).status).toBe(409);
    const back = await admin.put('/api/v1/sla-policies/settings', { version: ok.body.version, workingHours: '09:00-12:00,14:00-18:00' });
    expect(back.status).toBe(200);
  });

  it('SLA policies: admins change them, bad values are refused, new tickets take them', async () => {
    const { data } = (await admin.get('/api/v1/sla-policies')).body;
    expect(data).toHaveLength(20);
    const fault = data.find((p: any) => p.kind === 'fault' && p.severity === 'general');
    expect(fault).toMatchObject({ responseAmount: 4, responseUnit: 'workingHours', resolveAmount: 16, resolveUnit: 'workingHours', warnPercent: 80 });
    for (const [body, path] of [
      [{ version: fault.version, resolveAmount: -8 }, 'resolveAmount'],
      [{ version: fault.version, resolveAmount: 1.5 }, 'resolveAmount'],
      [{ version: fault.version, resolveUnit: 'fortnights' }, 'resolveUnit'],
      [{ version: fault.version, warnPercent: 100 }, 'warnPercent'],
      [{ version: fault.version, escalateEveryHours: 0 }, 'escalateEveryHours'],
    ] as const) {
      const res = await admin.patch(`/api/v1/sla-policies/${fault.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields[0].path).toBe(path);
    }
    expect((await m1.patch(`/api/v1/sla-policies/${fault.id}`, { version: fault.version, resolveAmount: 8 })).status).toBe(403);
    const ok = await admin.patch(`/api/v1/sla-policies/${fault.id}`, { version: fault.version, resolveAmount: 2, resolveUnit: 'workingDays' });
    expect(ok.status).toBe(200);
    expect((await admin.patch(`/api/v1/sla-policies/${fault.id}`, { version: fault.version, resolveAmount: 3 })).status).toBe(409);
    at('2026-11-23 10:00');
    const tk = await openTicket(m1, customer.id);
    expect(tk.resolution).toMatchObject({ unit: 'workingDays', amount: 2, dueAt: iso('2026-11-25 18:00') });
  });

  it('a repair order: appointment, late arrival, fee confirmed before the work, the customer signs off', async () => {
    at('2026-11-23 10:00');
    let r = await openTicket(m1, customer.id, { kind: 'repair', title: '冷柜不制冷' });
    expect(r.path).toEqual(['accept', 'assign', 'implement', 'callback', 'review', 'closed']);
    r = (await act(handler1, r, { action: 'accept' })).body;
    r = (await act(handler1, r, { action: 'schedule', appointmentStart: iso('2026-11-23 14:00'), appointmentEnd: iso('2026-11-23 15:00') })).body;
    expect(r.repair).toMatchObject({ appointmentStart: iso('2026-11-23 14:00') });
    const backwards = await act(handler1, r, { action: 'schedule', appointmentStart: iso('2026-11-23 15:00'), appointmentEnd: iso('2026-11-23 14:00') });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].path).toBe('appointmentEnd');
    r = (await act(handler1, r, { action: 'assign', assigneeId: ids.handler1 })).body;
    expect(r.status).toBe('implement');
    expect((await act(handler1, r, { action: 'confirmFee', fee: 80, agreed: true })).status).toBe(409);
    r = (await act(handler1, r, { action: 'arrive', arrivedAt: iso('2026-11-23 15:11') })).body;
    expect(r.repair).toMatchObject({ late: true, delayNotified: false });
    const noFee = await act(handler1, r, { action: 'implement', implementation: '更换压缩机', signOffName: '王老板' });
    expect(noFee.status).toBe(400);
    expect(noFee.body.error.fields[0].path).toBe('fee');
    expect((await act(handler1, r, { action: 'confirmFee', fee: 12.345, agreed: true })).status).toBe(400);
    expect((await act(handler1, r, { action: 'confirmFee', fee: 80, agreed: false })).status).toBe(400);
    r = (await act(handler1, r, { action: 'confirmFee', fee: 80.5, agreed: true })).body;
    expect(r.repair.fee).toBe(80.5);
    const noSign = await act(handler1, r, { action: 'implement', implementation: '更换压缩机' });
    expect(noSign.status).toBe(400);
    expect(noSign.body.error.fields[0].path).toBe('signOffName');
    r = (await act(handler1, r, { action: 'implement', implementation: '更换压缩机', signOffName: '王老板' })).body;
    expect(r).toMatchObject({ status: 'callback', repair: { signOffName: '王老板', fee: 80.5 } });
    expect(r.repair.signOffAt).toBe(iso('2026-11-23 10:00'));
  });

  it('handover moves the departing manager\'s open tickets to the successor', async () => {
    at('2026-11-23 10:00');
    const c2 = await buildCustomer(m1, { name: '交接工单店' });
    const tk = await openTicket(m1, c2.id);
    const m2id = await idOf(t, 'appUser', 'manager2');
    const res = await leader1.post('/api/v1/handovers', { fromUserId: ids.manager1, assignments: [{ toUserId: m2id, customerIds: [c2.id] }], reason: '调岗' });
    expect(res.status).toBe(200);
    expect(res.body.hooks.tickets).toBe(1);
    const [m2] = await loginAll(t, 'manager2');
    const seen = (await m2.get(`/api/v1/tickets/${tk.id}`)).body;
    expect(seen).toMatchObject({ ownerId: m2id, ownerName: '李娜' });
    expect((await m2.get(`/api/v1/tickets/${tk.id}/events`)).body.data.at(-1)).toMatchObject({ action: 'handover', ownerName: '李娜' });
  });
});
