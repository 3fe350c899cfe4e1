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

describe(`exports' audit, bad input and the audit log's own scope [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, leader1: Client, auditor: Client, admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, leader1, auditor, admin] = await loginAll(t, 'manager1', 'leader1', 'auditor1', 'admin');
  });
  afterAll(() => t.close());

  it('an export searched by a phone, an ID number or a credit code records the filter masked for auditors', async () => {
    const searches = ['15828178044', '330106198803151234', '91330106MA2KXXXX1X', '张 158 2817 8044'];
    for (const q of searches) expect((await readXlsx(m1, `/api/v1/customers/export.xlsx?q=${encodeURIComponent(q)}`)).res.status, q).toBe(200);
    const entries = (await auditor.get('/api/v1/audit-log?action=export&entity=customer&perPage=10')).body.data;
    expect(entries).toHaveLength(searches.length);
    const logged = entries.map((e: any) => e.detail.filter.q).sort();
    expect(logged).toEqual(['158****8044', '330106********1234', '913301********XX1X', '张 158****8044'].sort());
    const all = JSON.stringify(entries);
    for (const clear of ['15828178044', '330106198803151234', '91330106MA2KXXXX1X', '2817 8044']) expect(all).not.toContain(clear);
    // Not masked in the database either: the row itself holds no clear value.
    const rows = await t.handle.db.selectFrom('auditLog').select('detail').where('action', '=', 'export').execute();
    expect(rows).toHaveLength(searches.length);
    for (const r of rows) expect(String(r.detail)).not.toMatch(/15828178044|198803151234|MA2KXXXX/);
    // A plain name search stays readable.
    await readXlsx(m1, `/api/v1/customers/export.xlsx?q=${encodeURIComponent('西湖便利店')}`);
    expect((await auditor.get('/api/v1/audit-log?action=export&entity=customer&perPage=1')).body.data[0].detail.filter.q).toBe('西湖便利店');
  });

  it("exports' bad input: unknown parameters, bad values, hostile text and unmasked without permission are 4xx naming the field, and record nothing", async () => {
    const before = await countRows(t, 'auditLog', ['action', '=', 'export']);
    const cases: [string, number, string | null][] = [
      ['/api/v1/customers/export.xlsx?nope=1', 400, 'nope'],
      ['/api/v1/customers/export.xlsx?unmasked=yes', 400, 'unmasked'],
      ['/api/v1/customers/export.xlsx?perPage=100000', 400, 'perPage'],
      ['/api/v1/customers/export.xlsx?q=%00', 400, 'q'],
      ['/api/v1/customers/export.xlsx?q=%FF', 400, 'q'],
      [`/api/v1/customers/export.xlsx?q=${'x'.repeat(101)}`, 400, 'q'],
      ['/api/v1/customers/export.xlsx?unmasked=true', 403, null],
      ['/api/v1/customers/no-such-customer/form.xlsx', 404, null],
    ];
    for (const [url, status, field] of cases) {
      const res = await m1.get(url);
      expect(res.status, url).toBe(status);
      expect(res.body.error, url).toBeDefined();
      if (field) expect(res.body.error.fields.map((f: any) => f.path), url).toContain(field);
    }
    const anon = await t.anon().get('/api/v1/customers/export.xlsx');
    expect(anon.status).toBe(401);
    expect(await countRows(t, 'auditLog', ['action', '=', 'export'])).toBe(before);
  });

  it("the audit log's own scope: a unit-scoped reader sees entries by actors of the unit only; no permission is 403", async () => {
    const unitRole = await admin.post('/api/v1/roles', { code: 'unitAuditor', name: '部门审计', grants: [{ permission: 'auditLog.read', dataScope: 'unit' }] });
    expect(unitRole.status).toBe(201);
    const m2 = await idOf(t, 'appUser', 'manager2');
    const u = (await admin.get(`/api/v1/users/${m2}`)).body;
    const managerRole = await idOf(t, 'role', 'manager');
    expect((await admin.patch(`/api/v1/users/${m2}`, { version: u.version, roleIds: [managerRole, unitRole.body.id] })).status).toBe(200);
    // Something to find from each side: manager1 (西湖, same unit as manager2) and manager5 (海曙).
    await t.login('manager5');
    const reader = await t.login('manager2');
    const mine = (await reader.get('/api/v1/audit-log?perPage=200')).body;
    expect(mine.count).toBeGreaterThan(0);
    const xihu = new Set((await t.handle.db.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select('appUser.id').where('orgUnit.code', '=', 'HZ-XH').execute()).map((r) => r.id));
    const actors = new Set(mine.data.map((e: any) => e.actorId));
    expect([...actors].filter((a) => !xihu.has(a as string))).toEqual([]);
    const m5 = await idOf(t, 'appUser', 'manager5');
    expect((await reader.get(`/api/v1/audit-log?actorId=${m5}`)).body.count).toBe(0);
    expect((await auditor.get(`/api/v1/audit-log?actorId=${m5}`)).body.count).toBeGreaterThan(0);
    const denied = await m1.get('/api/v1/audit-log');
    expect(denied.status).toBe(403);
    expect((await leader1.get('/api/v1/audit-log')).status).toBe(403);
  });
});
