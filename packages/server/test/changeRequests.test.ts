import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, creditCode } from './factories.js';

describe(`changes that need a leader's approval [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, leader1: Client, leader2: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2, leader1, leader2] = await loginAll(t, 'manager1', 'manager2', 'leader1', 'leader2');
  });
  afterAll(() => t.close());

  it('a manager asks to correct a credit code; the leader approves; the change lands with history', async () => {
    const c = await buildCustomer(m1, { kind: 'enterprise', name: '信用代码更正有限公司', creditCode: creditCode(), licenceNo: undefined });
    const fixed = creditCode();
    const req = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'creditCode', value: fixed.toLowerCase(), reason: '营业执照换发' });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', oldValue: c.creditCode, newValue: fixed, requestedByName: '张伟' });
    const dup = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'creditCode', value: creditCode(), reason: '再来一次' });
    expect(dup.status).toBe(409);
    expect((await m1.post(`/api/v1/change-requests/${req.body.id}/decide`, { approve: true })).status).toBe(403);
    expect((await leader2.post(`/api/v1/change-requests/${req.body.id}/decide`, { approve: true })).status).toBe(404);
    const pending = await leader1.get('/api/v1/change-requests?status=pending');
    expect(pending.body.data.map((r: any) => r.id)).toContain(req.body.id);
    expect((await leader2.get('/api/v1/change-requests?status=pending')).body.data.map((r: any) => r.id)).not.toContain(req.body.id);
    const ok = await leader1.post(`/api/v1/change-requests/${req.body.id}/decide`, { approve: true, comment: '已核对执照' });
    expect(ok.body.status).toBe('approved');
    expect((await m1.get(`/api/v1/customers/${c.id}`)).body.creditCode).toBe(fixed);
    const ev = (await m1.get(`/api/v1/customers/${c.id}/history?kind=change_approved`)).body.data[0];
    expect(ev).toMatchObject({ actorName: '王建国', changes: { creditCode: { old: c.creditCode, new: fixed } }, reason: '已核对执照' });
    expect((await leader1.post(`/api/v1/change-requests/${req.body.id}/decide`, { approve: false })).status).toBe(409);
  });

  it('owner and grade changes: bad values name the field; a rejection changes nothing', async () => {
    const c = await buildCustomer(m1);
    const m2id = await idOf(t, 'appUser', 'manager2');
    expect((await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'S', reason: 'x' })).body.error.fields[0].path).toBe('value');
    expect((await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'ownerId', value: 'nobody', reason: 'x' })).body.error.fields[0].path).toBe('value');
    expect((await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'ownerId', value: m2id, reason: '' })).body.error.fields[0].path).toBe('reason');
    expect((await m2.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'A', reason: 'x' })).status).toBe(404);
    const grade = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'A', reason: '战略客户' });
    const rejected = await leader1.post(`/api/v1/change-requests/${grade.body.id}/decide`, { approve: false, comment: '业务量不足' });
    expect(rejected.body.status).toBe('rejected');
    expect((await m1.get(`/api/v1/customers/${c.id}`)).body.grade).toBeNull();
    const again = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'grade', value: 'A', reason: '补充材料' });
    await leader1.post(`/api/v1/change-requests/${again.body.id}/decide`, { approve: true });
    expect((await m1.get(`/api/v1/customers/${c.id}`)).body.grade).toBe('A');
    const owner = await m1.post(`/api/v1/customers/${c.id}/change-requests`, { field: 'ownerId', value: m2id, reason: '客户要求更换' });
    await leader1.post(`/api/v1/change-requests/${owner.body.id}/decide`, { approve: true });
    expect((await m2.get(`/api/v1/customers/${c.id}`)).body.ownerName).toBe('李娜');
    expect((await m1.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
  });
});
