import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, countRows, idOf, loginAll, startSecondApp, startTestApp, testDbKind, upload, type TestApp } from './harness.js';
import { creditCode } from './factories.js';
import { pinyinKeys, pinyinSortKey } from '@liaison/shared';
import { openDatabase } from '../src/db/database.js';
import { newId, toIso } from '../src/db/dialect.js';
import { JobRunner } from '../src/jobs/runner.js';
import { allTasks } from '../src/jobs/index.js';
import { up as endImportsLeftRunning } from '../src/db/migrations/0019_imports_left_running.js';

const HEADER = ['*客户类型', '*客户名称', '统一社会信用代码', '许可证号', '所在地区', '联系电话', '业态', '标签', '重点客户', '客户经理（用户名）'];

const xlsx = async (rows: unknown[][]) => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户导入');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const waitFor = async (c: Client, id: string, timeoutMs = 600_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await c.get(`/api/v1/imports/${id}`);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() > until) throw new Error('import did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe(`customer import [${testDbKind}]`, () => {
  let t: TestApp;
  let leader1: Client, m1: Client, leader2: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [leader1, m1, leader2] = await loginAll(t, 'leader1', 'manager1', 'leader2');
  });
  afterAll(() => t.close());

  it('serves the template with zh-CN headers', async () => {
    const res = await fetch(leader1.baseUrl + '/api/v1/imports/template.xlsx', { headers: { cookie: leader1.cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['*客户类型', '*客户名称', '简称']);
  });

  it('all-or-nothing: one bad row writes nothing and the report names row, column and problem', async () => {
    const before = await countRows(t, 'customer');
    const file = await xlsx([
      ['零售户', '导入好店一', '', 'LIC-0001', '浙江省杭州市西湖区', '13800000001', '便利店', '网上订货、诚信户', '是', 'manager1'],
      ['企业', '导入坏企业', '91330106XXXXXXXXXX', '', '330106', '12345', '', '', '', ''],
      ['零售户', '导入好店二', '', 'LIC-0001', '330106', '', '食杂店', '', '', 'manager2'],
      ['飞船', '未知类型', '', '', '', '', '', '', '', ''],
    ]);
    const res = await upload(leader1, '/api/v1/imports', '客户.xlsx', file);
    expect(res.status).toBe(202);
    const job = await waitFor(leader1, res.body.id);
    expect(job).toMatchObject({ status: 'failed', importedRows: 0, totalRows: 4 });
    const byRow = (row: number) => job.errors.filter((e: any) => e.row === row);
    expect(byRow(3).map((e: any) => e.column).sort()).toEqual(['统一社会信用代码', '联系电话']);
    expect(byRow(4)[0]).toMatchObject({ column: '许可证号', message: '与第 2 行重复' });
    expect(byRow(5)[0].column).toBe('客户类型');
    expect(await countRows(t, 'customer')).toBe(before);
    const report = await fetch(leader1.baseUrl + `/api/v1/imports/${res.body.id}/errors.xlsx`, { headers: { cookie: leader1.cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await report.arrayBuffer()) as any);
    expect(wb.worksheets[0]!.rowCount).toBe(1 + job.errorCount);
  });

  it('valid-only mode imports the good rows with labels turned into dictionary values, owners and tags', async () => {
    const code = creditCode();
    const file = await xlsx([
      ['零售户', '仅导有效甲', '', 'LIC-1001', '浙江省杭州市西湖区', '13800000011', '便利店', '网上订货', '是', 'manager2'],
      ['企业', '仅导有效乙有限公司', code.toLowerCase(), '', '330106', '', '', '', '', ''],
      ['零售户', '', '', 'LIC-1003', '', '', '', '', '', ''],
    ]);
    const res = await upload(leader1, '/api/v1/imports?mode=validOnly', 'valid.xlsx', file);
    const job = await waitFor(leader1, res.body.id);
    expect(job).toMatchObject({ status: 'succeeded', importedRows: 2, errorCount: 1 });
    const list = await leader1.get(`/api/v1/customers?q=${encodeURIComponent('仅导有效')}&sort=name`);
    expect(list.body.data.map((c: any) => [c.name, c.ownerName, c.businessFormat, c.isKey, c.tags])).toEqual([
      ['仅导有效甲', '李娜', 'convenience', true, ['onlineOrdering']],
      ['仅导有效乙有限公司', '王建国', null, false, []],
    ]);
    expect(list.body.data[1].creditCode).toBe(code);
    // The search keys are computed when a row is written (the validating pass skips them): stored as the form would store them.
    const stored = await t.handle.db.selectFrom('customer').select(['name', 'namePinyin', 'nameInitials', 'sortKey']).where('name', 'in', ['仅导有效甲', '仅导有效乙有限公司']).orderBy('name').execute();
    expect(stored).toEqual(
      ['仅导有效甲', '仅导有效乙有限公司'].sort().map((name) => ({ name, namePinyin: pinyinKeys(name).full, nameInitials: pinyinKeys(name).initials, sortKey: pinyinSortKey(name) })),
    );
    expect((await leader1.get('/api/v1/customers?q=jdyxy')).body.data.map((c: any) => c.name)).toEqual(['仅导有效乙有限公司']);
    // The same file again: every row is now a duplicate of the database.
    const again = await waitFor(leader1, (await upload(leader1, '/api/v1/imports?mode=validOnly', 'valid.xlsx', file)).body.id);
    expect(again.importedRows).toBe(0);
    expect(again.errors.filter((e: any) => e.message === '系统中已存在该客户')).toHaveLength(2);
  });

  it('reads CSV in GBK (as Excel saves it in China) and in UTF-8 with BOM', async () => {
    const csv = `客户类型,客户名称,许可证号,业态\n零售户,GBK编码小店,LIC-GBK-1,超市\n零售户,"带,逗号的店",LIC-GBK-2,食杂店\n`;
    const gbk = await waitFor(leader1, (await upload(leader1, '/api/v1/imports', 'gbk.csv', iconv.encode(csv, 'gbk'))).body.id);
    expect(gbk).toMatchObject({ status: 'succeeded', importedRows: 2 });
    expect((await leader1.get(`/api/v1/customers?q=${encodeURIComponent('GBK编码')}`)).body.data[0].businessFormat).toBe('supermarket');
    expect((await leader1.get(`/api/v1/customers?q=${encodeURIComponent('带,逗号')}`)).body.count).toBe(1);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv.replace(/GBK/g, 'UTF'))]);
    const u = await waitFor(leader1, (await upload(leader1, '/api/v1/imports', 'utf8.csv', utf8)).body.id);
    expect(u).toMatchObject({ status: 'succeeded', importedRows: 2 });
  });

  it('refuses what is not a spreadsheet, a wrong header, managers without the permission, and others’ jobs', async () => {
    const txt = await upload(leader1, '/api/v1/imports', 'notes.txt', Buffer.from('hello'));
    expect(txt.status).toBe(400);
    expect(txt.body.error.fields[0].path).toBe('file');
    const garbage = await waitFor(leader1, (await upload(leader1, '/api/v1/imports', 'fake.xlsx', Buffer.from('not a zip'))).body.id);
    expect(garbage.status).toBe('failed');
    expect(garbage.errors[0].message).toContain('无法读取');
    const wrongHeader = await waitFor(leader1, (await upload(leader1, '/api/v1/imports', 'h.csv', Buffer.from('a,b\n1,2\n'))).body.id);
    expect(wrongHeader.errors[0].message).toContain('表头');
    expect((await upload(m1, '/api/v1/imports', 'x.csv', Buffer.from('客户类型,客户名称\n'))).status).toBe(403);
    const mine = await upload(leader1, '/api/v1/imports', 'h.csv', Buffer.from('客户类型,客户名称\n'));
    expect((await leader2.get(`/api/v1/imports/${mine.body.id}`)).status).toBe(404);
    // The CSRF token is required for uploads too.
    const form = new FormData();
    form.append('file', new Blob(['客户类型,客户名称\n']), 'x.csv');
    expect((await fetch(leader1.baseUrl + '/api/v1/imports', { method: 'POST', body: form, headers: { cookie: leader1.cookie } })).status).toBe(403);
    // Let the started import end before the next test (or the file's close) begins.
    expect((await waitFor(leader1, mine.body.id)).status).not.toBe('running');
  });

  it('an import holds a lease like a scheduled run; one whose instance died is marked failed once the lease expires (decision 081)', async () => {
    // A live import is a run of the task `customer.import` keyed by the import's id, finished with it.
    const ok = await waitFor(leader1, (await upload(leader1, '/api/v1/imports', 'lease.xlsx', await xlsx([['零售户', '租约导入店', '', 'LEASE-1', '330106', '', '食杂店', '', '', '']]))).body.id);
    expect(ok.status).toBe('succeeded');
    await expect.poll(async () => (await t.handle.db.selectFrom('jobRun').select(['job', 'status', 'leaseUntil']).where('slot', '=', ok.id).execute())).toEqual([{ job: 'customer.import', status: 'succeeded', leaseUntil: null }]);
    // Two imports left 'running' by an instance that died: one whose lease has expired, one still within it.
    const now = t.clock.now();
    const leaderId = await idOf(t, 'appUser', 'leader1');
    const unitId = (await t.handle.db.selectFrom('appUser').select('orgUnitId').where('id', '=', leaderId).executeTakeFirstOrThrow()).orgUnitId;
    const dead = async (fileName: string, leaseUntil: Date) => {
      const id = newId();
      await t.handle.db
        .insertInto('importJob')
        .values({ id, kind: 'customers', status: 'running', fileName, mode: 'all', totalRows: 500, processedRows: 200, importedRows: 0, errorCount: 0, errors: null, message: null, encoding: null, phase: 'writing', createdBy: leaderId, orgUnitId: unitId, createdAt: toIso(new Date(now.getTime() - 600_000)), finishedAt: null })
        .execute();
      await t.handle.db
        .insertInto('jobRun')
        .values({ id: newId(), job: 'customer.import', slot: id, status: 'running', instance: 'dead-host:1', startedAt: toIso(new Date(now.getTime() - 600_000)), finishedAt: null, message: null, result: null, leaseUntil: toIso(leaseUntil), attempts: 1 })
        .execute();
      return id;
    };
    const expired = await dead('expired.xlsx', new Date(now.getTime() - 1000));
    const live = await dead('live.xlsx', new Date(now.getTime() + 60_000));
    // Two instances sweep at once: the import is marked failed exactly once, the live one is left alone.
    const second = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir, poolSize: 2 });
    try {
      await Promise.all([t.runner.takeOverExpired(), new JobRunner({ ...t.ctx, db: second.db }, [], { instance: 'node-b', tasks: allTasks }).takeOverExpired()]);
    } finally {
      await second.close();
    }
    const failed = (await leader1.get(`/api/v1/imports/${expired}`)).body;
    expect(failed).toMatchObject({ status: 'failed', phase: 'done', importedRows: 0, finishedAt: toIso(now) });
    expect((await t.handle.db.selectFrom('importJob').select('message').where('id', '=', expired).executeTakeFirstOrThrow()).message).toBe('interrupted');
    expect(await t.handle.db.selectFrom('jobRun').select(['status', 'message', 'leaseUntil']).where('slot', '=', expired).execute()).toEqual([{ status: 'abandoned', message: 'interrupted on dead-host:1', leaseUntil: null }]);
    expect((await leader1.get(`/api/v1/imports/${live}`)).body.status).toBe('running');
    expect((await t.handle.db.selectFrom('jobRun').select('status').where('slot', '=', live).executeTakeFirstOrThrow()).status).toBe('running');
    // Once its lease has passed too, the second goes the same way; a sweep after that finds nothing.
    t.clock.advance(120_000);
    await t.runner.takeOverExpired();
    expect((await leader1.get(`/api/v1/imports/${live}`)).body.status).toBe('failed');
    expect(await countRows(t, 'jobRun', ['status', '=', 'running'])).toBe(0);
  });

  it('an import left running by a version without leases is ended by migration 0019; one holding a lease is left to the sweep', async () => {
    const leaderId = await idOf(t, 'appUser', 'leader1');
    const unitId = (await t.handle.db.selectFrom('appUser').select('orgUnitId').where('id', '=', leaderId).executeTakeFirstOrThrow()).orgUnitId;
    const running = async (withLease: boolean) => {
      const id = newId();
      await t.handle.db
        .insertInto('importJob')
        .values({ id, kind: 'customers', status: 'running', fileName: 'old.xlsx', mode: 'all', totalRows: 10, processedRows: 5, importedRows: 0, errorCount: 0, errors: null, message: null, encoding: null, phase: 'validating', createdBy: leaderId, orgUnitId: unitId, createdAt: toIso(t.clock.now()), finishedAt: null })
        .execute();
      if (withLease)
        await t.handle.db
          .insertInto('jobRun')
          .values({ id: newId(), job: 'customer.import', slot: id, status: 'running', instance: 'live-host:1', startedAt: toIso(t.clock.now()), finishedAt: null, message: null, result: null, leaseUntil: toIso(new Date(t.clock.now().getTime() + 60_000)), attempts: 1 })
          .execute();
      return id;
    };
    const orphan = await running(false);
    const leased = await running(true);
    const finishedBefore = await countRows(t, 'importJob', ['status', '!=', 'running']);
    await endImportsLeftRunning(t.handle.db);
    expect((await leader1.get(`/api/v1/imports/${orphan}`)).body).toMatchObject({ status: 'failed', phase: 'done', finishedAt: expect.any(String) });
    expect((await t.handle.db.selectFrom('importJob').select('message').where('id', '=', orphan).executeTakeFirstOrThrow()).message).toBe('interrupted');
    expect((await leader1.get(`/api/v1/imports/${leased}`)).body.status).toBe('running');
    // Nothing else changed: exactly one more import is no longer running.
    expect(await countRows(t, 'importJob', ['status', '!=', 'running'])).toBe(finishedBefore + 1);
    await t.handle.db.deleteFrom('jobRun').where('slot', '=', leased).execute();
    await t.handle.db.deleteFrom('importJob').where('id', 'in', [orphan, leased]).execute();
  });

  // Several instances need a database server they share; SQLite is one instance by construction.
  it.skipIf(testDbKind !== 'postgres')('an import started on one instance reports its progress through another (PostgreSQL only)', { timeout: 300_000 }, async () => {
    const b = await startSecondApp(t);
    try {
      const address = b.app.server.address();
      // The same signed-in browser (session cookie and CSRF token) reaching the other instance.
      const onB = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      onB.cookie = leader1.cookie;
      onB.csrf = leader1.csrf;
      const rows = Array.from({ length: 3000 }, (_, i) => ['零售户', `跨实例导入店${i}`, '', `NODE-${i}`, '330106', '', '食杂店', '', '', '']);
      const res = await upload(leader1, '/api/v1/imports', 'nodes.xlsx', await xlsx(rows));
      expect(res.status).toBe(202);
      const seen: { phase: string; processedRows: number; totalRows: number }[] = [];
      let job: any;
      const until = Date.now() + 240_000;
      for (;;) {
        const r = await onB.get(`/api/v1/imports/${res.body.id}`);
        expect(r.status).toBe(200);
        job = r.body;
        if (job.status !== 'running' || Date.now() > until) break;
        seen.push({ phase: job.phase, processedRows: job.processedRows, totalRows: job.totalRows });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(job).toMatchObject({ status: 'succeeded', phase: 'done', importedRows: 3000, processedRows: 3000, totalRows: 3000 });
      // Instance B saw it move while it ran: rows counted before the end, never going backwards within a phase.
      const moving = seen.filter((o) => o.processedRows > 0 && o.processedRows < 3000);
      expect(moving.length, JSON.stringify(seen)).toBeGreaterThan(0);
      for (let i = 1; i < seen.length; i++)
        if (seen[i]!.phase === seen[i - 1]!.phase) expect(seen[i]!.processedRows).toBeGreaterThanOrEqual(seen[i - 1]!.processedRows);
      console.log(`import seen through the other instance: ${seen.length} polls, ${moving.length} mid-way`);
    } finally {
      await b.close();
    }
  });

  it('imports a 100,000-row file in bounded memory', { timeout: 900_000 }, async () => {
    const file = path.join(os.tmpdir(), `liaison-100k-${Date.now()}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet('客户导入');
    ws.addRow(HEADER).commit();
    for (let i = 0; i < 100_000; i++) ws.addRow(['零售户', `批量导入测试店${i}`, '', `BULK-${i}`, '330106', '', '食杂店', '', '', '']).commit();
    ws.commit();
    await wb.commit();
    const before = await countRows(t, 'customer');
    const blob = await fs.openAsBlob(file);
    const res = await upload(leader1, '/api/v1/imports', 'bulk.xlsx', blob);
    fs.rmSync(file);
    let peakHeap = 0;
    const until = Date.now() + 900_000;
    let job;
    for (;;) {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      job = (await leader1.get(`/api/v1/imports/${res.body.id}`)).body;
      if (job.status !== 'running' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(job, JSON.stringify({ ...job, errors: job.errors.slice(0, 3) })).toMatchObject({ status: 'succeeded', importedRows: 100_000, errorCount: 0 });
    expect(await countRows(t, 'customer')).toBe(before + 100_000);
    // The whole file's rows never sit in memory at once (100k parsed rows alone would be far more).
    expect(peakHeap).toBeLessThan(600 * 1024 * 1024);
    console.log(`100k import [${testDbKind}]: peak heap ${(peakHeap / 1048576).toFixed(0)} MiB`);
  });
});
