import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';

describe(`pool administration, reclaim rules and regions [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, leader1: Client, leader2: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, leader1, leader2] = await loginAll(t, 'manager1', 'leader1', 'leader2');
  });
  afterAll(() => t.close());

  it('a leader creates and tunes pools in the subtree; managers and other leaders cannot', async () => {
    const hz = await idOf(t, 'orgUnit', 'HZ');
    const nb = await idOf(t, 'orgUnit', 'NB');
    expect((await m1.post('/api/v1/pools', { orgUnitId: hz, name: '杭州公海' })).status).toBe(403);
    expect((await leader1.post('/api/v1/pools', { orgUnitId: nb, name: '越权公海' })).body.error.fields[0].path).toBe('orgUnitId');
    const bad = await leader1.post('/api/v1/pools', { orgUnitId: hz, name: '', maxHeld: 0 });
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(['maxHeld', 'name']);
    const pool = await leader1.post('/api/v1/pools', { orgUnitId: hz, name: '杭州公海', maxHeld: 150 });
    expect(pool.status).toBe(201);
    expect(pool.body).toMatchObject({ isDefault: true, maxHeld: 150, customerCount: 0, orgUnitName: '杭州市分公司' });
    const upd = await leader1.patch(`/api/v1/pools/${pool.body.id}`, { version: 1, maxClaimsPerDay: 5 });
    expect(upd.body.maxClaimsPerDay).toBe(5);
    expect((await leader1.patch(`/api/v1/pools/${pool.body.id}`, { version: 1, maxClaimsPerDay: 6 })).status).toBe(409);
    expect((await leader2.patch(`/api/v1/pools/${pool.body.id}`, { version: 2, maxClaimsPerDay: 6 })).status).toBe(404);
    expect((await m1.get('/api/v1/pools')).body.data.map((p: any) => p.name)).toEqual(['杭州公海']);
    expect((await leader2.get('/api/v1/pools')).body.data).toEqual([]);
  });

  it('reclaim rules: readable by all, changed by pool managers, validated, audited', async () => {
    const rules = (await m1.get('/api/v1/pool/rules')).body;
    expect(rules.daysByGrade.D).toBe(30);
    expect((await m1.put('/api/v1/pool/rules', rules)).status).toBe(403);
    const bad = await leader1.put('/api/v1/pool/rules', { ...rules, warnDays: -1, extra: 1 });
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(['extra', 'warnDays']);
    const ok = await leader1.put('/api/v1/pool/rules', { ...rules, daysByGrade: { ...rules.daysByGrade, D: 20 } });
    expect(ok.body.daysByGrade.D).toBe(20);
    expect((await m1.get('/api/v1/pool/rules')).body.daysByGrade.D).toBe(20);
  });

  it('serves the official divisions for the cascading selector', async () => {
    const res = await m1.get('/api/v1/regions');
    const zj = res.body.data.find((p: any) => p.code === '33');
    expect(zj.name).toBe('浙江省');
    expect(zj.children.find((c: any) => c.code === '3301').children.map((d: any) => d.name)).toContain('西湖区');
    expect((await t.anon().get('/api/v1/regions')).status).toBe(401);
  });
});
