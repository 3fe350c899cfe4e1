import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { JobRunner, type JobDefinition } from '../src/jobs/runner.js';
import { openDatabase } from '../src/db/database.js';
import { countRows, startTestApp, testDbKind, type TestApp } from './harness.js';
import { minutes } from '../src/clock.js';
import { toIso } from '../src/db/dialect.js';

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

  describe('leases: a run whose instance died is run again (decision 073)', () => {
    let reruns = 0;
    const rerun: JobDefinition = { name: 'test.rerun', schedule: '0 2 * * *', run: async () => ({ reruns: ++reruns }) };
    const deadRun = async (slot: string, leaseUntil: Date, attempts = 1) => {
      const id = `run-${slot}`;
      await t.handle.db
        .insertInto('jobRun')
        .values({ id, job: rerun.name, slot, status: 'running', instance: 'dead-host:1', startedAt: toIso(new Date(leaseUntil.getTime() - minutes(2))), finishedAt: null, message: null, result: null, leaseUntil: toIso(leaseUntil), attempts })
        .execute();
      return id;
    };
    const runOf = (id: string) => t.handle.db.selectFrom('jobRun').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('three instances sweep at once: the expired run is taken over exactly once, the live one is left alone', async () => {
      const now = t.clock.now();
      const expired = await deadRun('2026-11-22T18:00:00.000Z', new Date(now.getTime() - minutes(1)));
      const live = await deadRun('2026-11-22T18:01:00.000Z', new Date(now.getTime() + minutes(1)));
      // Each instance with its own pool, so on PostgreSQL the three UPDATEs really race.
      const others = [0, 1].map(() => openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir, poolSize: 2 }));
      const runners = [t.ctx, ...others.map((h) => ({ ...t.ctx, db: h.db }))].map((ctx, i) => new JobRunner(ctx, [rerun], { instance: `node-${i}` }));
      const taken = await Promise.all(runners.map((r) => r.takeOverExpired()));
      await Promise.all(others.map((h) => h.close()));
      expect(taken.flat()).toEqual([expired]);
      expect(reruns).toBe(1);
      const winner = runners[taken.findIndex((ids) => ids.length === 1)]!.instance;
      expect(await runOf(expired)).toMatchObject({ status: 'succeeded', attempts: 2, instance: winner, message: 'taken over from dead-host:1', leaseUntil: null });
      expect(await runOf(live)).toMatchObject({ status: 'running', attempts: 1, instance: 'dead-host:1' });
      // Swept again: nothing left to take.
      expect(await runners[0]!.takeOverExpired()).toEqual([]);
      expect(reruns).toBe(1);
      // The live run's instance finishes it (the later tests move the clock past its lease).
      await t.handle.db.updateTable('jobRun').set({ status: 'succeeded', leaseUntil: null }).where('id', '=', live).execute();
    });

    it('a run keeps its slot while its instance renews the lease, and loses it once the heartbeat stops', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let hangCalls = 0;
      const hang: JobDefinition = {
        name: 'test.hang',
        schedule: '0 1 * * *',
        run: async () => {
          if (++hangCalls === 1) await gate; // the first instance's run hangs
          return { hangCalls };
        },
      };
      const a = new JobRunner(t.ctx, [hang], { instance: 'node-a', leaseMs: minutes(2), heartbeatMs: 10 });
      const b = new JobRunner(t.ctx, [hang], { instance: 'node-b', leaseMs: minutes(2) });
      const slot = '2026-11-22T17:00:00.000Z';
      const first = a.runSlot(hang, slot);
      const row = () => t.handle.db.selectFrom('jobRun').selectAll().where('job', '=', hang.name).where('slot', '=', slot).executeTakeFirstOrThrow();
      await expect.poll(async () => (await row()).status).toBe('running');
      // Time passes beyond the first lease, but node-a's heartbeat renews it: no takeover.
      t.clock.advance(minutes(3));
      const renewed = toIso(new Date(t.clock.now().getTime() + minutes(2)));
      await expect.poll(async () => (await row()).leaseUntil).toBe(renewed);
      expect(await b.takeOverExpired()).toEqual([]);
      // node-a stops renewing (as when its process is killed); once the lease passes, node-b runs the slot.
      a.stop();
      t.clock.advance(minutes(3));
      const id = (await row()).id;
      expect(await b.takeOverExpired()).toEqual([id]);
      expect(await row()).toMatchObject({ status: 'succeeded', attempts: 2, instance: 'node-b', result: JSON.stringify({ hangCalls: 2 }) });
      // node-a's run finally returns: it no longer holds the run, so it records nothing over node-b's.
      release();
      expect(await first).toBe(id);
      expect(await row()).toMatchObject({ status: 'succeeded', attempts: 2, instance: 'node-b', result: JSON.stringify({ hangCalls: 2 }) });
      expect(await countRows(t, 'jobRun', ['job', '=', hang.name])).toBe(1);
    });

    it('a slot that failed its attempts, or is a day old, is marked abandoned and shown so, not run again', async () => {
      const now = t.clock.now();
      const tooMany = await deadRun('2026-11-22T16:00:00.000Z', new Date(now.getTime() - minutes(1)), 3);
      const stale = await deadRun('2026-11-21T16:00:00.000Z', new Date(now.getTime() - minutes(60 * 25)));
      const before = reruns;
      expect(await new JobRunner(t.ctx, [rerun], { instance: 'node-x' }).takeOverExpired()).toEqual([]);
      expect(reruns).toBe(before);
      expect(await runOf(tooMany)).toMatchObject({ status: 'abandoned', message: 'lease expired on dead-host:1', attempts: 3 });
      expect(await runOf(stale)).toMatchObject({ status: 'abandoned', attempts: 1 });
      const c = await t.login('admin');
      const history = await c.get('/api/v1/jobs/runs?job=test.rerun&perPage=50');
      expect(history.status).toBe(200);
      expect(history.body.data.filter((r: any) => r.status === 'abandoned').map((r: any) => r.id).sort()).toEqual([stale, tooMany].sort());
    });
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
