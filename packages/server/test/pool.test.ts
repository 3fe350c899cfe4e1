import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../src/clock.js';
import { toIso } from '../src/db/dialect.js';
import { runDormancy, runReclaim } from '../src/jobs/reclaim.job.js';
import { openDatabase } from '../src/db/database.js';
import { publish } from '../src/modules/notifications/publish.js';
import { Client, countRows, idOf, loginAll, startSecondApp, startTestApp, testDbKind, type TestApp } from './harness.js';
import { buildCustomer, buildPool, setFollowUp } from './factories.js';

describe(`public pool, claim limits and reclaim [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m3: Client, m5: Client, leader1: Client;
  let hzPool: { id: string };
  beforeAll(async () => {
    // The clock moves by days here; sessions must outlive it.
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1000000', SESSION_MAX_HOURS: '100000' } });
    [m1, m2, m3, m5, leader1] = await loginAll(t, 'manager1', 'manager2', 'manager3', 'manager5', 'leader1');
    hzPool = await buildPool(t, 'HZ', { maxHeld: 200, maxClaimsPerDay: 3, reclaimCooldownDays: 30 });
    await buildPool(t, 'NB');
  });
  afterAll(() => t.close());

  const inPool = async () => buildCustomer(leader1, { poolId: hzPool.id });

  it('managers see the pools of their unit and its ancestors, not other cities', async () => {
    const pools = (await m1.get('/api/v1/pools')).body.data;
    expect(pools.map((p: any) => p.orgUnitName)).toEqual(['杭州市分公司']);
    const c = await inPool();
    expect((await m1.get('/api/v1/pool/customers')).body.data.map((x: any) => x.id)).toContain(c.id);
    expect((await m5.get('/api/v1/pool/customers')).body.data.map((x: any) => x.id)).not.toContain(c.id);
    expect((await m5.post(`/api/v1/customers/${c.id}/claim`, { version: 1 })).status).toBe(404);
  });

  it('claims move a customer to the manager, are recorded, and only one of two racing claims wins', async () => {
    const c = await inPool();
    const [a, b] = await Promise.all([m1.post(`/api/v1/customers/${c.id}/claim`, { version: 1 }), m2.post(`/api/v1/customers/${c.id}/claim`, { version: 1 })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a.body : b.body;
    expect(winner.poolId).toBeNull();
    const history = await leader1.get(`/api/v1/customers/${c.id}/history?kind=claim`);
    expect(history.body.count).toBe(1);
  });

  it('claims per day are limited (M), counted from midnight in China', async () => {
    const cs = await Promise.all([1, 2, 3, 4].map(() => inPool()));
    // m3 has not claimed today yet.
    for (const c of cs.slice(0, 3)) expect((await m3.post(`/api/v1/customers/${c.id}/claim`, { version: 1 })).status).toBe(200);
    const fourth = await m3.post(`/api/v1/customers/${cs[3]!.id}/claim`, { version: 1 });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('limit_reached');
    expect(fourth.body.error.fields[0].message).toContain('今日领取');
    // 02:00Z is 10:00 in China; at 16:00Z it is past midnight there: a new day.
    t.clock.advance(days(0) + 14 * 3_600_000);
    expect((await m3.post(`/api/v1/customers/${cs[3]!.id}/claim`, { version: 1 })).status).toBe(200);
  });

  it('a manager may hold at most N customers', async () => {
    const c = await inPool();
    await t.handle.db.updateTable('pool').set({ maxHeld: 1 }).where('id', '=', hzPool.id).execute();
    const res = await m3.post(`/api/v1/customers/${c.id}/claim`, { version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.fields[0].message).toMatch(/^名下客户已达上限 1 户/);
    await t.handle.db.updateTable('pool').set({ maxHeld: 200 }).where('id', '=', hzPool.id).execute();
  });

  it('release needs a reason from the list; the previous owner may not re-claim for K days', async () => {
    const c = await buildCustomer(m1);
    const noReason = await m1.post(`/api/v1/customers/${c.id}/release`, { version: 1, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('reason');
    const badReason = await m1.post(`/api/v1/customers/${c.id}/release`, { version: 1, reason: 'bored' });
    expect(badReason.body.error.fields[0].path).toBe('reason');
    const notMine = await m2.post(`/api/v1/customers/${c.id}/release`, { version: 1, reason: 'unreachable' });
    expect(notMine.status).toBe(404);
    const rel = await m1.post(`/api/v1/customers/${c.id}/release`, { version: 1, reason: 'unreachable', note: '电话停机' });
    expect(rel.status).toBe(200);
    expect(rel.body).toMatchObject({ ownerId: null, poolId: hzPool.id });
    expect((await m1.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
    const again = await m1.post(`/api/v1/customers/${c.id}/claim`, { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].message).toContain('30 天');
    t.clock.advance(days(31));
    expect((await m1.post(`/api/v1/customers/${c.id}/claim`, { version: 2 })).status).toBe(200);
  });

  it('the reclaim job never reclaims without a warning W days earlier: past-due customers are warned first, key customers spared', async () => {
    const now = t.clock.now();
    const ago = (d: number) => toIso(new Date(now.getTime() - days(d)));
    const neglected = await buildCustomer(m2);
    const nearly = await buildCustomer(m2);
    const fresh = await buildCustomer(m2);
    const key = await buildCustomer(m2, { isKey: true });
    const gradeA = await buildCustomer(m2);
    await setFollowUp(t, neglected.id, { lastContactAt: ago(31), claimedAt: ago(100), grade: 'D' });
    await setFollowUp(t, nearly.id, { lastContactAt: ago(25), claimedAt: ago(100), grade: 'D' });
    await setFollowUp(t, fresh.id, { lastContactAt: ago(2), claimedAt: ago(100), grade: 'D' });
    await setFollowUp(t, key.id, { lastContactAt: ago(200), claimedAt: ago(300), grade: 'D' });
    await setFollowUp(t, gradeA.id, { lastContactAt: ago(60), claimedAt: ago(300), grade: 'A' });
    const get = (id: string) => t.handle.db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // First run: the past-due customer was never warned, so it is warned now, not taken.
    const first = await runReclaim(t.ctx, now);
    // (Other tests' customers may be due too; the counts include them.)
    expect(first.reclaimed).toBe(0);
    expect(first.warned).toBeGreaterThanOrEqual(2);
    for (const c of [neglected, nearly]) expect(await get(c.id)).toMatchObject({ ownerId: (await get(fresh.id)).ownerId, reclaimWarnedAt: toIso(now) });
    expect((await get(fresh.id)).reclaimWarnedAt).toBeNull();
    // The owner finds both on the workbench's "due back to the pool" list.
    const warned = await m2.get('/api/v1/customers?reclaimWarned=true');
    const warnedIds = warned.body.data.map((c: any) => c.id);
    expect(warnedIds).toEqual(expect.arrayContaining([neglected.id, nearly.id]));
    for (const c of [fresh, key, gradeA]) expect(warnedIds).not.toContain(c.id);
    // The timeline says why, and from when: the past-due one goes back W (7) days from now at the earliest.
    const w = await m2.get(`/api/v1/customers/${neglected.id}/history?kind=reclaim_warning`);
    expect(w.body.data).toHaveLength(1);
    const in7 = new Date(now.getTime() + days(7) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(w.body.data[0]).toMatchObject({ actorName: '系统', reason: 'past_due_unwarned', detail: { days: 30, warnDays: 7, idleDays: 31, reclaimOn: in7 } });
    expect((await m2.get(`/api/v1/customers/${nearly.id}/history?kind=reclaim_warning`)).body.data[0]).toMatchObject({ reason: 'no_follow_up', detail: { idleDays: 25 } });
    // Running again the same day changes nothing and warns nobody twice.
    expect(await runReclaim(t.ctx, now)).toMatchObject({ reclaimed: 0, warned: 0 });
    const warningsOf = async (ids: string[]) =>
      Number((await t.handle.db.selectFrom('customerEvent').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'reclaim_warning').where('customerId', 'in', ids).executeTakeFirstOrThrow()).n);
    expect(await warningsOf([neglected.id, nearly.id, fresh.id, key.id, gradeA.id])).toBe(2);
    // Six days on: still not W days since the warning.
    expect(await runReclaim(t.ctx, new Date(now.getTime() + days(6)))).toMatchObject({ reclaimed: 0 });
    expect((await get(neglected.id)).ownerId).not.toBeNull();
    // Seven days on: both warned customers are past due and were warned 7 days earlier.
    const later = new Date(now.getTime() + days(7));
    const result = await runReclaim(t.ctx, later);
    expect(result.reclaimed).toBeGreaterThanOrEqual(2);
    expect((await get(nearly.id)).ownerId).toBeNull();
    expect(await get(neglected.id)).toMatchObject({ ownerId: null, poolId: hzPool.id, previousOwnerId: (await get(fresh.id)).ownerId, reclaimWarnedAt: null });
    expect((await get(key.id)).ownerId).not.toBeNull();
    expect((await get(gradeA.id)).ownerId).not.toBeNull();
    const ev = await leader1.get(`/api/v1/customers/${neglected.id}/history?kind=reclaim`);
    expect(ev.body.data[0]).toMatchObject({ actorName: '系统', reason: 'no_follow_up', changes: { ownerId: { new: null } }, detail: { days: 30, warnedAt: toIso(now) } });
  });

  it('a grade drop that shortens the period, or a follow-up after the warning, never reclaims at once', async () => {
    const now = t.clock.now();
    const ago = (d: number) => toIso(new Date(now.getTime() - days(d)));
    const dropped = await buildCustomer(m2);
    const followed = await buildCustomer(m2);
    const get = (id: string) => t.handle.db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // B (60 days) at 40 days idle: nothing to say.
    await setFollowUp(t, dropped.id, { lastContactAt: ago(40), claimedAt: ago(100), grade: 'B' });
    // Warned 50 days ago, followed up 40 days ago: that old warning no longer counts.
    await setFollowUp(t, followed.id, { lastContactAt: ago(40), claimedAt: ago(100), grade: 'D' });
    await t.handle.db.updateTable('customer').set({ reclaimWarnedAt: ago(50) }).where('id', '=', followed.id).execute();
    expect(await runReclaim(t.ctx, now)).toMatchObject({ reclaimed: 0 });
    expect((await get(dropped.id)).reclaimWarnedAt).toBeNull();
    // The grade drops to D (30 days): 40 days idle, past due, but unwarned → warned, kept.
    await setFollowUp(t, dropped.id, { grade: 'D' });
    const r = await runReclaim(t.ctx, now);
    expect(r.reclaimed).toBe(0);
    expect((await get(dropped.id)).ownerId).not.toBeNull();
    expect((await get(dropped.id)).reclaimWarnedAt).toBe(toIso(now));
    expect((await get(followed.id)).reclaimWarnedAt).toBe(toIso(now));
    const back = await runReclaim(t.ctx, new Date(now.getTime() + days(7)));
    expect(back.reclaimed).toBeGreaterThanOrEqual(2);
    for (const c of [dropped, followed]) expect((await get(c.id)).ownerId).toBeNull();
  });

  it('the warning pass is a fixed number of statements, whatever the number of customers it warns (set-based, decision 080)', async () => {
    const now = t.clock.now();
    const ago = (d: number) => toIso(new Date(now.getTime() - days(d)));
    // A second connection that logs every statement the job sends.
    const statements: string[] = [];
    const logged = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir, poolSize: 2, log: (e) => void (e.level === 'query' && statements.push(e.query.sql)) });
    const ctx = { ...t.ctx, db: logged.db };
    const due = async (n: number) => {
      const cs = [];
      for (let i = 0; i < n; i++) {
        const c = await buildCustomer(m2);
        await setFollowUp(t, c.id, { lastContactAt: ago(31), claimedAt: ago(100), grade: 'D' });
        cs.push(c.id as string);
      }
      return cs;
    };
    // Each pass a millisecond later: its unit summaries get their own dedupe keys.
    let passes = 0;
    const pass = async () => {
      statements.length = 0;
      const r = await runReclaim(ctx, new Date(now.getTime() + passes++), { warnOnly: true });
      return { warned: r.warned, statements: statements.length, sql: [...statements] };
    };
    try {
      // Whatever earlier tests left due is warned first, so each pass below warns only its own batch.
      await pass();
      const few = await due(2);
      const small = await pass();
      const many = await due(30);
      const large = await pass();
      expect(small.warned).toBe(2);
      expect(large.warned).toBe(30);
      expect(small.statements).toBeGreaterThan(0);
      expect(large.statements).toBe(small.statements);
      // The rows are written by INSERT … SELECT: the events, the owners' warnings and the unit
      // summaries — no customer travels through JavaScript (a batched VALUES insert would).
      const writes = large.sql.filter((q) => /insert into "?(outbox_event|customer_event)"?/i.test(q));
      expect(writes).toHaveLength(3);
      for (const q of writes) expect(q).toMatch(/\)\s+select\s/i);
      // …and every one of the 30 got its event and its owner's notification, in those statements.
      const rowsOf = async (table: 'customerEvent' | 'outboxEvent', column: 'customerId' | 'entityId', kind: ['kind' | 'type', string], ids: string[]) =>
        Number((await (t.handle.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where(kind[0], '=', kind[1]).where(column, 'in', ids).executeTakeFirstOrThrow()).n);
      expect(await rowsOf('customerEvent', 'customerId', ['kind', 'reclaim_warning'], many)).toBe(30);
      expect(await rowsOf('outboxEvent', 'entityId', ['type', 'customer.reclaimWarning'], many)).toBe(30);
      expect(await rowsOf('outboxEvent', 'entityId', ['type', 'customer.reclaimWarning'], few)).toBe(2);
      const payload = await t.handle.db.selectFrom('outboxEvent').select(['payload', 'recipients']).where('entityId', '=', many[0]!).executeTakeFirstOrThrow();
      const owner = (await t.handle.db.selectFrom('customer').select('ownerId').where('id', '=', many[0]!).executeTakeFirstOrThrow()).ownerId;
      expect(JSON.parse(payload.recipients)).toEqual([owner]);
      expect(JSON.parse(payload.payload)).toEqual({ customerName: expect.stringMatching(/^测试便利店/), days: 30, idleDays: 31, reclaimOn: new Date(now.getTime() + days(7) + 8 * 3_600_000).toISOString().slice(0, 10) });
      // One summary for the unit, counting the pass's 30 warnings.
      const summaries = await t.handle.db.selectFrom('outboxEvent').select('payload').where('type', '=', 'customer.reclaimSummary').where('dedupeKey', 'like', `%:${toIso(new Date(now.getTime() + 2))}`).execute();
      expect(summaries.map((r) => JSON.parse(r.payload).count)).toEqual([30]);
    } finally {
      await logged.close();
    }
  });

  it('warnings keep their place in time: an event published after the pass at the same moment is taken, and so shown, after them', async () => {
    // Fan-out takes events in (created_at, id) order and every notification of a batch shares its
    // time, so the order of outbox ids is the order of the bell. The demo's first morning warns
    // and then reminds of key dates at one instant: the reminder must stay the newest.
    const at = new Date(t.clock.now().getTime() + 10_000);
    const ago = (d: number) => toIso(new Date(at.getTime() - days(d)));
    const c = await buildCustomer(m2);
    await setFollowUp(t, c.id, { lastContactAt: ago(31), claimedAt: ago(100), grade: 'D' });
    expect((await runReclaim(t.ctx, at, { warnOnly: true })).warned).toBeGreaterThan(0);
    await t.handle.db.transaction().execute((tx) => publish(tx as never, at, { type: 'keyDate.upcoming', entity: { type: 'customer', id: c.id }, recipients: [c.ownerId], data: {} }));
    const order = await t.handle.db.selectFrom('outboxEvent').select(['type', 'entityId']).where('createdAt', '=', toIso(at)).orderBy('createdAt').orderBy('id').execute();
    expect(order.map((r) => r.type)).toContain('customer.reclaimWarning');
    expect(order.map((r) => r.type)).toContain('customer.reclaimSummary');
    expect(order.at(-1)).toEqual({ type: 'keyDate.upcoming', entityId: c.id });
  });

  it('won/maintained customers with no activity go dormant, then lost', async () => {
    const now = t.clock.now();
    const ago = (d: number) => toIso(new Date(now.getTime() - days(d)));
    const c = await buildCustomer(m1, { stage: 'maintained' });
    const d = await buildCustomer(m1, { stage: 'maintained' });
    await setFollowUp(t, c.id, { lastContactAt: ago(181), stageChangedAt: ago(400), isKey: 1 });
    await setFollowUp(t, d.id, { lastContactAt: ago(10), stageChangedAt: ago(400) });
    const r = await runDormancy(t.ctx, now);
    expect(r.dormant).toBeGreaterThanOrEqual(1);
    expect((await m1.get(`/api/v1/customers/${c.id}`)).body.stage).toBe('dormant');
    expect((await m1.get(`/api/v1/customers/${d.id}`)).body.stage).toBe('maintained');
    const later = new Date(now.getTime() + days(200));
    await runDormancy(t.ctx, later);
    expect((await m1.get(`/api/v1/customers/${c.id}`)).body.stage).toBe('lost');
  });

  it('a leader bulk-assigns in scope; a manager cannot; one foreign id fails the whole request', async () => {
    const a = await buildCustomer(m1);
    const b = await inPool();
    const m2id = await idOf(t, 'appUser', 'manager2');
    const m5id = await idOf(t, 'appUser', 'manager5');
    expect((await m1.post('/api/v1/customers/assign', { customerIds: [a.id], ownerId: m2id })).status).toBe(403);
    const foreign = await buildCustomer(m5);
    const mixed = await leader1.post('/api/v1/customers/assign', { customerIds: [a.id, foreign.id], ownerId: m2id });
    expect(mixed.status).toBe(400);
    expect((await m1.get(`/api/v1/customers/${a.id}`)).status).toBe(200);
    const outOfScopeOwner = await leader1.post('/api/v1/customers/assign', { customerIds: [a.id], ownerId: m5id });
    expect(outOfScopeOwner.body.error.fields[0].path).toBe('ownerId');
    const ok = await leader1.post('/api/v1/customers/assign', { customerIds: [a.id, b.id], ownerId: m2id, reason: '片区调整' });
    expect(ok.body).toEqual({ updated: 2 });
    expect((await m2.get(`/api/v1/customers/${b.id}`)).body.ownerName).toBe('李娜');
    const tag = await m2.post('/api/v1/customers/tags', { customerIds: [a.id, b.id], add: ['honest'] });
    expect(tag.body).toEqual({ updated: 2 });
    expect((await m2.get('/api/v1/customers?tag=honest')).body.count).toBe(2);
    const rel = await m2.post('/api/v1/customers/release', { customerIds: [a.id, b.id], reason: 'outOfTerritory' });
    expect(rel.body).toEqual({ updated: 2 });
    expect((await m2.get(`/api/v1/customers/${a.id}`)).status).toBe(404);
  });
});

describe(`claim limits under parallel claims, across app instances [${testDbKind}]`, () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof startSecondApp>>;
  let pool: { id: string };
  let leader1: Client;
  beforeAll(async () => {
    t = await startTestApp();
    second = await startSecondApp(t);
    leader1 = await t.login('leader1');
    pool = await buildPool(t, 'HZ', { maxHeld: 100_000, maxClaimsPerDay: 10, reclaimCooldownDays: 30 });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** The same session, once on each instance. */
  const onBoth = async (username: string) => {
    const c = await t.login(username);
    const address = second.app.server.address();
    const other = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    other.cookie = c.cookie;
    other.csrf = c.csrf;
    return [c, other] as const;
  };
  const fill = (n: number) => Promise.all(Array.from({ length: n }, () => buildCustomer(leader1, { poolId: pool.id })));
  const claimAll = async (clients: readonly Client[], customers: { id: string }[]) =>
    Promise.all(customers.map((c, i) => clients[i % clients.length]!.post(`/api/v1/customers/${c.id}/claim`, { version: 1 })));

  it('20 parallel claims by one manager with a daily limit of 10: exactly 10 succeed, 10 answer 409 limit_reached, none 500', async () => {
    const clients = await onBoth('manager1');
    const customers = await fill(20);
    const res = await claimAll(clients, customers);
    expect(res.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = res.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('limit_reached');
    }
    const manager1 = await idOf(t, 'appUser', 'manager1');
    const claimed = await t.handle.db.selectFrom('customer').select('id').where('ownerId', '=', manager1).where('id', 'in', customers.map((c) => c.id)).execute();
    expect(claimed).toHaveLength(10);
    expect(await countRows(t, 'customerEvent', ['kind', '=', 'claim'])).toBe(10);
  });

  it('12 parallel claims by a manager 5 below the holding limit: exactly 5 succeed', async () => {
    const manager2 = await idOf(t, 'appUser', 'manager2');
    const held = await countRows(t, 'customer', ['ownerId', '=', manager2]);
    await t.handle.db.updateTable('pool').set({ maxHeld: held + 5, maxClaimsPerDay: 100 }).where('id', '=', pool.id).execute();
    const clients = await onBoth('manager2');
    const customers = await fill(12);
    const res = await claimAll(clients, customers);
    expect(res.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = res.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.body.error.fields[0].message).toMatch(/名下客户已达上限/);
    expect(await countRows(t, 'customer', ['ownerId', '=', manager2])).toBe(held + 5);
  });
});
