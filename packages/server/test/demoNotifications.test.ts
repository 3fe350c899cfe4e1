import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCustomers } from '../src/seed/demoCustomers.js';
import { seedDemoNotifications } from '../src/seed/demoNotifications.js';
import { countRows, idOf, startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`demo: the first day's reminders through the real publish path [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCustomers(t.handle.db, t.clock.now());
    await seedDemoNotifications(t.ctx, t.clock.now());
  });
  afterAll(() => t.close());

  it("manager1's bell shows today's important dates and reclaim warnings, only about manager1's own customers", async () => {
    const m1 = await t.login('manager1');
    const count = await m1.get('/api/v1/notifications/unread-count');
    expect(count.body.count).toBeGreaterThan(3);
    const keyDates = await m1.get('/api/v1/notifications?type=keyDate.upcoming&perPage=100');
    expect(keyDates.body.count).toBeGreaterThanOrEqual(3);
    expect(keyDates.body.data.map((n: any) => n.title).join('\n')).toMatch(/明天是客户「.+」开业纪念日/);
    const warnings = await m1.get('/api/v1/notifications?type=customer.reclaimWarning&perPage=100');
    expect(warnings.body.count).toBeGreaterThan(0);
    const m1Id = await idOf(t, 'appUser', 'manager1');
    const ids = [...keyDates.body.data, ...warnings.body.data].map((n: any) => n.entityId);
    const owners = await t.handle.db.selectFrom('customer').select('ownerId').distinct().where('id', 'in', ids).execute();
    expect(owners.map((o) => o.ownerId)).toEqual([m1Id]);
    // Nothing was reclaimed by the demo's warnings, and everything published was fanned out.
    expect(await countRows(t, 'customerEvent', ['kind', '=', 'reclaim'])).toBe(0);
    expect(await countRows(t, 'outboxEvent', ['processedAt', 'is', null])).toBe(0);
  });
});
