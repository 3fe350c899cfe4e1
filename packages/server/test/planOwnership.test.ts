import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool, setFollowUp } from './factories.js';
import { newId, toIso } from '../src/db/dialect.js';
import { measure } from '../src/modules/plans/indicators.js';

/**
 * Business figures count for the manager who held the customer in that month (decision 064), on
 * a frozen clock. Beijing is UTC+8.
 *   X: created by manager1 on 10 March 2026; assigned by leader1 to manager2 on 15 June 2026
 *      10:00 Beijing; released by manager2 on 20 August; claimed by manager3 on 2026-09-30T16:30Z
 *      (1 October 00:30 Beijing).
 *   Volume of X: March 1, April 2, May 4, June 8, July 16, August 32, September 64, October 128.
 *   => manager1: March–May (1, 2, 4); manager2: June–August (8, 16, 32) — June is the month of
 *      the handover, counted for its last holder; September X sat in the pool all month: no one;
 *      October manager3 (128).
 *   Y: created by manager3 on 5 October 2026 with figures for January 2026 (history imported
 *      later) => January counts for its first holder, manager3.
 *
 * Customers won count for the manager who held the customer when its stage changed (decision
 * 066). November 2026 runs 2026-10-31T16:00Z – 2026-11-30T16:00Z in Beijing.
 *   W: created by manager1 10 Nov; won 2026-11-30T15:30Z (30 Nov 23:30 Beijing); assigned to
 *      manager2 2026-11-30T16:00Z (1 Dec 00:00 Beijing) => manager1's November win (today's
 *      holder, manager2, would have had it).
 *   V: created by manager1 10 Nov; assigned to manager2 with W; won 2026-11-30T16:30Z (1 Dec
 *      00:30 Beijing) => manager2's December win.
 *   U: created by manager2 20 Nov; won 25 Nov; released to the pool 28 Nov => manager2's
 *      November win (today it has no holder).
 *   T: created by manager3 2 Dec, already won on 15 Nov before it came in => its first holder's
 *      November win.
 *   => November [manager1, manager2, manager3] = [1, 1, 1]; December [0, 1, 0]; October [0, 0, 0].
 */
