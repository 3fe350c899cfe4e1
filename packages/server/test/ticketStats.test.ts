import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';
import { newId } from '../src/db/dialect.js';
import { percentile } from '../src/modules/tickets/ticket.stats.js';

/**
 * Statistics against hand counts on a fixture of seven tickets written straight into the table,
 * with times chosen around the month's edges in Asia/Shanghai (November 2026 runs from
 * 2026-10-31T16:00Z to 2026-11-30T16:00Z).
 */
describe(`ticket statistics equal hand counts [${testDbKind}]`, () => {
  let t: TestApp;
  let admin: Client, auditor: Client, m1: Client, leader2: Client;
  let u: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, auditor, m1, leader2] = await loginAll(t, 'admin', 'auditor1', 'manager1', 'leader2');
    const [m2, m5] = await loginAll(t, 'manager2', 'manager5');
    u = Object.fromEntries(await Promise.all(['manager1', 'manager2', 'manager5', 'handler1', 'leader1'].map(async (n) => [n, await idOf(t, 'appUser', n)])));
    u.HZ = await idOf(t, 'orgUnit', 'HZ');
    u.NB = await idOf(t, 'orgUnit', 'NB');
    const c1 = (await buildCustomer(m1)).id;
    const c2 = (await buildCustomer(m2)).id;
    const c5 = (await buildCustomer(m5)).id;
    const row = (o: Record<string, unknown>) => ({
      id: newId(),
      number: `GD-FIX-${newId().slice(-6)}`,
      severity: 'general',
      channel: 'phone',
      status: 'closed',
      needsApproval: 0,
      title: '统计样例',
      description: '统计样例',
      ownerId: u.handler1,
      createdBy: u.handler1,
      responseAmount: 8,
      responseUnit: 'workingHours',
      resolveAmount: 15,
      resolveUnit: 'naturalDays',
      warnPercent: 80,
      escalateEveryHours: 4,
      escalationLevel: 0,
      reopenCount: 0,
      delayNotified: 0,
      dueProvisional: 0,
      version: 1,
      ...o,
      resolveStartAt: o.createdAt,
      updatedAt: o.createdAt,
    });
    const rows = [
      // T1 on time, closed, never reopened, callback 5, 600 min
      row({ kind: 'complaint', cause: 'supplyDelivery', orgUnitId: u.HZ, customerId: c1, managerId: u.manager1, createdAt: '2026-11-02T02:00:00.000Z', resolvedAt: '2026-11-05T02:00:00.000Z', resolveDueAt: '2026-11-10T10:00:00.000Z', resolvedBy: u.handler1, closedAt: '2026-11-06T02:00:00.000Z', satisfaction: 5, callbackAt: '2026-11-05T06:00:00.000Z', resolveWorkingMinutes: 600 }),
      // T2 late, reopened once, callback 2, 1200 min
      row({ kind: 'complaint', cause: 'serviceAttitude', orgUnitId: u.HZ, customerId: c1, managerId: u.manager1, createdAt: '2026-11-03T02:00:00.000Z', resolvedAt: '2026-11-20T02:00:00.000Z', resolveDueAt: '2026-11-18T10:00:00.000Z', resolvedBy: u.handler1, closedAt: '2026-11-21T02:00:00.000Z', reopenCount: 1, satisfaction: 2, callbackAt: '2026-11-20T06:00:00.000Z', resolveWorkingMinutes: 1200 }),
      // T3 on time, resolved by the leader, not closed yet, no callback, 300 min
      row({ kind: 'fault', cause: 'equipmentFault', status: 'callback', orgUnitId: u.HZ, customerId: c2, managerId: u.manager2, createdAt: '2026-11-10T02:00:00.000Z', resolvedAt: '2026-11-11T02:00:00.000Z', resolveDueAt: '2026-11-12T10:00:00.000Z', resolvedBy: u.leader1, resolveWorkingMinutes: 300 }),
      // T4 宁波, open, not analysed
      row({ kind: 'consultation', status: 'answer', orgUnitId: u.NB, customerId: c5, managerId: u.manager5, createdAt: '2026-11-15T02:00:00.000Z', resolveDueAt: '2026-11-16T10:00:00.000Z' }),
      // T5 opened in October, resolved/closed/called back in November, 900 min
      row({ kind: 'complaint', cause: 'supplyDelivery', orgUnitId: u.HZ, customerId: c1, managerId: u.manager1, createdAt: '2026-10-20T02:00:00.000Z', resolvedAt: '2026-11-01T02:00:00.000Z', resolveDueAt: '2026-11-03T10:00:00.000Z', resolvedBy: u.handler1, closedAt: '2026-11-02T02:00:00.000Z', satisfaction: 4, callbackAt: '2026-11-02T01:00:00.000Z', resolveWorkingMinutes: 900 }),
      // T6 opened Oct 31 23:59 Shanghai (October), resolved Dec 1 00:00 Shanghai (December)
      row({ kind: 'repair', cause: 'equipmentFault', status: 'callback', orgUnitId: u.HZ, customerId: c1, managerId: u.manager1, createdAt: '2026-10-31T15:59:00.000Z', resolvedAt: '2026-11-30T16:00:00.000Z', resolveDueAt: '2026-12-03T10:00:00.000Z', resolvedBy: u.handler1, resolveWorkingMinutes: 100 }),
      // T7 opened Nov 1 00:00 Shanghai (November), open
      row({ kind: 'suggestion', cause: 'other', status: 'answer', orgUnitId: u.HZ, customerId: c2, managerId: u.manager2, createdAt: '2026-10-31T16:00:00.000Z', resolveDueAt: '2026-11-13T10:00:00.000Z' }),
    ];
    await t.handle.db.insertInto('ticket').values(rows as never).execute();
  });
  afterAll(() => t.close());

  it('counts the month as defined in docs/TICKETS.md', async () => {
    const res = await auditor.get('/api/v1/tickets/stats?month=2026-11&months=2');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.from).toBe('2026-10-31T16:00:00.000Z');
    expect(s.to).toBe('2026-11-30T16:00:00.000Z');
    // opened: T1 T2 T3 T4 T7; resolved: T1 T2 T3 T5 (on time T1 T3 T5); closed: T1 T2 T5 (never reopened T1 T5)
    expect(s.total).toMatchObject({
      opened: 5,
      resolved: 4,
      timeliness: { numerator: 3, denominator: 4, rate: 0.75 },
      passRate: { numerator: 2, denominator: 3, rate: 0.6667 },
      callbacks: 3,
      satisfaction: 3.67,
      avgResolveHours: 12.5,
      p90ResolveHours: 20,
    });
    expect(Object.fromEntries(s.byKind.map((k: any) => [k.kind, k.opened]))).toEqual({ complaint: 2, fault: 1, repair: 0, consultation: 1, suggestion: 1 });
    expect(Object.fromEntries(s.byCause.map((c: any) => [c.cause, c.count]))).toEqual({ supplyDelivery: 1, serviceAttitude: 1, equipmentFault: 1, '': 1, other: 1 });
    expect(s.byCause.find((c: any) => c.cause === 'supplyDelivery').name).toBe('供货配送');
    const byUnit = Object.fromEntries(s.byUnit.map((r: any) => [r.name, r]));
    expect(byUnit['杭州市分公司']).toMatchObject({ opened: 4, resolved: 4, timeliness: { numerator: 3, denominator: 4 } });
    expect(byUnit['宁波市分公司']).toMatchObject({ opened: 1, resolved: 0, timeliness: { rate: null } });
    const byHandler = Object.fromEntries(s.byHandler.map((r: any) => [r.name, r]));
    expect(byHandler['黄海']).toMatchObject({ resolved: 3, timeliness: { numerator: 2, denominator: 3 }, passRate: { numerator: 2, denominator: 3 }, satisfaction: 3.67, avgResolveHours: 15, p90ResolveHours: 20 });
    expect(byHandler['王建国']).toMatchObject({ resolved: 1, timeliness: { numerator: 1, denominator: 1, rate: 1 }, passRate: { denominator: 0, rate: null } });
    const byManager = Object.fromEntries(s.byManager.map((r: any) => [r.name, r]));
    expect(byManager['张伟']).toMatchObject({ opened: 2, resolved: 3 });
    expect(byManager['李娜']).toMatchObject({ opened: 2, resolved: 1 });
    expect(byManager['孙强']).toMatchObject({ opened: 1, resolved: 0 });
    expect(s.trend.map((m: any) => [m.key, m.opened, m.resolved])).toEqual([
      ['2026-10', 2, 0],
      ['2026-11', 5, 4],
    ]);
  });

  it('follows the data scope: a manager counts their customers\' tickets, a leader their subtree', async () => {
    const mine = (await m1.get('/api/v1/tickets/stats?month=2026-11')).body;
    // 张伟's customers: T1 T2 (opened in November), T5 resolved in November.
    expect(mine.total).toMatchObject({ opened: 2, resolved: 3 });
    const nb = (await leader2.get('/api/v1/tickets/stats?month=2026-11')).body;
    expect(nb.total).toMatchObject({ opened: 1, resolved: 0 });
    expect((await leader2.get(`/api/v1/tickets/stats?month=2026-11&orgUnitId=${u.HZ}`)).status).toBe(404);
    const hz = (await auditor.get(`/api/v1/tickets/stats?month=2026-11&orgUnitId=${u.HZ}`)).body;
    expect(hz.total.opened).toBe(4);
    expect((await admin.get('/api/v1/tickets/stats?month=2026-11')).status).toBe(403);
  });

  it('refuses a malformed month, naming it', async () => {
    for (const q of ['month=2026-13', 'month=202611', 'month=', 'month=2026-11&months=0', 'month=2026-11&foo=1']) {
      const res = await auditor.get(`/api/v1/tickets/stats?${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await auditor.get('/api/v1/tickets/stats?month=2026-13')).body.error.fields[0].path).toBe('month');
  });

  it('exports the same figures as .xlsx', async () => {
    const res = await fetch(`${auditor.baseUrl}/api/v1/tickets/stats.xlsx?month=2026-11`, { headers: { cookie: auditor.cookie } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总 2026-11', '按机构', '按处理人', '按客户经理', '按原因', '趋势']);
    const total = wb.worksheets[0]!.getRow(2).values as unknown[];
    expect(total.slice(1, 9)).toEqual(['合计', 5, 4, 3, 0.75, 3, 2, 0.6667]);
  });

  it('p90 is the nearest rank', () => {
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile(Array.from({ length: 10 }, (_, i) => i + 1), 0.9)).toBe(9);
    expect(percentile(Array.from({ length: 11 }, (_, i) => i + 1), 0.9)).toBe(10);
  });
});
