import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll, startTestApp, testDbKind, type TestApp } from './harness.js';
import { seedDemoCustomers } from '../src/seed/demoCustomers.js';
import { seedDemoTickets } from '../src/seed/demoTickets.js';

describe(`demo tickets [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCustomers(t.handle.db, t.clock.now(), 300);
    expect(await seedDemoTickets(t.handle.db, t.clock.now())).toBe(true);
    expect(await seedDemoTickets(t.handle.db, t.clock.now())).toBe(false);
  });
  afterAll(() => t.close());

  it('three months of every kind, with breaches, escalations, reopenings and callbacks, and a queue for handler1', async () => {
    const rows = await t.handle.db.selectFrom('ticket').select(['kind', 'status', 'breachedAt', 'escalationLevel', 'reopenCount', 'satisfaction', 'createdAt', 'ownerId']).execute();
    expect(rows.length).toBeGreaterThan(250);
    expect(new Set(rows.map((r) => r.kind)).size).toBe(5);
    expect(rows.filter((r) => r.status === 'closed').length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.status !== 'closed' && r.breachedAt).length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.escalationLevel) > 0).length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.reopenCount) > 0).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.satisfaction !== null).length).toBeGreaterThan(50);
    const months = new Set(rows.map((r) => r.createdAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(3);
    const [handler1, auditor] = await loginAll(t, 'handler1', 'auditor1');
    const queue = await handler1.get('/api/v1/tickets?view=unit');
    expect(queue.body.count).toBeGreaterThan(5);
    // Every demo ticket opens as a page with its explanation (no 500 on odd data).
    const sample = (await auditor.get('/api/v1/tickets?perPage=50')).body.data;
    for (const s of sample) {
      const one = await auditor.get(`/api/v1/tickets/${s.id}`);
      expect(one.status).toBe(200);
      expect(one.body.resolution.explanation.length).toBeGreaterThan(0);
    }
    const stats = (await auditor.get('/api/v1/tickets/stats?month=2026-10')).body;
    expect(stats.total.opened).toBeGreaterThan(20);
    expect(stats.total.timeliness.rate).toBeGreaterThan(0.5);
    expect(stats.total.timeliness.rate).toBeLessThan(1);
    expect(stats.total.satisfaction).toBeGreaterThan(2);
  });
});
