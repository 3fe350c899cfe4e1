import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekKey, monthKey, shiftPeriod } from '@liaison/shared';
import { seedDemoCustomers } from '../src/seed/demoCustomers.js';
import { seedDemoVisits } from '../src/seed/demoVisits.js';
import { seedDemoPlans } from '../src/seed/demoPlans.js';
import { measure } from '../src/modules/plans/indicators.js';
import { idOf, loginAll, startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`demo: plans and checks from the demo's visits and figures [${testDbKind}]`, () => {
  let t: TestApp;
  let seconds = 0;
  let count = 0;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCustomers(t.handle.db, t.clock.now());
    await seedDemoVisits(t.handle.db, t.clock.now());
    const started = Date.now();
    count = await seedDemoPlans(t.handle.db, t.clock.now());
    seconds = (Date.now() - started) / 1000;
  }, 300_000);
  afterAll(() => t.close());

  it('every demo manager has the last three and the current month and week, in a few seconds', async () => {
    expect(count).toBe(8 * 8);
    expect(seconds).toBeLessThan(20);
    expect(await seedDemoPlans(t.handle.db, t.clock.now())).toBe(0);
  });

  it("leader1 sees manager2's month plan waiting, manager3's returned with a comment; manager1's week is a draft with its planned visits", async () => {
    const now = t.clock.now();
    const [leader1, manager1] = await loginAll(t, 'leader1', 'manager1');
    const waiting = (await leader1.get(`/api/v1/plans?kind=month&period=${monthKey(now)}&status=submitted`)).body;
    expect(waiting.data.map((p: any) => p.managerName)).toEqual(['李娜']);
    const returned = (await leader1.get(`/api/v1/plans?kind=month&period=${monthKey(now)}&status=returned`)).body;
    expect(returned.data.map((p: any) => [p.managerName, p.leaderComment])).toEqual([['刘洋', expect.stringContaining('请补充')]]);
    const week = (await manager1.get(`/api/v1/plans?kind=week&period=${isoWeekKey(now)}`)).body.data;
    expect(week).toHaveLength(1);
    expect(week[0].status).toBe('draft');
    const detail = (await manager1.get(`/api/v1/plans/${week[0].id}`)).body;
    expect(detail.can.submit).toBe(true);
    expect(detail.visits.filter((v: any) => v.planned).length).toBeGreaterThan(0);
  });

  it("a past month's frozen check equals what the indicators compute from the demo data", async () => {
    const last = shiftPeriod('month', monthKey(t.clock.now()), -1);
    const m1 = await idOf(t, 'appUser', 'manager1');
    const plan = await t.handle.db.selectFrom('plan').selectAll().where('managerId', '=', m1).where('kind', '=', 'month').where('period', '=', last).executeTakeFirstOrThrow();
    expect(plan.checkStatus).toBe('approved');
    const rows = await t.handle.db.selectFrom('planTarget').innerJoin('indicator', 'indicator.id', 'planTarget.indicatorId').selectAll().where('planId', '=', plan.id).execute();
    expect(rows.map((r) => r.code).sort()).toEqual(['coverage', 'onsiteVisits', 'salesVolume', 'visits', 'wonCustomers']);
    const live = await measure(t.handle.db, rows as any, [m1], 'month', last);
    for (const r of rows) expect([r.code, r.actual == null ? null : Number(r.actual)]).toEqual([r.code, live.get(r.indicatorId)!.get(m1)!.value]);
    expect(Number(rows.find((r) => r.code === 'visits')!.actual)).toBeGreaterThan(0);
  });

  it('key customers have service plans with an overdue action that reaches the manager’s workbench', async () => {
    const [manager1] = await loginAll(t, 'manager1');
    const wb = (await manager1.get('/api/v1/plans/workbench')).body;
    expect(wb.overdueActions.length).toBeGreaterThan(0);
    const plans = (await manager1.get(`/api/v1/service-plans?period=${monthKey(t.clock.now())}`)).body.data;
    expect(plans.length).toBeGreaterThan(0);
    const one = (await manager1.get(`/api/v1/service-plans/${plans[0].id}`)).body;
    expect(one.actions.map((a: any) => a.status).sort()).toEqual(['done', 'open', 'open']);
    expect(one.actions.filter((a: any) => a.overdue)).toHaveLength(1);
  });
});
