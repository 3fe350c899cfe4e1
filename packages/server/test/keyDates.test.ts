import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';

describe(`important dates and saved filters [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2] = await loginAll(t, 'manager1', 'manager2');
  });
  afterAll(() => t.close());

  it('important dates on the solar or lunar calendar get their next solar date; bad ones name the field', async () => {
    const c = await buildCustomer(m1);
    // Today 2026-11-23: 春节 (lunar 1-1) next falls on 2027-02-06; an opening anniversary on 12-08.
    const spring = await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'springFestival', title: '春节问候', calendar: 'lunar', month: 1, day: 1 });
    expect(spring.status).toBe(201);
    expect(spring.body.nextDate).toBe('2027-02-06');
    const opening = await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'openingAnniversary', title: '开业纪念日', calendar: 'solar', month: 12, day: 8, year: 2019 });
    expect(opening.body.nextDate).toBe('2026-12-08');
    expect((await m1.get(`/api/v1/customers/${c.id}/key-dates`)).body.data.map((d: any) => d.title)).toEqual(['开业纪念日', '春节问候']);
    const bad = await m1.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'party', title: 'x', calendar: 'solar', month: 2, day: 30 });
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(['day', 'kind']);
    expect((await m2.get(`/api/v1/customers/${c.id}/key-dates`)).status).toBe(404);
    expect((await m2.post(`/api/v1/customers/${c.id}/key-dates`, { kind: 'springFestival', title: 'x', calendar: 'lunar', month: 1, day: 1 })).status).toBe(404);
    const moved = await m1.patch(`/api/v1/customers/${c.id}/key-dates/${opening.body.id}`, { version: 1, month: 11, day: 30 });
    expect(moved.body.nextDate).toBe('2026-11-30');
    expect((await m1.patch(`/api/v1/customers/${c.id}/key-dates/${opening.body.id}`, { version: 1, day: 1 })).status).toBe(409);
    expect((await m1.del(`/api/v1/customers/${c.id}/key-dates/${opening.body.id}`)).status).toBe(200);
  });

  it('saved filters belong to their user', async () => {
    const f = await m1.post('/api/v1/saved-filters', { name: '重点食杂店', query: { businessFormat: 'grocery', isKey: 'true' } });
    expect(f.status).toBe(201);
    expect((await m1.get('/api/v1/saved-filters')).body.data).toEqual([f.body]);
    expect((await m2.get('/api/v1/saved-filters')).body.data).toEqual([]);
    expect((await m2.del(`/api/v1/saved-filters/${f.body.id}`)).status).toBe(404);
    expect((await m1.post('/api/v1/saved-filters', { name: '', query: {} })).body.error.fields[0].path).toBe('name');
    expect((await m1.del(`/api/v1/saved-filters/${f.body.id}`)).status).toBe(200);
  });
});
