import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool } from './factories.js';

const readXlsx = async (c: Client, url: string) => {
  const res = await fetch(c.baseUrl + url, { headers: { cookie: c.cookie } });
  const buf = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  if (res.status === 200) await wb.xlsx.load(buf as any);
  return { res, wb, rows: res.status === 200 ? (wb.worksheets[0]!.getSheetValues().slice(1) as unknown[][]) : [] };
};

describe(`handover, departure audit and exports [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m3: Client, m5: Client, leader1: Client, leader2: Client, auditor: Client;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2, m3, m5, leader1, leader2, auditor] = await loginAll(t, 'manager1', 'manager2', 'manager3', 'manager5', 'leader1', 'leader2', 'auditor1');
    ids = Object.fromEntries(await Promise.all(['manager1', 'manager2', 'manager3', 'manager5'].map(async (u) => [u, await idOf(t, 'appUser', u)])));
    await buildPool(t, 'HZ');
  });
  afterAll(() => t.close());

  it('a leader hands all or chosen customers of a manager to several successors in one audited step', async () => {
    const cs = [];
    for (let i = 0; i < 5; i++) cs.push(await buildCustomer(m1, { name: `交接测试小店${i}` }));
    await m1.post(`/api/v1/customers/${cs[0].id}/contacts`, { name: '联系人甲' });
    const res = await leader1.post('/api/v1/handovers', {
      fromUserId: ids.manager1,
      assignments: [
        { toUserId: ids.manager2, customerIds: [cs[0].id, cs[1].id] },
        { toUserId: ids.manager3, customerIds: 'all' },
      ],
      reason: '张伟调岗',
    });
    expect(res.status).toBe(200);
    expect(res.body.moved).toBe(5);
    expect(res.body.successors.map((s: any) => s.customers)).toEqual([2, 3]);
    expect((await m1.get('/api/v1/customers')).body.count).toBe(0);
    expect((await m2.get(`/api/v1/customers/${cs[0].id}`)).body.ownerName).toBe('李娜');
    expect((await m2.get(`/api/v1/customers/${cs[0].id}/contacts`)).body.data.map((c: any) => c.name)).toEqual(['联系人甲']);
    expect((await m3.get(`/api/v1/customers/${cs[4].id}`)).status).toBe(200);
    const ev = (await leader1.get(`/api/v1/customers/${cs[0].id}/history?kind=handover`)).body.data[0];
    expect(ev).toMatchObject({ reason: '张伟调岗', changes: { ownerId: { old: ids.manager1, new: ids.manager2 } } });
    const audit = await auditor.get(`/api/v1/audit-log?action=handover&entityId=${ids.manager1}`);
    expect(audit.body.data[0].detail).toMatchObject({ moved: 5, reason: '张伟调岗' });
  });

  it('handover refuses bad input and out-of-scope people, changing nothing', async () => {
    const c = await buildCustomer(m2);
    const before = await countRows(t, 'customerEvent', ['kind', '=', 'handover']);
    const cases: [unknown, number, string][] = [
      [{ fromUserId: ids.manager2, assignments: [{ toUserId: ids.manager5, customerIds: 'all' }], reason: 'x' }, 400, 'assignments.0.toUserId'],
      [{ fromUserId: ids.manager5, assignments: [{ toUserId: ids.manager2, customerIds: 'all' }], reason: 'x' }, 400, 'fromUserId'],
      [{ fromUserId: ids.manager2, assignments: [{ toUserId: ids.manager2, customerIds: 'all' }], reason: 'x' }, 400, 'assignments.0.toUserId'],
      [{ fromUserId: ids.manager2, assignments: [{ toUserId: ids.manager3, customerIds: ['nope', c.id] }], reason: 'x' }, 400, 'assignments.0.customerIds'],
      [{ fromUserId: ids.manager2, assignments: [{ toUserId: ids.manager3, customerIds: 'all' }], reason: '' }, 400, 'reason'],
    ];
    for (const [body, status, path] of cases) {
      const res = await leader1.post('/api/v1/handovers', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.fields[0].path).toBe(path);
    }
    expect((await m1.post('/api/v1/handovers', cases[0]![0])).status).toBe(403);
    expect(await countRows(t, 'customerEvent', ['kind', '=', 'handover'])).toBe(before);
    expect((await m2.get(`/api/v1/customers/${c.id}`)).body.ownerName).toBe('李娜');
  });

  it('the departure audit lists what a manager held, changed, revealed and exported, as a page and an .xlsx', async () => {
    const c = await buildCustomer(m5, { name: '离岗审计测试店', phone: '13577778888' });
    await m5.patch(`/api/v1/customers/${c.id}`, { version: 1, remark: '改过' });
    await m5.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' });
    await readXlsx(m5, '/api/v1/customers/export.xlsx');
    const from = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const url = `/api/v1/departure-audit?userId=${ids.manager5}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const report = await leader2.get(url);
    expect(report.status).toBe(200);
    expect(report.body.held.map((h: any) => h.name)).toContain('离岗审计测试店');
    expect(report.body.changed.some((r: any) => r.action === 'update' && r.customerName === '离岗审计测试店')).toBe(true);
    expect(report.body.revealed).toHaveLength(1);
    expect(report.body.exported).toHaveLength(1);
    expect((await leader1.get(url)).status).toBe(404);
    expect((await m1.get(url)).status).toBe(403);
    const xlsx = await readXlsx(auditor, url.replace('departure-audit', 'departure-audit.xlsx'));
    expect(xlsx.res.headers.get('content-type')).toContain('spreadsheetml');
    const flat = JSON.stringify(xlsx.rows);
    expect(flat).toContain('离岗审计测试店');
    expect(flat).toContain('查看明文');
  });

  it('exports the filtered list as .xlsx: masked, scoped, audited; unmasked only with the permission', async () => {
    await buildCustomer(m2, { name: '导出测试甲店', phone: '13611112222', businessFormat: 'grocery' });
    await buildCustomer(m3, { name: '导出测试乙店', phone: '13633334444' });
    const { res, rows } = await readXlsx(m2, `/api/v1/customers/export.xlsx?q=${encodeURIComponent('导出测试')}`);
    expect(res.status).toBe(200);
    expect(rows[0]).toContain('客户名称');
    const names = rows.slice(1).map((r) => r[1]);
    expect(names).toEqual(['导出测试甲店']);
    expect(JSON.stringify(rows)).toContain('136****2222');
    expect(JSON.stringify(rows)).not.toContain('13611112222');
    expect(JSON.stringify(rows)).toContain('食杂店');
    const audit = await auditor.get('/api/v1/audit-log?action=export&entity=customer');
    expect(audit.body.data[0].detail).toMatchObject({ count: 1, unmasked: false });
    expect((await readXlsx(m2, '/api/v1/customers/export.xlsx?unmasked=true')).res.status).toBe(403);
    const leaderRows = (await readXlsx(leader1, `/api/v1/customers/export.xlsx?q=${encodeURIComponent('导出测试')}`)).rows;
    expect(leaderRows.slice(1).map((r) => r[1]).sort()).toEqual(['导出测试乙店', '导出测试甲店']);
  });

  it('Form 1 客户档案表 for one customer, laid out as the paper form; out of scope is 404', async () => {
    const c = await buildCustomer(m2, { name: '档案表测试店', phone: '13799990000' });
    await m2.post(`/api/v1/customers/${c.id}/contacts`, { name: '店主老王', birthdayCalendar: 'lunar', birthMonth: 1, birthDay: 1 });
    const { res, wb } = await readXlsx(m2, `/api/v1/customers/${c.id}/form.xlsx`);
    expect(res.status).toBe(200);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('客户档案表');
    const text = JSON.stringify(ws.getSheetValues());
    expect(text).toContain('档案表测试店');
    expect(text).toContain('店主老王');
    expect(text).toContain('农历1月1日');
    expect(text).not.toContain('13799990000');
    expect((await readXlsx(m3, `/api/v1/customers/${c.id}/form.xlsx`)).res.status).toBe(404);
  });
});
