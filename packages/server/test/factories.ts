import { completeCreditCode, completeIdNumber } from '@liaison/shared';
import { newId, toIso } from '../src/db/dialect.js';
import type { Client, TestApp } from './harness.js';

let seq = 0;
/** A valid, unique unified social credit code for tests. */
export const creditCode = () => completeCreditCode(`91330106${String(++seq + Math.floor(Math.random() * 1e6)).padStart(8, '0')}`);
export const idNumber = (birth = '19880315') => completeIdNumber(`330106${birth}${String(100 + (++seq % 900))}`);

/** Creates a customer through the API as the given user; an outlet unless told otherwise. */
export const buildCustomer = async (c: Client, overrides: Record<string, unknown> = {}) => {
  const n = ++seq;
  const res = await c.post('/api/v1/customers', {
    kind: 'outlet',
    name: `测试便利店${n}号`,
    licenceNo: `330106${String(100000 + n)}${Math.floor(Math.random() * 1000)}`,
    regionCode: '330106',
    businessFormat: 'convenience',
    phone: `139${String(10000000 + n * 7919).slice(-8)}`,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`buildCustomer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A pool for an org unit (by code), written directly. */
export const buildPool = async (t: TestApp, unitCode: string, limits: Partial<{ maxHeld: number; maxClaimsPerDay: number; reclaimCooldownDays: number }> = {}) => {
  const unit = await t.handle.db.selectFrom('orgUnit').select('id').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const now = toIso(t.clock.now());
  const row = { id: newId(), orgUnitId: unit.id, name: `${unitCode} 公海`, isDefault: 1, maxHeld: 200, maxClaimsPerDay: 10, reclaimCooldownDays: 30, ...limits, version: 1, createdAt: now, updatedAt: now };
  await t.handle.db.insertInto('pool').values(row).execute();
  return row;
};

/** Sets a customer's follow-up times directly, as the visits module will. */
export const setFollowUp = async (t: TestApp, id: string, fields: Partial<{ lastContactAt: string | null; claimedAt: string | null; createdAt: string; grade: string | null; isKey: number; stage: string; stageChangedAt: string }>) => {
  await t.handle.db.updateTable('customer').set(fields as any).where('id', '=', id).execute();
};
