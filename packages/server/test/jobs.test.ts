import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { JobRunner, type JobDefinition } from '../src/jobs/runner.js';
import { openDatabase } from '../src/db/database.js';
import { countRows, startTestApp, testDbKind, type TestApp } from './harness.js';
import { minutes } from '../src/clock.js';

describe(`scheduled jobs and the audit log [${testDbKind}]`, () => {
  let t: TestApp;
  let calls = 0;
  const counting: JobDefinition = {
    name: 'test.counting',
    schedule: '0 3 * * *',
    run: async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return { calls };
    },
  };
  const failing: JobDefinition = { name: 'test.failing', schedule: '0 4 * * *', run: async () => Promise.reject(new Error('boom')) };

  beforeAll(async () => {
    t = await startTestApp({ jobs: [counting, failing] });
  });
  afterAll(() => t.close());

  it('a slot runs once even when two app instances on one database both fire it', async () => {
    // A second instance: its own connection pool and runner on the same database.
    const second = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir, poolSize: 2 });
    const otherRunner = new JobRunner({ ...t.ctx, db: second.db }, [counting]);
    const slot = '2026-11-24T19:00:00.000Z';
    const results = await Promise.all([t.runner.runSlot(counting, slot), otherRunner.runSlot(counting, slot), t.runner.runSlot(counting, slot)]);
    await second.close();
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(calls).toBe(1);
    expect(await countRows(t, 'jobRun', ['job', '=', 'test.counting'])).toBe(1);
  });

  it('an admin sees jobs with next run and history, and can run one now; failures are recorded', async () => {
    const c = await t.login('admin');
    const jobs = (await c.get('/api/v1/jobs')).body.data;
    expect(jobs.map((j: any) => j.name)).toEqual(['test.counting', 'test.failing']);
    expect(jobs[0].nextRunAt).toBeTruthy();
    const run = await c.post('/api/v1/jobs/test.counting/run');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'succeeded', result: { calls: 2 } });
    const failed = await c.post('/api/v1/jobs/test.failing/run');
    expect(failed.body).toMatchObject({ status: 'failed', message: 'boom' });
    const history = await c.get('/api/v1/jobs/runs?job=test.counting');
    expect(history.body.count).toBe(2);
    expect((await c.post('/api/v1/jobs/no.such/run')).status).toBe(404);
    const m = await t.login('manager1');
    expect((await m.post('/api/v1/jobs/test.counting/run')).status).toBe(403);
  });

  it('the audit log is append-only in the database itself', async () => {
    expect(await countRows(t, 'auditLog')).toBeGreaterThan(0);
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.handle.db)).rejects.toThrow(/append-only/);
  });

  it('audit log filters by action, entity, actor and time; auditor reads, manager cannot', async () => {
    const a = await t.login('auditor1');
    const logins = await a.get('/api/v1/audit-log?action=login&perPage=200');
    expect(logins.status).toBe(200);
    expect(logins.body.data.length).toBeGreaterThan(0);
    expect(new Set(logins.body.data.map((e: any) => e.action))).toEqual(new Set(['login']));
    const me = (await a.get('/api/v1/me')).body;
    const mine = await a.get(`/api/v1/audit-log?actorId=${me.id}`);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect(new Set(mine.body.data.map((e: any) => e.actorId))).toEqual(new Set([me.id]));
    const future = await a.get(`/api/v1/audit-log?from=${encodeURIComponent(new Date(t.clock.now().getTime() + minutes(5)).toISOString())}`);
    expect(future.body.count).toBe(0);
    const badDate = await a.get('/api/v1/audit-log?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields[0].path).toBe('from');
  });

  it('the session cleanup job deletes expired sessions', async () => {
    await t.login('manager1');
    const before = await countRows(t, 'session');
    t.clock.advance(minutes(31));
    const { sessionCleanupJob } = await import('../src/jobs/session.job.js');
    const result = await sessionCleanupJob.run(t.ctx, t.clock.now());
    expect(result).toEqual({ deleted: before, idempotencyKeys: 0 });
    expect(await countRows(t, 'session')).toBe(0);
  });
});