describe(`business figures by the holder of the month [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m3: Client, leader1: Client;
  const ids: Record<string, string> = {};
  let volumeId = '';

  const figuresOf = async (month: string) => {
    const ind = await t.handle.db.selectFrom('indicator').selectAll().where('id', '=', volumeId).execute();
    const res = await measure(t.handle.db, ind, [ids.m1!, ids.m2!, ids.m3!], 'month', month);
    const by = res.get(volumeId)!;
    return [by.get(ids.m1!)!.value, by.get(ids.m2!)!.value, by.get(ids.m3!)!.value];
  };

  const wonOf = async (month: string) => {
    const ind = await t.handle.db.selectFrom('indicator').selectAll().where('code', '=', 'wonCustomers').execute();
    expect(ind).toHaveLength(1);
    const by = (await measure(t.handle.db, ind, [ids.m1!, ids.m2!, ids.m3!], 'month', month)).get(ind[0]!.id)!;
    return [by.get(ids.m1!)!.value, by.get(ids.m2!)!.value, by.get(ids.m3!)!.value];
  };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-03-10T02:00:00.000Z');
    let admin: Client;
    [admin, m1] = await loginAll(t, 'admin', 'manager1');
    for (const u of ['manager1', 'manager2', 'manager3']) ids[u.replace('anager', '')] = await idOf(t, 'appUser', u);
    await buildPool(t, 'HZ', { reclaimCooldownDays: 0 });
    const ind = await admin.post('/api/v1/indicators', { code: 'volumeHeld', nameZh: '销量', nameEn: 'Volume', unit: '箱', field: 'volume', aggregation: 'sum' });
    expect(ind.status).toBe(201);
    volumeId = ind.body.id;
    ids.X = (await buildCustomer(m1, { name: '归属测试客户X' })).id;

    t.clock.set('2026-06-15T02:00:00.000Z');
    [leader1] = await loginAll(t, 'leader1');
    expect((await leader1.post('/api/v1/customers/assign', { customerIds: [ids.X], ownerId: ids.m2, reason: '调整' })).status).toBe(200);

    t.clock.set('2026-08-20T02:00:00.000Z');
    [m2] = await loginAll(t, 'manager2');
    const x = await m2.get(`/api/v1/customers/${ids.X}`);
    expect((await m2.post(`/api/v1/customers/${ids.X}/release`, { version: x.body.version, reason: 'unreachable' })).status).toBe(200);

    t.clock.set('2026-09-30T16:30:00.000Z');
    [m3] = await loginAll(t, 'manager3');
    const x2 = await t.handle.db.selectFrom('customer').select('version').where('id', '=', ids.X!).executeTakeFirstOrThrow();
    const claim = await m3.post(`/api/v1/customers/${ids.X}/claim`, { version: x2.version });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);

    t.clock.set('2026-10-05T02:00:00.000Z');
    [m3] = await loginAll(t, 'manager3');
    ids.Y = (await buildCustomer(m3, { name: '归属测试客户Y' })).id;

    const stamp = toIso(t.clock.now());
    const months = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
    await t.handle.db
      .insertInto('businessFigure')
      .values([
        ...months.map((month, i) => ({ id: newId(), customerId: ids.X!, month, volume: 2 ** i, profit: null, daysLate: null, metrics: null, createdAt: stamp, updatedAt: stamp })),
        { id: newId(), customerId: ids.Y!, month: '2026-01', volume: 500, profit: null, daysLate: null, metrics: null, createdAt: stamp, updatedAt: stamp },
      ])
      .execute();
  });
  afterAll(() => t.close());

  it('the database records each stretch of ownership as the customer moves', async () => {
    const rows = await t.handle.db.selectFrom('customerOwnership').select(['ownerId', 'fromAt', 'toAt']).where('customerId', '=', ids.X!).orderBy('fromAt').execute();
    expect(rows).toEqual([
      { ownerId: ids.m1, fromAt: '2026-03-10T02:00:00.000Z', toAt: '2026-06-15T02:00:00.000Z' },
      { ownerId: ids.m2, fromAt: '2026-06-15T02:00:00.000Z', toAt: '2026-08-20T02:00:00.000Z' },
      { ownerId: ids.m3, fromAt: '2026-09-30T16:30:00.000Z', toAt: null },
    ]);
  });

  it('a customer handed over mid-year counts for the old manager before and the new one after', async () => {
    expect(await figuresOf('2026-03')).toEqual([1, null, null]);
    expect(await figuresOf('2026-05')).toEqual([4, null, null]);
    expect(await figuresOf('2026-06')).toEqual([null, 8, null]); // handed over on 15 June: its last holder
    expect(await figuresOf('2026-07')).toEqual([null, 16, null]);
    expect(await figuresOf('2026-08')).toEqual([null, 32, null]); // released on 20 August
    expect(await figuresOf('2026-09')).toEqual([null, null, null]); // in the pool all September
    expect(await figuresOf('2026-10')).toEqual([null, null, 128]); // claimed 1 October 00:30 Beijing
    expect(await figuresOf('2026-01')).toEqual([null, null, 500]); // Y's history before it came in: its first holder
  });

  it('a customer won counts for the manager who held it when it was won, across a handover at the Beijing month boundary', async () => {
    t.clock.set('2026-11-10T02:00:00.000Z');
    [m1] = await loginAll(t, 'manager1');
    ids.W = (await buildCustomer(m1, { name: '赢单测试客户W' })).id;
    ids.V = (await buildCustomer(m1, { name: '赢单测试客户V' })).id;
    t.clock.set('2026-11-20T02:00:00.000Z');
    [m2] = await loginAll(t, 'manager2');
    ids.U = (await buildCustomer(m2, { name: '赢单测试客户U' })).id;
    await setFollowUp(t, ids.U!, { stage: 'won', stageChangedAt: '2026-11-25T02:00:00.000Z' });
    t.clock.set('2026-11-28T02:00:00.000Z');
    [m2] = await loginAll(t, 'manager2');
    const u = await m2.get(`/api/v1/customers/${ids.U}`);
    expect((await m2.post(`/api/v1/customers/${ids.U}/release`, { version: u.body.version, reason: 'unreachable' })).status).toBe(200);
    await setFollowUp(t, ids.W!, { stage: 'won', stageChangedAt: '2026-11-30T15:30:00.000Z' });
    t.clock.set('2026-11-30T16:00:00.000Z');
    [leader1] = await loginAll(t, 'leader1');
    expect((await leader1.post('/api/v1/customers/assign', { customerIds: [ids.W, ids.V], ownerId: ids.m2, reason: '调整' })).status).toBe(200);
    await setFollowUp(t, ids.V!, { stage: 'won', stageChangedAt: '2026-11-30T16:30:00.000Z' });
    t.clock.set('2026-12-02T02:00:00.000Z');
    [m3] = await loginAll(t, 'manager3');
    ids.T = (await buildCustomer(m3, { name: '赢单测试客户T' })).id;
    await setFollowUp(t, ids.T!, { stage: 'won', stageChangedAt: '2026-11-15T02:00:00.000Z' });

    // Today's holders: W and V manager2, U nobody, T manager3.
    const owners = await t.handle.db.selectFrom('customer').select(['id', 'ownerId']).where('id', 'in', [ids.W!, ids.V!, ids.U!, ids.T!]).execute();
    expect(Object.fromEntries(owners.map((o) => [o.id, o.ownerId]))).toEqual({ [ids.W!]: ids.m2, [ids.V!]: ids.m2, [ids.U!]: null, [ids.T!]: ids.m3 });
    expect(await wonOf('2026-11')).toEqual([1, 1, 1]);
    expect(await wonOf('2026-12')).toEqual([0, 1, 0]);
    expect(await wonOf('2026-10')).toEqual([0, 0, 0]);
  });
});
