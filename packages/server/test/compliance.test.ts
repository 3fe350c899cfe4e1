import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, setFollowUp } from './factories.js';
import { newId } from '../src/db/dialect.js';

/**
 * Frequency compliance on a frozen clock, every expected time counted by hand on a calendar.
 * Beijing time is UTC+8. The clock stands at Tuesday 1 December 2026, 10:00 Beijing time:
 * month P = 2026-12 (starts 2026-11-30T16:00Z), P-1 = November; ISO week 2026-W49 runs Monday
 * 30 November 00:00 Beijing (2026-11-29T16:00Z) to Sunday 6 December.
 */
const NOW = '2026-12-01T02:00:00.000Z';
const END_DEC = '2026-12-31T16:00:00.000Z';
const END_JAN = '2027-01-31T16:00:00.000Z';
const START_DEC = '2026-11-30T16:00:00.000Z';
const END_JUL = '2026-07-31T16:00:00.000Z';
const START_W49 = '2026-11-29T16:00:00.000Z';
const END_W49 = '2026-12-06T16:00:00.000Z';
const END_W50 = '2026-12-13T16:00:00.000Z';

describe(`contact-frequency compliance across month and ISO-week boundaries in Asia/Shanghai [${testDbKind}]`, () => {
  let t: TestApp;
  let m3: Client, admin: Client, leader1: Client;
  const ids: Record<string, string> = {};

  const log = async (customerId: string, method: string, startAt: string) => {
    const res = await m3.post('/api/v1/visits', { customerId, status: 'done', method, purpose: 'followUp', startAt });
    if (res.status !== 201) throw new Error(`visit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const due = async (name: string) => {
    const c = await t.handle.db.selectFrom('customer').select(['onsiteDueAt', 'phoneDueAt', 'lastOnsiteAt', 'lastPhoneAt', 'lastContactAt']).where('id', '=', ids[name]!).executeTakeFirstOrThrow();
    return c;
  };

  /** Waits for the background recompute after a save (decision 081) and returns where it ended. */
  const settled = async (runId: string) => {
    for (let i = 0; ; i++) {
      const r = (await admin.get('/api/v1/contact-rules')).body.recompute;
      if (r?.runId === runId && r.status !== 'running') return r;
      if (i > 600) throw new Error(`recompute ${runId} did not finish: ${JSON.stringify(r)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(NOW);
    [m3, admin, leader1] = await loginAll(t, 'manager3', 'admin', 'leader1');
    // Grade A customers need two on-site visits a month.
    const rules = (await admin.get('/api/v1/contact-rules')).body;
    const save = await admin.put('/api/v1/contact-rules', {
      settings: rules.settings,
      rules: [
        { name: 'A 类：每月上门两次', sortOrder: 10, enabled: true, grades: ['A'], isKey: null, kinds: null, stages: ['won', 'maintained'], onsitePerMonth: 2, phonePerWeek: 1 },
        ...rules.rules.map(({ updatedAt: _u, ...r }: any) => r),
      ],
    });
    expect(save.status).toBe(200);
    await settled(save.body.recompute.runId);
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P']) {
      const c = await buildCustomer(m3, { name: `频次测试${name}` });
      ids[name] = c.id;
      await setFollowUp(t, c.id, { stage: name === 'P' ? 'prospect' : 'won', claimedAt: '2026-06-01T02:00:00.000Z', grade: ['G', 'H'].includes(name) ? 'A' : 'C' });
    }
    await setFollowUp(t, ids.E!, { claimedAt: '2026-11-20T02:00:00.000Z' });
    await setFollowUp(t, ids.F!, { claimedAt: '2026-12-01T01:00:00.000Z' });
    await log(ids.A!, 'onsite', '2026-11-30T15:30:00.000Z'); // 23:30 on 30 Nov in Beijing: November
    await log(ids.B!, 'onsite', '2026-11-30T16:30:00.000Z'); // 00:30 on 1 Dec in Beijing: December
    await log(ids.C!, 'onsite', '2026-10-15T04:00:00.000Z');
    await log(ids.G!, 'onsite', '2026-11-05T04:00:00.000Z');
    await log(ids.G!, 'onsite', '2026-11-20T04:00:00.000Z');
    await log(ids.G!, 'onsite', '2026-12-01T01:00:00.000Z');
    await log(ids.H!, 'onsite', '2026-11-10T04:00:00.000Z');
    await log(ids.H!, 'onsite', '2026-12-01T01:00:00.000Z');
    await log(ids.A!, 'phone', '2026-11-29T15:59:00.000Z'); // Sunday 23:59 in Beijing: week 48
    await log(ids.B!, 'phone', '2026-11-29T16:00:00.000Z'); // Monday 00:00 in Beijing: week 49
    await log(ids.C!, 'phone', '2026-11-16T04:00:00.000Z'); // week 47
    await log(ids.P!, 'onsite', '2026-11-01T04:00:00.000Z');
    await t.runner.runNow('visit.nightly');
  });
  afterAll(() => t.close());

  it('counts a visit at 23:30 Beijing time on the last day of the month in that month', async () => {
    expect((await due('A')).onsiteDueAt).toBe(END_DEC); // November's visit: December is due
    expect((await due('B')).onsiteDueAt).toBe(END_JAN); // December's visit: met, January next
    expect((await due('A')).lastOnsiteAt).toBe('2026-11-30T15:30:00.000Z');
  });

  it('is overdue since the end of the first missed month, and for the never-visited since the month after their claim', async () => {
    expect((await due('C')).onsiteDueAt).toBe(START_DEC); // October's visit, November missed
    expect((await due('D')).onsiteDueAt).toBe(END_JUL); // claimed in June, July was the first full month
  });

  it('gives a newly claimed customer its first full period', async () => {
    expect((await due('E')).onsiteDueAt).toBe(END_DEC); // claimed 20 November: December is the first full month
    expect((await due('F')).onsiteDueAt).toBe(END_JAN); // claimed 1 December: January
  });

  it('applies a rule of two visits a month by counting them', async () => {
    expect((await due('G')).onsiteDueAt).toBe(END_DEC); // two in November, one so far in December: due
    expect((await due('H')).onsiteDueAt).toBe(START_DEC); // only one in November: overdue since 1 December
  });

  it('counts the weekly phone contact by ISO week from Monday 00:00 Beijing time', async () => {
    expect((await due('A')).phoneDueAt).toBe(END_W49); // Sunday 23:59 was week 48: week 49 is due
    expect((await due('B')).phoneDueAt).toBe(END_W50); // Monday 00:00 is week 49: met
    expect((await due('C')).phoneDueAt).toBe(START_W49); // week 47, week 48 missed
  });

  it('leaves customers no rule covers without due times', async () => {
    const p = await due('P');
    expect(p.onsiteDueAt).toBeNull();
    expect(p.phoneDueAt).toBeNull();
    expect(p.lastOnsiteAt).toBe('2026-11-01T04:00:00.000Z');
  });

  it('filters and sorts the customer list by what is overdue', async () => {
    const onsite = await m3.get('/api/v1/customers?overdue=onsite&sort=onsiteDueAt&perPage=50');
    expect(onsite.status).toBe(200);
    expect(onsite.body.data.map((c: any) => c.name)).toEqual(['频次测试D', '频次测试C', '频次测试H']);
    const phone = await m3.get('/api/v1/customers?overdue=phone&perPage=50');
    // Only A, B and C have had calls; every other covered customer missed week 48 too.
    expect(phone.body.data.map((c: any) => c.name).sort()).toEqual(['频次测试C', '频次测试D', '频次测试E', '频次测试G', '频次测试H'].sort());
  });

  it('shows the workbench overdue list most overdue first and counts coverage by hand', async () => {
    const wb = (await m3.get('/api/v1/workbench')).body;
    expect(wb.date).toBe('2026-12-01');
    expect(wb.overdue.onsite).toBe(3);
    expect(wb.overdue.customers[0].name).toBe('频次测试D');
    // Its weekly call has been overdue longer still: since the end of its first full week (claimed Monday 1 June → week 24 ends Sunday 14 June).
    expect(wb.overdue.customers[0].overdueSince).toBe('2026-06-14T16:00:00.000Z');
    expect(wb.overdue.customers[0].dueMethod).toBe('onsite');
    // December so far: subject = covered customers that were theirs before 1 December (A B C D E G H),
    // met = B (one on-site visit in December). G and H need two.
    expect(wb.coverage.month).toEqual({ key: '2026-12', subject: 7, met: 1 });
    // Week 49: subject = A B C D E G H (F was claimed this week), met = B.
    expect(wb.coverage.week).toEqual({ key: '2026-W49', subject: 7, met: 1 });
    const me = (await m3.get('/api/v1/me')).body;
    const team = (await leader1.get('/api/v1/team/coverage')).body;
    const row = team.rows.find((r: any) => r.managerId === me.id);
    expect(row.customers).toBe(9);
    expect(row.overdue).toBe(5);
    expect(row.monthSubject).toBe(7);
    expect(row.monthMet).toBe(1);
    expect(team.total.monthMet).toBeGreaterThanOrEqual(1);
  });

  it('saving the rules answers at once and a background run recomputes every due time; a run whose instance died is run again (decision 081)', async () => {
    const before = (await admin.get('/api/v1/contact-rules')).body;
    const body = (rules: any[], enabled: (r: any, i: number) => boolean) => ({ settings: before.settings, rules: rules.map(({ updatedAt: _u, ...r }: any, i: number) => ({ ...r, enabled: enabled(r, i) })) });
    const runsBefore = await countRows(t, 'jobRun', ['job', '=', 'visit.compliance']);
    // Every rule off: no customer is due any more, once the run has gone through them.
    const off = await admin.put('/api/v1/contact-rules', body(before.rules, () => false));
    expect(off.status).toBe(200);
    expect(off.body.rules.length).toBeGreaterThan(0);
    expect(off.body.rules.filter((r: any) => r.enabled)).toEqual([]);
    expect(off.body.recompute).toMatchObject({ runId: expect.any(String), startedAt: NOW });
    expect(['running', 'succeeded']).toContain(off.body.recompute.status);
    const done = await settled(off.body.recompute.runId);
    expect(done).toMatchObject({ status: 'succeeded', finishedAt: NOW });
    expect(done.customers).toBeGreaterThanOrEqual(Object.keys(ids).length);
    expect(await due('A')).toMatchObject({ onsiteDueAt: null, phoneDueAt: null });
    // Back as they were: the due times follow.
    const on = await admin.put('/api/v1/contact-rules', body(off.body.rules, (_r, i) => before.rules[i].enabled));
    expect((await settled(on.body.recompute.runId)).status).toBe('succeeded');
    expect((await due('A')).onsiteDueAt).toBe(END_DEC);
    expect(await countRows(t, 'jobRun', ['job', '=', 'visit.compliance'])).toBe(runsBefore + 2);
    // A recompute whose instance died (its lease expired) is run again by the next sweep.
    await t.handle.db.updateTable('customer').set({ onsiteDueAt: null }).where('id', '=', ids.A!).execute();
    const deadRun = newId();
    await t.handle.db
      .insertInto('jobRun')
      .values({ id: deadRun, job: 'visit.compliance', slot: `rules:dead:${deadRun}`, status: 'running', instance: 'dead-host:1', startedAt: '2026-12-01T01:50:00.000Z', finishedAt: null, message: null, result: null, leaseUntil: '2026-12-01T01:52:00.000Z', attempts: 1 })
      .execute();
    expect(await t.runner.takeOverExpired()).toEqual([deadRun]);
    expect(await t.handle.db.selectFrom('jobRun').select(['status', 'attempts', 'message']).where('id', '=', deadRun).executeTakeFirstOrThrow()).toEqual({ status: 'succeeded', attempts: 2, message: 'taken over from dead-host:1' });
    expect((await due('A')).onsiteDueAt).toBe(END_DEC);
    // Only an administrator saves rules.
    expect((await m3.put('/api/v1/contact-rules', body(off.body.rules, () => true))).status).toBe(403);
  });

  it('keys the week and day by Beijing time in the early morning too (server process, with exceljs loaded)', async () => {
    t.clock.set('2026-12-01T22:34:00.000Z'); // Wednesday 2 December, 06:34 in Beijing
    [m3, leader1] = await loginAll(t, 'manager3', 'leader1');
    const wb = (await m3.get('/api/v1/workbench')).body;
    expect(wb.date).toBe('2026-12-02');
    expect(wb.coverage.week.key).toBe('2026-W49');
    expect((await leader1.get('/api/v1/team/coverage')).body.week).toBe('2026-W49');
    t.clock.set(NOW);
  });

  it('moves the due times when the next month starts (nightly job), and a new visit recomputes at once', async () => {
    t.clock.set('2027-01-01T02:00:00.000Z'); // Friday 1 January 2027, week 2026-W53
    await t.runner.runNow('visit.nightly');
    expect((await due('A')).onsiteDueAt).toBe(END_DEC); // December missed: overdue since 1 January
    expect((await due('B')).onsiteDueAt).toBe(END_JAN); // December's visit: January is due
    [m3] = await loginAll(t, 'manager3'); // a month later the session has long expired
    await log(ids.A!, 'onsite', '2027-01-01T01:00:00.000Z');
    expect((await due('A')).onsiteDueAt).toBe('2027-02-28T16:00:00.000Z'); // met in January: February next
    expect((await due('A')).lastContactAt).toBe('2027-01-01T01:00:00.000Z');
  });
});

