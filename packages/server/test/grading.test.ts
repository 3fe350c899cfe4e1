import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, loginAll, startTestApp, testDbKind, upload, type Client, type TestApp } from './harness.js';
import { newId } from '../src/db/dialect.js';
import { buildCustomer } from './factories.js';

describe(`grading from business figures [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, leader1: Client, leader2: Client, admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2, leader1, leader2, admin] = await loginAll(t, 'manager1', 'manager2', 'leader1', 'leader2', 'admin');
  });
  afterAll(() => t.close());

  /** Starts a grading pass (202, a background run: decision 082) and waits for it to end. */
  const regrade = async (c: Client) => {
    const started = await c.post('/api/v1/grading/recompute');
    expect(started.status).toBe(202);
    for (let i = 0; ; i++) {
      const r = (await c.get('/api/v1/grading/recompute')).body.recompute;
      if (r?.runId === started.body.runId && r.status !== 'running') return r;
      if (i > 600) throw new Error(`grading ${started.body.runId} did not finish: ${JSON.stringify(r)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  it('imports monthly figures, recomputes, and every grade says how it was reached', async () => {
    const big = await buildCustomer(m1, { name: '大客户店', licenceNo: 'FIG-BIG' });
    const small = await buildCustomer(m1, { name: '小客户店', licenceNo: 'FIG-SMALL' });
    const late = await buildCustomer(m2, { name: '常逾期店', licenceNo: 'FIG-LATE' });
    const fresh = await buildCustomer(m2, { name: '新开潜力店', licenceNo: 'FIG-NEW' });
    await m2.patch(`/api/v1/customers/${fresh.id}`, { version: 1, potentialScore: 90 });
    const csv = ['客户编码,月份,业务量,利润,逾期天数,存款余额'];
    for (const m of ['2026-08', '2026-09', '2026-10'])
      csv.push(`fig-big,${m},90000,9000,0,500000`, `FIG-SMALL,${m},1000,100,0,`, `FIG-LATE,${m},50000,5000,20,`);
    const res = await upload(leader1, '/api/v1/business-figures/import', 'figures.csv', Buffer.from(csv.join('\n')));
    expect(res.body).toEqual({ imported: 9, errors: [] });
    const figures = await m1.get(`/api/v1/customers/${big.id}/figures`);
    expect(figures.body.data[0]).toMatchObject({ month: '2026-10', volume: 90000, metrics: { 存款余额: 500000 } });

    expect((await m1.post('/api/v1/grading/recompute')).status).toBe(403);
    expect((await m1.get('/api/v1/grading/recompute')).status).toBe(403);
    const run = await regrade(admin);
    // Three have figures; the new one has only a potential score, which carries no weight by default.
    expect(run).toMatchObject({ status: 'succeeded', scheduled: false, graded: 3, ungraded: 1, changed: 3, finishedAt: expect.any(String) });
    const grade = async (c: Client, id: string) => (await c.get(`/api/v1/customers/${id}/grade`)).body.explanation;
    const bigGrade = await grade(m1, big.id);
    expect(bigGrade).toMatchObject({ method: 'composite', grade: 'A', components: { volume: { value: 270000, score: 100 }, punctuality: { value: 0, score: 100 } } });
    expect((await grade(m1, small.id)).grade).toBe('D');
    const lateGrade = await grade(m2, late.id);
    expect(lateGrade.components.punctuality).toMatchObject({ value: 20, score: 20 });
    // 20 × 0.3 + volume rank 50 × 0.4 + profit rank 50 × 0.3 = 41, below the 50 for a C.
    expect(lateGrade).toMatchObject({ score: 41, grade: 'D' });
    // No figures: the potential score alone carries the grade once it has weight.
    expect((await grade(m2, fresh.id)).reason).toBe('no_data');
    expect((await m1.get(`/api/v1/customers/${big.id}`)).body.grade).toBe('A');
    const history = await m1.get(`/api/v1/customers/${big.id}/history?kind=grade`);
    expect(history.body.data[0].changes.grade).toEqual({ old: null, new: 'A' });
    // Out of scope: 404.
    expect((await m2.get(`/api/v1/customers/${big.id}/grade`)).status).toBe(404);
  });

  it('rules are configurable by the admin; bad rules are refused naming the field', async () => {
    const rules = (await m1.get('/api/v1/grading/rules')).body;
    expect(rules.method).toBe('composite');
    expect((await m1.put('/api/v1/grading/rules', rules)).status).toBe(403);
    const bad = await admin.request('PUT', '/api/v1/grading/rules', { ...rules, thresholds: [50, 70, 85] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toMatchObject({ path: 'thresholds', message: expect.stringContaining('从高到低') });
    const wrongCount = await admin.request('PUT', '/api/v1/grading/rules', { ...rules, thresholds: [80] });
    expect(wrongCount.body.error.fields[0].path).toBe('thresholds');
    const ok = await admin.request('PUT', '/api/v1/grading/rules', { ...rules, method: 'potential' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ...rules, method: 'potential', version: rules.version + 1 });
    await regrade(admin);
    const fresh = (await m2.get(`/api/v1/customers?q=${encodeURIComponent('新开潜力')}`)).body.data[0];
    expect((await m2.get(`/api/v1/customers/${fresh.id}/grade`)).body.explanation).toMatchObject({ method: 'potential', score: 90 });
    expect(fresh.grade).toBe('A');
  });

  it('the rules carry a version: missing or out of range is 400 naming `version`, stale is 409 changing nothing, parallel saves of one version: one wins', async () => {
    const r0 = (await admin.get('/api/v1/grading/rules')).body;
    expect(r0.version).toEqual(expect.any(Number));
    const { version: _v, ...bare } = r0;
    const missing = await admin.put('/api/v1/grading/rules', bare);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: any) => f.path)).toEqual(['version']);
    const big = await admin.put('/api/v1/grading/rules', { ...r0, version: 2147483648 });
    expect(big.status).toBe(400);
    expect(big.body.error.fields.map((f: any) => f.path)).toEqual(['version']);
    const row = () => t.handle.db.selectFrom('setting').select(['value', 'updatedAt']).where('key', '=', 'customer.gradingRules').executeTakeFirst();
    const before = await row();
    const audits = await countRows(t, 'auditLog', ['entityId', '=', 'customer.gradingRules']);
    const stale = await admin.put('/api/v1/grading/rules', { ...r0, months: 6, version: r0.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(await row()).toEqual(before);
    expect(await countRows(t, 'auditLog', ['entityId', '=', 'customer.gradingRules'])).toBe(audits);
    const results = await Promise.all([3, 6, 9, 24].map((months) => admin.put('/api/v1/grading/rules', { ...r0, months })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body;
    expect((await leader1.get('/api/v1/grading/rules')).body).toEqual({ ...r0, months: winner.months, version: r0.version + 1 });
    expect(await countRows(t, 'auditLog', ['entityId', '=', 'customer.gradingRules'])).toBe(audits + 1);
    // Back to the window read at the start.
    expect((await admin.put('/api/v1/grading/rules', { ...r0, version: r0.version + 1 })).status).toBe(200);
  });

  it('a pass already running is answered with that run, not a second one; a pass whose instance died is run again', async () => {
    const live = newId();
    const now = t.clock.now().getTime();
    const lease = new Date(now + 10 * 60_000).toISOString();
    await t.handle.db
      .insertInto('jobRun')
      .values({ id: live, job: 'customer.regrade', slot: `manual:live:${live}`, status: 'running', instance: 'other-host:1', startedAt: new Date(now + 60_000).toISOString(), finishedAt: null, message: null, result: null, leaseUntil: lease, attempts: 1 })
      .execute();
    const runs = await countRows(t, 'jobRun', ['job', '=', 'customer.regrade']);
    const again = await admin.post('/api/v1/grading/recompute');
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ runId: live, status: 'running', scheduled: false, graded: null });
    expect(await countRows(t, 'jobRun', ['job', '=', 'customer.regrade'])).toBe(runs);
    // Its instance dies: once the lease has expired the next sweep runs the pass again, here.
    await t.handle.db.updateTable('jobRun').set({ leaseUntil: '2000-01-01T00:00:00.000Z' }).where('id', '=', live).execute();
    // Graded A by its potential score under the rules the test above left (method: potential).
    const fresh = await t.handle.db.selectFrom('customer').select('id').where('licenceNo', '=', 'FIG-NEW').executeTakeFirstOrThrow();
    await t.handle.db.updateTable('customer').set({ grade: null }).where('id', '=', fresh.id).execute();
    expect(await t.runner.takeOverExpired()).toEqual([live]);
    expect(await t.handle.db.selectFrom('jobRun').select(['status', 'attempts', 'message']).where('id', '=', live).executeTakeFirstOrThrow()).toEqual({ status: 'succeeded', attempts: 2, message: 'taken over from other-host:1' });
    expect((await m2.get(`/api/v1/customers/${fresh.id}`)).body.grade).toBe('A');
    expect((await admin.get('/api/v1/grading/recompute')).body.recompute).toMatchObject({ runId: live, status: 'succeeded', graded: expect.any(Number) });
  });

  it('figure imports are all or nothing and only for customers in scope', async () => {
    const foreign = await t.login('manager5');
    await buildCustomer(foreign, { name: '宁波的店', licenceNo: 'FIG-NB' });
    const csv = '客户编码,月份,业务量\nFIG-BIG,2026-11,1\nFIG-NB,2026-11,1\nFIG-BIG,2026-13,1\nFIG-BIG,2026-10,abc\n';
    const res = await upload(leader1, '/api/v1/business-figures/import', 'f.csv', Buffer.from(csv));
    expect(res.body.imported).toBe(0);
    expect(res.body.errors.map((e: any) => e.row).sort()).toEqual([3, 4, 5]);
    // The customer the first test made (licence FIG-BIG): its figures stay as they were.
    const big = await t.handle.db.selectFrom('customer').select('id').where('licenceNo', '=', 'FIG-BIG').executeTakeFirstOrThrow();
    const figures = await m1.get(`/api/v1/customers/${big.id}/figures`);
    expect(figures.status).toBe(200);
    expect(figures.body.data.map((f: any) => f.month).sort()).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(await countRows(t, 'businessFigure', ['month', '=', '2026-11'])).toBe(0);
    expect((await upload(m1, '/api/v1/business-figures/import', 'f.csv', Buffer.from(csv))).status).toBe(403);
    expect((await upload(leader2, '/api/v1/business-figures/import', 'f.csv', Buffer.from('客户编码,月份,业务量\nFIG-BIG,2026-11,1\n'))).body.errors[0].message).toContain('找不到');
  });
});
