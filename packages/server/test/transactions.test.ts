import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { countRows, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';
import { transaction } from '../src/db/transaction.js';
import { AppError } from '../src/errors.js';
import { newId } from '../src/db/dialect.js';

describe(`transactions, retries and invariants under concurrency [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1] = await loginAll(t, 'manager1');
  });
  afterAll(() => t.close());

  const primaries = async (customerId: string) =>
    (await t.handle.db.selectFrom('contact').select('id').where('customerId', '=', customerId).where('isPrimary', '=', 1).execute()).length;

  it('30 parallel primary contacts on one customer: every request answered, exactly one primary', async () => {
    const c = await buildCustomer(m1);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => m1.post(`/api/v1/customers/${c.id}/contacts`, { name: `联系人${i}`, isPrimary: true })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBe(30);
    expect(await countRows(t, 'contact', ['customerId', '=', c.id])).toBe(30);
    expect(await primaries(c.id)).toBe(1);
  });

  it('parallel updates making different contacts primary leave exactly one primary, no 500', async () => {
    const c = await buildCustomer(m1);
    const made = [];
    for (let i = 0; i < 8; i++) made.push((await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: `甲${i}` })).body);
    const results = await Promise.all(made.map((ct) => m1.patch(`/api/v1/customers/${c.id}/contacts/${ct.id}`, { version: ct.version, isPrimary: true })));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(await primaries(c.id)).toBe(1);
  });

  it('the database refuses a second primary contact even when a writer skips the service', async () => {
    const c = await buildCustomer(m1);
    const first = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '主联系人', isPrimary: true });
    expect(first.status).toBe(201);
    const row = await t.handle.db.selectFrom('contact').selectAll().where('id', '=', first.body.id).executeTakeFirstOrThrow();
    await expect(t.handle.db.insertInto('contact').values({ ...row, id: newId(), name: '第二个' }).execute()).rejects.toThrow();
    expect(await primaries(c.id)).toBe(1);
  });

  it('a transaction inside a transaction joins it: the outer rollback takes the inner write with it', async () => {
    const before = await countRows(t, 'setting');
    await expect(
      transaction(t.ctx.db, async () => {
        await transaction(t.ctx.db, async (tx) => {
          await tx.insertInto('setting').values({ key: `t.${newId()}`, value: '1', updatedAt: new Date().toISOString() }).execute();
        });
        // `ctx.db` is the open transaction here, so this read sees the uncommitted row.
        expect((await t.ctx.db.selectFrom('setting').select('key').execute()).length).toBe(before + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countRows(t, 'setting')).toBe(before);
  });

  it('retries a serialization failure and succeeds; when retries run out the caller gets 503 busy', async () => {
    let calls = 0;
    const value = await transaction(t.ctx.db, async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('could not serialize access'), { code: testDbKind === 'postgres' ? '40001' : 'SQLITE_BUSY' });
      return 'done';
    });
    expect(value).toBe('done');
    expect(calls).toBe(3);

    calls = 0;
    const err = await transaction(t.ctx.db, async () => {
      calls++;
      throw Object.assign(new Error('deadlock detected'), { code: testDbKind === 'postgres' ? '40P01' : 'SQLITE_BUSY' });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('busy');
    expect((err as AppError).status).toBe(503);
    expect(calls).toBe(5);
  });

  it.runIf(testDbKind === 'postgres')('a real deadlock between two transactions is retried and both commit', async () => {
    const a = `t.a.${newId()}`;
    const b = `t.b.${newId()}`;
    const now = new Date().toISOString();
    await t.handle.db.insertInto('setting').values([{ key: a, value: '0', updatedAt: now }, { key: b, value: '0', updatedAt: now }]).execute();
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => (release = r));
    const lockBoth = (first: string, second: string) =>
      transaction(t.handle.db, async (tx) => {
        await sql`update setting set value = value || '1' where key = ${first}`.execute(tx);
        // Only the first attempt waits for the other; the retry after the deadlock goes straight on.
        if (++arrived === 2) release();
        if (arrived <= 2) await bothLocked;
        await sql`update setting set value = value || '1' where key = ${second}`.execute(tx);
        return 'ok';
      });
    const results = await Promise.allSettled([lockBoth(a, b), lockBoth(b, a)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await t.handle.db.selectFrom('setting').select(['key', 'value']).where('key', 'in', [a, b]).execute();
    // Each key was appended to once by each transaction that finally committed.
    expect(rows.map((r) => r.value).sort()).toEqual(['011', '011']);
  });
});
