import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZJobRun, auditActionLabels, auditEntityLabels, describeDetail, eventReasonLabels, jobNameLabels, jobResultLabels, jobStatusLabels } from '@liaison/shared';
import { allJobs, allTasks } from '../src/jobs/index.js';
import { idOf, loginAll, startTestApp, testDbKind, upload, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool } from './factories.js';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

describe('words, not codes: one catalogue for every code a user sees', () => {
  const code = sources(srcDir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const literals = (re: RegExp) => [...new Set([...code.matchAll(re)].map((m) => m[1]!))];

  it('every audit action and record type the server records has a zh-CN and en-US label', () => {
    const actions = literals(/recordAudit\([^;]*?action: '([a-z_]+)'/gs);
    // Sanity: the scan finds the actions the issue named, so an empty match cannot pass.
    expect(actions).toEqual(expect.arrayContaining(['reject_change', 'import', 'export', 'reveal', 'withdraw_change']));
    const ticketActions = literals(/insertTicketEvent\([^;]*?action: '([a-z_]+)'/gs);
    for (const a of [...actions, ...ticketActions, 'approve', 'reject']) expect(auditActionLabels, a).toHaveProperty(a);
    const entities = literals(/recordAudit\([^;]*?entity: '([a-zA-Z]+)'/gs);
    expect(entities.length).toBeGreaterThan(10);
    for (const e of entities) expect(auditEntityLabels, e).toHaveProperty(e);
    for (const catalogue of [auditActionLabels, auditEntityLabels, jobNameLabels, jobResultLabels, jobStatusLabels, eventReasonLabels])
      for (const [k, l] of Object.entries(catalogue)) {
        expect(l['zh-CN'], k).toMatch(/\S/);
        expect(l['en-US'], k).toMatch(/\S/);
        expect(l['zh-CN'], k).not.toBe(k);
      }
  });

  it('every scheduled job has a name in words (customer.grading too)', () => {
    expect(allJobs.length).toBeGreaterThan(5);
    for (const j of allJobs) expect(jobNameLabels, j.name).toHaveProperty(j.name);
    // and every on-demand task, which shares the run history (decision 081)
    expect(allTasks.length).toBeGreaterThan(0);
    for (const task of allTasks) expect(jobNameLabels, task.name).toHaveProperty(task.name);
    // and every status a run can have, 'abandoned' (decision 073) too
    expect(Object.keys(jobStatusLabels).sort()).toEqual([...ZJobRun.shape.status.options].sort());
  });

  it('audit details read as words in Asia/Shanghai time, never JSON or ids', () => {
    const text = describeDetail({ count: 44, unmasked: false, filter: { lastContactBefore: '2026-11-01T19:34:46.652Z' }, requestId: 'e4f0c7a2-1b' }, 'zh-CN');
    expect(text).toBe('数量：44；不脱敏：否；筛选条件：（最近联系早于：2026-11-02 03:34）');
    expect(describeDetail({ field: 'contact.mobile' }, 'zh-CN')).toBe('字段：手机号');
    expect(describeDetail({ count: 2, unmasked: true }, 'en-US')).toBe('Count: 2; Unmasked: yes');
    expect(describeDetail(null, 'zh-CN')).toBe('');
  });
});

const countWhere = async (t: TestApp, table: string, ...where: [string, string, unknown][]): Promise<number> => {
  let q = (t.handle.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('c'));
  for (const w of where) q = q.where(...w);
  return Number((await q.executeTakeFirst()).c);
};

describe(`UX fixes on the server [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, leader1: Client, leader2: Client, auditor: Client, admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2, leader1, leader2, auditor, admin] = await loginAll(t, 'manager1', 'manager2', 'leader1', 'leader2', 'auditor1', 'admin');
  });
  afterAll(() => t.close());

  describe('item 2: the masking policy', () => {
    it('tobacco: the owner reads their own customer’s phones in clear on the detail; lists stay masked; others see masks', async () => {
      const policy = await m1.get('/api/v1/privacy-policy');
      expect(policy.body).toEqual({ ownerSeesOwnPhones: true, version: 0 });
      const c = await buildCustomer(m1, { phone: '13912345678', address: '西湖区文三路 100 号 3 幢 501' });
      await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '店主王', mobile: '13700002222' });
      const detail = await m1.get(`/api/v1/customers/${c.id}`);
      expect(detail.body.phone).toBe('13912345678');
      expect(detail.body.masked).not.toContain('phone');
      // The address is not a phone: still masked, revealed on purpose.
      expect(detail.body.masked).toContain('address');
      expect((await m1.get(`/api/v1/customers/${c.id}/contacts`)).body.data[0]).toMatchObject({ mobile: '13700002222' });
      const list = await m1.get(`/api/v1/customers?q=${encodeURIComponent(c.name)}`);
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0].phone).toBe('139****5678');
      // A leader over the customer is not its owner: masked.
      const asLeader = await leader1.get(`/api/v1/customers/${c.id}`);
      expect(asLeader.status).toBe(200);
      expect(asLeader.body.phone).toBe('139****5678');
      expect((await leader1.get(`/api/v1/customers/${c.id}/contacts`)).body.data[0].mobile).toBe('137****2222');
      // Outside the data scope: not found at all.
      expect((await m2.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
      expect((await leader2.get(`/api/v1/customers/${c.id}/contacts`)).status).toBe(404);
    });

    it('turned off (the bank default), the owner sees masks and reveals on purpose, audited once per reveal', async () => {
      expect((await m1.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: false, version: 0 })).status).toBe(403);
      const bad = await admin.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: 'no', version: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('ownerSeesOwnPhones');
      const off = await admin.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: false, version: 0 });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({ ownerSeesOwnPhones: false, version: 1 });
      // A stale version changes nothing.
      expect((await admin.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: true, version: 0 })).status).toBe(409);
      const audit = await auditor.get('/api/v1/audit-log?entity=setting&entityId=customer.privacyPolicy');
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0].changes).toEqual({ ownerSeesOwnPhones: { old: true, new: false } });
      const c = await buildCustomer(m1, { phone: '13912340000' });
      expect((await m1.get(`/api/v1/customers/${c.id}`)).body.phone).toBe('139****0000');
      const r = await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' });
      expect(r.body.value).toBe('13912340000');
      expect(await countWhere(t, 'auditLog', ['entityId', '=', c.id], ['action', '=', 'reveal'])).toBe(1);
      // Parallel saves on one version: exactly one wins.
      const [a, b] = await Promise.all([
        admin.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: true, version: 1 }),
        admin.put('/api/v1/privacy-policy', { ownerSeesOwnPhones: true, version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await m1.get(`/api/v1/customers/${c.id}`)).body.phone).toBe('13912340000');
    });

    it('a bank installation starts with the policy off', async () => {
      const bank = await startTestApp({ env: { LIAISON_INDUSTRY: 'bank' } });
      try {
        const [m] = await loginAll(bank, 'admin');
        expect((await m.get('/api/v1/privacy-policy')).body).toEqual({ ownerSeesOwnPhones: false, version: 0 });
      } finally {
        await bank.close();
      }
    });
  });

  describe('item 3: audit entries name their record', () => {
    it('a reveal and a rejected change show "客户 <name>" without expanding, and the action has a label', async () => {
      const c = await buildCustomer(m1, { name: '崔辉子食杂店' });
      await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' });
      const req = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'A', reason: '年销量翻番' });
      expect(req.status).toBe(201);
      expect((await leader1.post(`/api/v1/change-requests/${req.body.id}/decide`, { approve: false, comment: '数据未核实' })).status).toBe(200);
      const entries = (await auditor.get(`/api/v1/audit-log?entityId=${c.id}&perPage=50`)).body.data;
      const actions = entries.map((e: any) => e.action).sort();
      expect(actions).toEqual(expect.arrayContaining(['reveal', 'reject_change', 'request_change']));
      for (const e of entries) expect(e.recordName, e.action).toBe('崔辉子食杂店');
      for (const a of actions) expect(auditActionLabels).toHaveProperty(a);
      // A user entry is named by the user's name.
      const u = (await auditor.get('/api/v1/audit-log?action=login&perPage=5')).body.data[0];
      expect(u.entity).toBe('session');
      const userEntries = (await auditor.get('/api/v1/audit-log?entity=setting&perPage=5')).body.data;
      for (const e of userEntries) expect(e.recordName).toBeNull();
    });
  });

  describe('item 5: change requests — withdraw, and the outcome told to the manager', () => {
    it('the manager withdraws a pending request; the leader no longer sees it pending; stale, foreign and decided requests are refused', async () => {
      const c = await buildCustomer(m1, { name: '撤回测试店' });
      const req = (await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'B', reason: '理由很长：'.padEnd(300, '长') })).body;
      expect(req.version).toBe(1);
      // The leader gets the whole reason.
      const pending = (await leader1.get('/api/v1/change-requests?status=pending')).body.data.find((r: any) => r.id === req.id);
      expect(pending.reason).toHaveLength(300);
      // Someone else (even the leader) cannot withdraw it; out of scope is 404.
      expect((await leader1.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 1 })).status).toBe(404);
      expect((await m2.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 1 })).status).toBe(404);
      const bad = await m1.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('version');
      expect((await m1.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 2 })).status).toBe(409);
      const [a, b] = await Promise.all([
        m1.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 1 }),
        m1.post(`/api/v1/change-requests/${req.id}/withdraw`, { version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const done = a.status === 200 ? a.body : b.body;
      expect(done).toMatchObject({ status: 'withdrawn', version: 2 });
      expect((await leader1.get('/api/v1/change-requests?status=pending')).body.data.map((r: any) => r.id)).not.toContain(req.id);
      expect((await leader1.post(`/api/v1/change-requests/${req.id}/decide`, { approve: true })).status).toBe(409);
      expect((await m1.get('/api/v1/change-requests?status=withdrawn')).body.data.map((r: any) => r.id)).toContain(req.id);
      expect(await countWhere(t, 'customerEvent', ['customerId', '=', c.id], ['kind', '=', 'change_withdrawn'])).toBe(1);
      expect((await auditor.get(`/api/v1/audit-log?action=withdraw_change&entityId=${c.id}`)).body.data).toHaveLength(1);
    });

    it('a decision reaches the requester through the outbox, once, even when an approved owner change takes the customer away', async () => {
      const c = await buildCustomer(m1, { name: '转给同事的店' });
      const m2Id = await idOf(t, 'appUser', 'manager2');
      const req = (await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'ownerId', value: m2Id, reason: '搬到同事片区' })).body;
      expect((await leader1.post(`/api/v1/change-requests/${req.id}/decide`, { approve: true, comment: '同意' })).status).toBe(200);
      await t.notifier.runOnce();
      await t.notifier.runOnce();
      const mine = (await m1.get('/api/v1/notifications?type=changeRequest.decided&perPage=100')).body.data.filter((n: any) => n.entityId === req.id);
      expect(mine).toHaveLength(1);
      expect(mine[0].title).toBe('客户「转给同事的店」的客户经理变更申请已批准');
      expect(mine[0].body).toContain('同意');
      // Nobody else hears about it.
      expect((await m2.get('/api/v1/notifications?type=changeRequest.decided&perPage=100')).body.data.filter((n: any) => n.entityId === req.id)).toHaveLength(0);
      expect((await leader1.get('/api/v1/notifications?type=changeRequest.decided&perPage=100')).body.data.filter((n: any) => n.entityId === req.id)).toHaveLength(0);
    });
  });

  describe('item 6: the pool — claims today and a read-only preview', () => {
    it('counts today’s claims beside the limit, and previews a pool customer masked, scope-checked', async () => {
      const pool = await buildPool(t, 'HZ', { maxClaimsPerDay: 10 });
      const [m5] = await loginAll(t, 'manager5');
      const before = (await m1.get('/api/v1/pool/my-claims')).body.claimedToday;
      const c = await buildCustomer(leader1, { name: '公海预览店', poolId: pool.id, phone: '13912398765', address: '西湖区文三路 100 号 3 幢 501' });
      await leader1.post(`/api/v1/customers/${c.id}/contacts`, { name: '店主李', mobile: '13700009999' });
      const p = await m1.get(`/api/v1/pool/customers/${c.id}`);
      expect(p.status).toBe(200);
      expect(p.body.customer).toMatchObject({ name: '公海预览店', phone: '139****8765', ownerId: null });
      expect(p.body.customer.address).not.toContain('501');
      expect(p.body.contacts[0]).toMatchObject({ name: '店主李', mobile: '137****9999' });
      expect(p.body.figures).toEqual([]);
      expect(p.body.grade).toHaveProperty('grade');
      // Another city's manager does not see this pool; an owned customer is not a pool customer.
      expect((await m5.get(`/api/v1/pool/customers/${c.id}`)).status).toBe(404);
      const owned = await buildCustomer(m1);
      expect((await m1.get(`/api/v1/pool/customers/${owned.id}`)).status).toBe(404);
      expect((await m1.get('/api/v1/pool/customers/nope')).status).toBe(404);
      expect((await auditor.get(`/api/v1/pool/customers/${c.id}`)).status).toBe(403);
      // Previewing reveals nothing and records no reveal.
      expect(await countWhere(t, 'auditLog', ['entityId', '=', c.id], ['action', '=', 'reveal'])).toBe(0);
      expect((await m1.post(`/api/v1/customers/${c.id}/claim`, { version: p.body.customer.version })).status).toBe(200);
      expect((await m1.get('/api/v1/pool/my-claims')).body.claimedToday).toBe(before + 1);
      expect((await m2.get('/api/v1/pool/my-claims')).body.claimedToday).toBe(0);
      expect((await m1.get(`/api/v1/pool/customers/${c.id}`)).status).toBe(404);
    });
  });

  describe('item 7: import — regions as people write them, drop-downs in the template', () => {
    const waitFor = async (c: Client, id: string) => {
      const until = Date.now() + 120_000;
      for (;;) {
        const res = await c.get(`/api/v1/imports/${id}`);
        if (res.body.status !== 'running') return res.body;
        if (Date.now() > until) throw new Error('import did not finish');
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const sheet = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('客户导入');
      ws.addRow(['*客户类型', '*客户名称', '许可证号', '所在地区', '详细地址']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };

    it('resolves 杭州市余杭区, 余杭区, 杭州余杭 and a shared name by the address or the file’s city; unknown and ambiguous names are told apart', async () => {
      const file = await sheet([
        ['零售户', '地区写法甲', 'RG-0001', '杭州市余杭区', ''],
        ['零售户', '地区写法乙', 'RG-0002', '余杭区', ''],
        ['零售户', '地区写法丙', 'RG-0003', '杭州 余杭', ''],
        ['零售户', '地区写法丁', 'RG-0004', '鼓楼区', '福州市鼓楼区五四路 1 号'],
        ['零售户', '地区写法戊', 'RG-0005', '西湖区', ''],
        ['零售户', '地区写法己', 'RG-0006', '火星市', ''],
        ['零售户', '地区写法庚', 'RG-0007', '朝阳区', '朝阳路 1 号'],
      ]);
      const res = await upload(leader1, '/api/v1/imports?mode=validOnly', '地区.xlsx', file);
      expect(res.status).toBe(202);
      const job = await waitFor(leader1, res.body.id);
      expect(job).toMatchObject({ status: 'succeeded', importedRows: 5, errorCount: 2 });
      const errs = job.errors.map((e: any) => `${e.row}:${e.column}:${e.message}`);
      expect(errs[0]).toMatch(/^7:所在地区:找不到这个地区/);
      expect(errs[1]).toMatch(/^8:所在地区:有多个同名地区（北京市朝阳区 \/ 吉林省长春市朝阳区/);
      const list = (await leader1.get(`/api/v1/customers?q=${encodeURIComponent('地区写法')}&sort=name&perPage=20`)).body.data;
      const codes = Object.fromEntries(list.map((c: any) => [c.name, c.regionCode]));
      expect(codes).toEqual({ 地区写法甲: '330110', 地区写法乙: '330110', 地区写法丙: '330110', 地区写法丁: '350102', 地区写法戊: '330106' });
    });

    it('the template carries drop-down lists for every dictionary column, kind, stage and key customer', async () => {
      const res = await fetch(leader1.baseUrl + '/api/v1/imports/template.xlsx', { headers: { cookie: leader1.cookie } });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const ws = wb.worksheets[0]!;
      const options = wb.getWorksheet('选项')!;
      expect(options.state).toBe('hidden');
      const header = (ws.getRow(1).values as string[]).slice(1).map((h) => h.replace('*', ''));
      for (const name of ['客户类型', '行业', '企业性质', '企业规模', '业态', '市场类型', '来源', '重点客户', '客户阶段']) {
        const col = header.indexOf(name) + 1;
        expect(col, name).toBeGreaterThan(0);
        const dv = ws.getCell(5, col).dataValidation;
        expect(dv?.type, name).toBe('list');
        const m = /^'选项'!\$([A-Z]+)\$2:\$\1\$(\d+)$/.exec(String(dv!.formulae![0]));
        expect(m, `${name}: ${dv!.formulae![0]}`).not.toBeNull();
        const values = options.getColumn(m![1]!).values.slice(2).filter(Boolean);
        expect(values.length, name).toBe(Number(m![2]) - 1);
      }
      const format = header.indexOf('业态') + 1;
      const ref = /\$([A-Z]+)\$/.exec(String(ws.getCell(2, format).dataValidation!.formulae![0]))![1]!;
      expect(options.getColumn(ref).values).toContain('便利店');
      // Free-text columns have no list.
      expect(ws.getCell(2, header.indexOf('客户名称') + 1).dataValidation?.type).toBeUndefined();
    });
  });

  describe('item 10: departure audit and grading rules for leaders', () => {
    it('the departure audit lists the leaving manager’s change requests, in words in its .xlsx', async () => {
      const c = await buildCustomer(m1, { name: '离岗申请测试店' });
      await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'A', reason: '大客户' });
      await m1.get(`/api/v1/customers/export.xlsx?q=${encodeURIComponent('离岗申请测试店')}`);
      const userId = await idOf(t, 'appUser', 'manager1');
      const from = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
      const to = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      const url = `/api/v1/departure-audit?userId=${userId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const report = await leader1.get(url);
      expect(report.status).toBe(200);
      const mine = report.body.changeRequests.filter((r: any) => r.customerName === '离岗申请测试店');
      expect(mine).toEqual([expect.objectContaining({ field: 'grade', newValue: 'A', reason: '大客户', status: 'pending' })]);
      expect((await leader2.get(url)).status).toBe(404);
      const res = await fetch(leader1.baseUrl + url.replace('departure-audit', 'departure-audit.xlsx'), { headers: { cookie: leader1.cookie } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const flat = JSON.stringify(wb.worksheets[0]!.getSheetValues());
      expect(flat).toContain('变更申请');
      expect(flat).toContain('理由：大客户');
      // No codes or JSON: actions and details in words.
      expect(flat).not.toMatch(/"(export|update|reveal|request_change)"/);
      expect(flat).not.toContain('{\\"');
      expect(flat).toContain('数量');
    });

    it('leaders read the grading rules; only grading managers change them', async () => {
      const rules = await leader1.get('/api/v1/grading/rules');
      expect(rules.status).toBe(200);
      expect(rules.body.grades.length).toBeGreaterThan(0);
      expect((await leader1.put('/api/v1/grading/rules', rules.body)).status).toBe(403);
    });
  });
});
