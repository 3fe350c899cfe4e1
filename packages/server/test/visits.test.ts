import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { countRows, idOf, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool, setFollowUp } from './factories.js';

const NOW = '2026-11-23T02:00:00.000Z'; // Monday 23 November 2026, 10:00 in Beijing

const photo = (w = 2400, h = 1800) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 90, g: 160, b: 60 } } }).jpeg().toBuffer();

const uploadPhoto = async (c: Client, visitId: string, name: string, data: Buffer, headers: Record<string, string> = {}) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${c.baseUrl}/api/v1/visits/${visitId}/photos`, { method: 'POST', body: form, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf ?? '', ...headers } });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};

describe(`visits [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m3: Client, leader1: Client, leader2: Client, auditor: Client, handler: Client;
  let customer: any;
  let contact: any;
  let ids: { manager1: string; manager2: string; manager5: string; leader1: string };

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(NOW);
    [m1, m2, m3, leader1, leader2, auditor, handler] = await loginAll(t, 'manager1', 'manager2', 'manager3', 'leader1', 'leader2', 'auditor1', 'handler1');
    ids = {
      manager1: await idOf(t, 'appUser', 'manager1'),
      manager2: await idOf(t, 'appUser', 'manager2'),
      manager5: await idOf(t, 'appUser', 'manager5'),
      leader1: await idOf(t, 'appUser', 'leader1'),
    };
    customer = await buildCustomer(m1, { name: '崔辉子食杂店', phone: '13812345678' });
    await setFollowUp(t, customer.id, { stage: 'won', claimedAt: '2026-06-01T00:00:00.000Z' });
    contact = (await m1.post(`/api/v1/customers/${customer.id}/contacts`, { name: '崔辉子', mobile: '13912345678', isPrimary: true })).body;
  });
  afterAll(() => t.close());

  const visitBody = (over: Record<string, unknown> = {}) => ({
    customerId: customer.id,
    status: 'done',
    method: 'onsite',
    purpose: 'followUp',
    startAt: '2026-11-23T01:00:00.000Z',
    endAt: '2026-11-23T01:40:00.000Z',
    ...over,
  });

  describe('logging a visit', () => {
    it('a done on-site visit with contacts, a joint participant and a next date updates the customer in the same step', async () => {
      const res = await m1.post(
        '/api/v1/visits',
        visitBody({ contactIds: [contact.id], participantIds: [ids.leader1], learned: '新品动销一般', needs: '希望增加高端品规', products: '利群（新版）', outcome: '同意试销', nextStep: '送样品', nextDate: '2026-11-30', note: '店主在' }),
      );
      expect(res.status).toBe(201);
      const v = res.body;
      expect(v).toMatchObject({ status: 'done', method: 'onsite', durationMinutes: 40, customerName: '崔辉子食杂店', managerName: '张伟' });
      expect(v.contacts).toEqual([{ id: contact.id, name: '崔辉子' }]);
      expect(v.participants).toEqual([{ id: ids.leader1, name: '王建国' }]);
      expect(v.nextVisitId).toBeTruthy();
      const next = (await m1.get(`/api/v1/visits/${v.nextVisitId}`)).body;
      // The next visit is planned for 09:00 Beijing time on the next date.
      expect(next).toMatchObject({ status: 'planned', startAt: '2026-11-30T01:00:00.000Z', customerId: customer.id, purpose: 'followUp', note: '送样品' });
      const c = (await m1.get(`/api/v1/customers/${customer.id}`)).body;
      expect(c.lastContactAt).toBe('2026-11-23T01:00:00.000Z');
      expect(c.lastOnsiteAt).toBe('2026-11-23T01:00:00.000Z');
      expect(c.onsiteDueAt).toBe('2026-12-31T16:00:00.000Z'); // met in November: due by the end of December
      const history = (await m1.get(`/api/v1/customers/${customer.id}/history?kind=visit_done`)).body;
      expect(history.data.map((e: any) => e.detail.visitId)).toContain(v.id);
    });

    it('the leader who joined sees the visit; a colleague outside it and the other city do not', async () => {
      const list = (await m1.get(`/api/v1/visits?customerId=${customer.id}&status=done`)).body;
      const id = list.data[0].id;
      expect((await leader1.get(`/api/v1/visits/${id}`)).status).toBe(200);
      expect((await auditor.get(`/api/v1/visits/${id}`)).status).toBe(200);
      expect((await m2.get(`/api/v1/visits/${id}`)).status).toBe(404);
      expect((await leader2.get(`/api/v1/visits/${id}`)).status).toBe(404);
      expect((await m2.get('/api/v1/visits?perPage=200')).body.data.map((v: any) => v.id)).not.toContain(id);
      expect((await leader2.get('/api/v1/visits?perPage=200')).body.data.map((v: any) => v.id)).not.toContain(id);
      expect((await m2.patch(`/api/v1/visits/${id}`, { version: 1, outcome: 'x' })).status).toBe(404);
      expect((await handler.get('/api/v1/visits')).status).toBe(403);
    });

    it('a joint visit appears in the participant’s own list, and the manager’s colleague can be a participant', async () => {
      const res = await m1.post('/api/v1/visits', visitBody({ startAt: '2026-11-22T02:00:00.000Z', endAt: null, participantIds: [ids.manager2] }));
      expect(res.status).toBe(201);
      const mine = (await m2.get('/api/v1/visits?perPage=200')).body.data.map((v: any) => v.id);
      expect(mine).toContain(res.body.id);
      // A participant sees the visit, not the customer.
      expect((await m2.get(`/api/v1/customers/${customer.id}`)).status).toBe(404);
    });

    it('plans, reschedules with its version (stale → 409), completes and cancels', async () => {
      const planned = (await m1.post('/api/v1/visits', visitBody({ status: 'planned', method: 'phone', startAt: '2026-11-25T06:00:00.000Z', endAt: null }))).body;
      expect(planned.status).toBe('planned');
      const moved = await m1.patch(`/api/v1/visits/${planned.id}`, { version: planned.version, startAt: '2026-11-26T06:00:00.000Z' });
      expect(moved.status).toBe(200);
      const stale = await m1.patch(`/api/v1/visits/${planned.id}`, { version: planned.version, startAt: '2026-11-27T06:00:00.000Z' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect((await m1.get(`/api/v1/visits/${planned.id}`)).body.startAt).toBe('2026-11-26T06:00:00.000Z');
      const cancelled = await m1.patch(`/api/v1/visits/${planned.id}`, { version: moved.body.version, status: 'cancelled', reason: '客户出差' });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: '客户出差' });
      const toDone = await m1.patch(`/api/v1/visits/${planned.id}`, { version: cancelled.body.version, status: 'done' });
      expect(toDone.status).toBe(409);
      expect(toDone.body.error.code).toBe('invalid_state');
    });

    it('deleting a done visit recomputes the customer’s last contact', async () => {
      const c2 = await buildCustomer(m1, { name: '删除测试店' });
      const first = (await m1.post('/api/v1/visits', visitBody({ customerId: c2.id, startAt: '2026-11-10T02:00:00.000Z', endAt: null }))).body;
      const second = (await m1.post('/api/v1/visits', visitBody({ customerId: c2.id, method: 'phone', startAt: '2026-11-20T02:00:00.000Z', endAt: null }))).body;
      expect((await m1.get(`/api/v1/customers/${c2.id}`)).body.lastContactAt).toBe('2026-11-20T02:00:00.000Z');
      expect((await m1.del(`/api/v1/visits/${second.id}?version=${second.version}`)).status).toBe(200);
      const after = (await m1.get(`/api/v1/customers/${c2.id}`)).body;
      expect(after.lastContactAt).toBe('2026-11-10T02:00:00.000Z');
      expect(after.lastPhoneAt).toBeNull();
      expect((await m1.get(`/api/v1/visits/${second.id}`)).status).toBe(404);
      expect((await m1.del(`/api/v1/visits/${first.id}?version=${first.version + 5}`)).status).toBe(409);
    });
  });

  describe('the field log and the nightly work', () => {
    it('completing a planned visit with the create request turns the plan into the record, once', async () => {
      const c = await buildCustomer(m1, { name: '完成计划测试店' });
      const planned = (await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'onsite', purpose: 'productPromotion', startAt: '2026-11-23T06:00:00.000Z' })).body;
      const key = randomUUID();
      const body = { customerId: c.id, status: 'done', method: 'onsite', purpose: 'productPromotion', startAt: '2026-11-23T01:30:00.000Z', learned: '按计划完成', plannedVisitId: planned.id };
      const before = await countRows(t, 'visit');
      const done = await m1.post('/api/v1/visits', body, { 'idempotency-key': key });
      const again = await m1.post('/api/v1/visits', body, { 'idempotency-key': key });
      expect([done.status, again.status]).toEqual([201, 201]);
      expect(done.body).toMatchObject({ id: planned.id, status: 'done', learned: '按计划完成' });
      expect(again.body.id).toBe(planned.id);
      expect(await countRows(t, 'visit')).toBe(before);
      const wrong = await m1.post('/api/v1/visits', { ...body, customerId: customer.id });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.fields[0].path).toBe('plannedVisitId');
      const twice = await m1.post('/api/v1/visits', body);
      expect(twice.status).toBe(409);
    });

    it('today’s planned visits head the workbench; the morning job tells the manager and the joint visitor once', async () => {
      const c = await buildCustomer(m1, { name: '今日拜访测试店' });
      const v = (await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'onsite', purpose: 'followUp', startAt: '2026-11-23T06:00:00.000Z', participantIds: [ids.leader1] })).body;
      const wb = (await m1.get('/api/v1/workbench')).body;
      expect(wb.today.map((x: any) => x.id)).toContain(v.id);
      expect(wb.today.findIndex((x: any) => x.status === 'done')).not.toBe(0);
      await t.runner.runNow('visit.due');
      await t.runner.runNow('visit.due');
      const events = await t.handle.db.selectFrom('outboxEvent').selectAll().where('type', '=', 'visit.due').where('entityId', '=', v.id).execute();
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0]!.recipients).sort()).toEqual([ids.manager1, ids.leader1].sort());
      expect(JSON.parse(events[0]!.payload)).toMatchObject({ customerName: '今日拜访测试店' });
      expect(events[0]!.payload).not.toMatch(/1\d{10}/);
    });

    it('a planned visit not logged by the end of the next day becomes missed at night', async () => {
      const c = await buildCustomer(m1, { name: '未完成测试店' });
      const old = (await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'phone', purpose: 'followUp', startAt: '2026-11-21T02:00:00.000Z' })).body;
      const yesterday = (await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'phone', purpose: 'followUp', startAt: '2026-11-22T02:00:00.000Z' })).body;
      await t.runner.runNow('visit.nightly');
      expect((await m1.get(`/api/v1/visits/${old.id}`)).body).toMatchObject({ status: 'missed', reason: 'not_logged' });
      expect((await m1.get(`/api/v1/visits/${yesterday.id}`)).body.status).toBe('planned');
      // A missed visit can still be logged as done.
      const m = (await m1.get(`/api/v1/visits/${old.id}`)).body;
      expect((await m1.patch(`/api/v1/visits/${old.id}`, { version: m.version, status: 'done' })).status).toBe(200);
    });
  });

  describe("the leader's feed by cursor (decision 076)", () => {
    it('pages the whole feed by cursor: the same visits in the same order as offset pages, no repeats, the last page says so', async () => {
      // Visits of its unit, some at the same minute (the id breaks the tie in both forms).
      for (let i = 0; i < 12; i++) {
        const startAt = `2026-11-${String(10 + (i % 4)).padStart(2, '0')}T0${i % 3}:00:00.000Z`;
        const res = await m1.post('/api/v1/visits', visitBody({ method: 'phone', startAt, endAt: null, note: `游标${i}` }));
        expect(res.status).toBe(201);
      }
      const offset: string[] = [];
      for (let page = 1; ; page++) {
        const res = await leader1.get(`/api/v1/visits?perPage=100&page=${page}`);
        expect(res.status).toBe(200);
        offset.push(...res.body.data.map((v: any) => v.id));
        if (page >= res.body.totalPages) break;
      }
      expect(offset.length).toBeGreaterThan(7);
      const byCursor: string[] = [];
      let cursor = '';
      for (let i = 0; i < 1000; i++) {
        const res = await leader1.get(`/api/v1/visits?perPage=7&cursor=${encodeURIComponent(cursor)}`);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(7);
        byCursor.push(...res.body.data.map((v: any) => v.id));
        if (!res.body.nextCursor) break;
        cursor = res.body.nextCursor;
      }
      expect(new Set(byCursor).size).toBe(byCursor.length);
      expect(byCursor).toEqual(offset);
      // A cursor that is not one names the field.
      const bad = await leader1.get('/api/v1/visits?cursor=garbage');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('cursor');
    });
  });

  describe('bad input and hostile users', () => {
    const expectField = async (res: { status: number; body: any }, status: number, path: string) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain(path);
    };

    it('refuses each bad field by name and writes nothing', async () => {
      const other = await buildCustomer(m1, { name: '别家店' });
      const otherContact = (await m1.post(`/api/v1/customers/${other.id}/contacts`, { name: '别人' })).body;
      const before = await countRows(t, 'visit');
      await expectField(await m1.post('/api/v1/visits', visitBody({ endAt: '2026-11-23T00:30:00.000Z' })), 400, 'endAt');
      await expectField(await m1.post('/api/v1/visits', visitBody({ startAt: '2026-11-24T02:00:00.000Z', endAt: null })), 400, 'startAt');
      await expectField(await m1.post('/api/v1/visits', visitBody({ method: 'telepathy' })), 400, 'method');
      await expectField(await m1.post('/api/v1/visits', visitBody({ purpose: 'bribery' })), 400, 'purpose');
      await expectField(await m1.post('/api/v1/visits', visitBody({ contactIds: [otherContact.id] })), 400, 'contactIds');
      await expectField(await m1.post('/api/v1/visits', visitBody({ participantIds: [ids.manager5] })), 400, 'participantIds');
      await expectField(await m1.post('/api/v1/visits', visitBody({ participantIds: [randomUUID()] })), 400, 'participantIds');
      await expectField(await m1.post('/api/v1/visits', visitBody({ checkIn: { lat: 91, lng: 120, accuracy: 10 } })), 400, 'checkIn.lat');
      await expectField(await m1.post('/api/v1/visits', visitBody({ checkIn: { lat: 30, lng: 181, accuracy: 10 } })), 400, 'checkIn.lng');
      await expectField(await m1.post('/api/v1/visits', visitBody({ method: 'phone', checkIn: { lat: 30, lng: 120, accuracy: 10 } })), 400, 'checkIn');
      await expectField(await m1.post('/api/v1/visits', visitBody({ nextDate: '2026-11-20' })), 400, 'nextDate');
      await expectField(await m1.post('/api/v1/visits', visitBody({ nextDate: '2026-02-30' })), 400, 'nextDate');
      await expectField(await m1.post('/api/v1/visits', visitBody({ managerId: ids.manager2 })), 400, 'managerId');
      await expectField(await m1.post('/api/v1/visits', { ...visitBody(), sneaky: 1 }), 400, 'sneaky');
      expect(await countRows(t, 'visit')).toBe(before);
    });

    it('a customer outside the caller’s scope is not found, and nothing is written', async () => {
      const before = await countRows(t, 'visit');
      const res = await m2.post('/api/v1/visits', visitBody());
      expect(res.status).toBe(404);
      const gone = await m1.post('/api/v1/visits', visitBody({ customerId: randomUUID() }));
      expect(gone.status).toBe(404);
      expect(await countRows(t, 'visit')).toBe(before);
    });

    it('a replayed Idempotency-Key returns the first visit; the same key with another body is 409', async () => {
      const key = randomUUID();
      const body = visitBody({ method: 'phone', startAt: '2026-11-21T03:00:00.000Z', endAt: null, note: '离线记录' });
      const before = await countRows(t, 'visit');
      const first = await m1.post('/api/v1/visits', body, { 'idempotency-key': key });
      const again = await m1.post('/api/v1/visits', body, { 'idempotency-key': key });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body.id).toBe(first.body.id);
      expect(await countRows(t, 'visit')).toBe(before + 1);
      const other = await m1.post('/api/v1/visits', { ...body, note: '另一条' }, { 'idempotency-key': key });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('idempotency_mismatch');
      expect(await countRows(t, 'visit')).toBe(before + 1);
    });
  });

  describe('photos', () => {
    let visit: any;
    beforeAll(async () => {
      visit = (await m1.post('/api/v1/visits', visitBody({ startAt: '2026-11-23T00:00:00.000Z', endAt: null }))).body;
    });

    it('stores a photo at most 1600 px without metadata and serves it to those who see the visit', async () => {
      const res = await uploadPhoto(m1, visit.id, 'IMG_0001.HEIC', await photo());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mime: 'image/jpeg', width: 1600, height: 1200, fileName: 'IMG_0001.jpg' });
      const got = await fetch(`${m1.baseUrl}/api/v1/visits/${visit.id}/photos/${res.body.id}`, { headers: { cookie: m1.cookie } });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
      expect([meta.width, meta.height, meta.exif]).toEqual([1600, 1200, undefined]);
      const outsider = await fetch(`${m2.baseUrl}/api/v1/visits/${visit.id}/photos/${res.body.id}`, { headers: { cookie: m2.cookie } });
      expect(outsider.status).toBe(404);
      expect((await m1.get(`/api/v1/visits/${visit.id}`)).body.photos).toHaveLength(1);
    });

    it('refuses a renamed PDF (415) and a 30 MB file (413), naming the file', async () => {
      const before = await countRows(t, 'attachment');
      const pdf = await uploadPhoto(m1, visit.id, 'photo.jpg', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n'));
      expect(pdf.status).toBe(415);
      expect(pdf.body.error.fields[0].path).toBe('file');
      const big = await uploadPhoto(m1, visit.id, 'big.jpg', Buffer.alloc(30 * 1024 * 1024, 0xff));
      expect(big.status).toBe(413);
      expect(big.body.error.fields[0]).toMatchObject({ path: 'file', message: expect.stringContaining('15 MB') });
      expect(await countRows(t, 'attachment')).toBe(before);
    });

    it('holds at most nine photos a visit, also when uploads race', async () => {
      const v = (await m1.post('/api/v1/visits', visitBody({ startAt: '2026-11-22T00:00:00.000Z', endAt: null }))).body;
      const small = await photo(64, 48);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => uploadPhoto(m1, v.id, `p${i}.jpg`, small)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(9);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'limit_reached')).toBe(true);
      expect(results.filter((r) => r.status === 409)).toHaveLength(3);
      expect(await countRows(t, 'attachment', ['ownerId', '=', v.id])).toBe(9);
    });

    it('a retried upload with the same key stores the photo once', async () => {
      const v = (await m1.post('/api/v1/visits', visitBody({ startAt: '2026-11-21T00:00:00.000Z', endAt: null }))).body;
      const key = randomUUID();
      const data = await photo(80, 60);
      const a = await uploadPhoto(m1, v.id, 'a.jpg', data, { 'idempotency-key': key });
      const b = await uploadPhoto(m1, v.id, 'a.jpg', data, { 'idempotency-key': key });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body.id).toBe(a.body.id);
      expect(await countRows(t, 'attachment', ['ownerId', '=', v.id])).toBe(1);
    });
  });

  describe('check-in sanity', () => {
    it('the first accurate check-in sets the customer’s place; a far or imprecise one is flagged, never refused', async () => {
      const c = await buildCustomer(m1, { name: '签到测试店' });
      const at = (lat: number, lng: number, accuracy: number, startAt: string) =>
        m1.post('/api/v1/visits', { customerId: c.id, status: 'done', method: 'onsite', purpose: 'followUp', startAt, checkIn: { lat, lng, accuracy } });
      const vague = await at(30.2741, 120.1551, 800, '2026-11-20T01:00:00.000Z');
      expect(vague.status).toBe(201);
      expect(vague.body.checkIn).toMatchObject({ flag: 'inaccurate', distance: null });
      const first = await at(30.2741, 120.1551, 20, '2026-11-21T01:00:00.000Z');
      expect(first.body.checkIn).toMatchObject({ flag: null, distance: null });
      const near = await at(30.2750, 120.1560, 15, '2026-11-22T01:00:00.000Z');
      expect(near.body.checkIn.flag).toBeNull();
      expect(near.body.checkIn.distance).toBeGreaterThan(100);
      expect(near.body.checkIn.distance).toBeLessThan(150);
      const far = await at(30.2900, 120.1551, 15, '2026-11-23T01:00:00.000Z'); // ~1.8 km north
      expect(far.status).toBe(201);
      expect(far.body.checkIn.flag).toBe('far');
      const flagged = (await leader1.get(`/api/v1/visits?customerId=${c.id}&flagged=true`)).body.data.map((v: any) => v.id).sort();
      expect(flagged).toEqual([vague.body.id, far.body.id].sort());
    });
  });

  describe('the pool now reads real contacts', () => {
    it('a done visit clears the reclaim warning; a customer without contact for its period is reclaimed', async () => {
      await buildPool(t, 'HZ');
      const kept = await buildCustomer(m3, { name: '保留的客户' });
      const lost = await buildCustomer(m3, { name: '失联的客户' });
      for (const c of [kept, lost]) await setFollowUp(t, c.id, { claimedAt: '2026-10-29T02:00:00.000Z', createdAt: '2026-10-29T02:00:00.000Z', lastContactAt: null, grade: null });
      await t.runner.runNow('customer.reclaim');
      const warned = (await m3.get('/api/v1/customers?reclaimWarned=true')).body.data.map((c: any) => c.name).sort();
      expect(warned).toEqual(['保留的客户', '失联的客户']);
      const v = await m3.post('/api/v1/visits', { customerId: kept.id, status: 'done', method: 'phone', purpose: 'followUp', startAt: NOW });
      expect(v.status).toBe(201);
      expect((await m3.get(`/api/v1/customers/${kept.id}`)).body.reclaimWarnedAt).toBeNull();
      // 25 days without contact at the first run (30-day period, warned 7 days before); ten days on:
      t.clock.set('2026-12-03T02:00:00.000Z');
      await t.runner.runNow('customer.reclaim');
      t.clock.set(NOW);
      const rows = await t.handle.db.selectFrom('customer').select(['name', 'ownerId']).where('id', 'in', [kept.id, lost.id]).orderBy('name').execute();
      expect(rows.find((r) => r.name === '保留的客户')!.ownerId).not.toBeNull();
      expect(rows.find((r) => r.name === '失联的客户')!.ownerId).toBeNull();
    });
  });

  describe('handover', () => {
    it('planned visits move with their customers; done visits stay the leaver’s record', async () => {
      [m3] = await loginAll(t, 'manager3');
      const c = await buildCustomer(m3, { name: '交接测试店' });
      const planned = (await m3.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'onsite', purpose: 'followUp', startAt: '2026-11-28T02:00:00.000Z' })).body;
      const done = (await m3.post('/api/v1/visits', { customerId: c.id, status: 'done', method: 'phone', purpose: 'followUp', startAt: '2026-11-20T02:00:00.000Z' })).body;
      const m4 = await idOf(t, 'appUser', 'manager4');
      const m3id = await idOf(t, 'appUser', 'manager3');
      const res = await leader1.post('/api/v1/handovers', { fromUserId: m3id, assignments: [{ toUserId: m4, customerIds: [c.id] }], reason: '调岗' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.hooks.plannedVisits).toBe(1);
      const [p, d] = await Promise.all([leader1.get(`/api/v1/visits/${planned.id}`), leader1.get(`/api/v1/visits/${done.id}`)]);
      expect(p.body.managerId).toBe(m4);
      expect(d.body.managerId).toBe(m3id);
    });
  });

  describe('the calendar feed', () => {
    it('serves planned visits as RFC 5545 that ical.js parses: 09:00 Beijing arrives as 01:00 UTC, stable UIDs, no phone numbers', async () => {
      const c = await buildCustomer(m1, { name: '日历测试店' });
      const planned = (await m1.post('/api/v1/visits', { customerId: c.id, status: 'planned', method: 'onsite', purpose: 'productPromotion', startAt: '2026-11-27T01:00:00.000Z', note: '带样品，联系 13812345678' })).body;
      const token = await m1.post('/api/v1/me/calendar-token');
      expect(token.status).toBe(201);
      const url = new URL(token.body.url);
      const get = () => fetch(`${t.baseUrl}${url.pathname}`);
      const res = await get();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/calendar');
      const text = await res.text();
      expect(text).not.toMatch(/13812345678|12345678/);
      const comp = new ICAL.Component(ICAL.parse(text));
      const events = comp.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      const ev = events.find((e) => e.uid === `${planned.id}@liaison`);
      expect(ev).toBeDefined();
      expect(ev!.startDate.toJSDate().toISOString()).toBe('2026-11-27T01:00:00.000Z');
      expect(ev!.summary).toContain('日历测试店');
      expect(ev!.description).toContain('138****5678');
      // The same request again gives the same UIDs: a phone updates rather than duplicates.
      const again = new ICAL.Component(ICAL.parse(await (await get()).text())).getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid'))).sort();
      expect(again).toEqual(events.map((e) => e.uid).sort());
      // Another user's token does not show this user's visits; a revoked token is gone.
      expect((await m1.get('/api/v1/me/calendar-token')).body.token).toMatchObject({ id: token.body.id, url: null });
      expect((await m1.del('/api/v1/me/calendar-token')).status).toBe(200);
      expect((await get()).status).toBe(404);
      expect((await fetch(`${t.baseUrl}/api/v1/calendar/cal_not-a-token.ics`)).status).toBe(404);
    });
  });

  describe('Form 4 and the export', () => {
    it('lays out a manager’s week as the paper form and reads back cell by cell', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/forms/visit-record.xlsx?managerId=${ids.manager1}&week=2026-W48`, { headers: { cookie: m1.cookie } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const ws = wb.getWorksheet('客户拜访记录表')!;
      expect(ws.getCell('A1').value).toBe('客户拜访记录表');
      expect(String(ws.getCell('A2').value)).toContain('客户经理：张伟');
      expect(String(ws.getCell('A2').value)).toContain('2026-W48（2026-11-23 至 2026-11-29）');
      expect(ws.getRow(4).values).toEqual([undefined, '序号', '日期', '时间', '客户名称', '方式', '目的', '接洽人', '陪访', '了解情况 / 客户需求', '推介产品', '拜访结果', '下一步计划及时间']);
      const first = ws.getRow(5);
      expect(first.getCell(1).value).toBe(1);
      expect(first.getCell(4).value).toBeTruthy();
      const rows = [];
      for (let r = 5; r <= ws.rowCount; r++) rows.push(ws.getRow(r).getCell(4).value);
      expect(rows).toContain('崔辉子食杂店');
      const totals = [];
      for (let r = 5; r <= ws.rowCount; r++) totals.push(String(ws.getRow(r).getCell(1).value ?? ''));
      expect(totals.some((v) => v.startsWith('合计：拜访'))).toBe(true);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.paperSize).toBe(9);
    });

    it('refuses a week that is not an ISO week and a manager outside the scope', async () => {
      const bad = await m1.get(`/api/v1/forms/visit-record.xlsx?managerId=${ids.manager1}&week=2026-W54`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('week');
      expect((await leader2.get(`/api/v1/forms/visit-record.xlsx?managerId=${ids.manager1}&week=2026-W48`)).status).toBe(404);
    });

    it('exports the filtered visits as .xlsx and audits the export', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/visits/export.xlsx?customerId=${customer.id}`, { headers: { cookie: m1.cookie } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
      const ws = wb.worksheets[0]!;
      expect(ws.getRow(1).getCell(3).value).toBe('客户');
      const names = new Set<unknown>();
      for (let r = 2; r <= ws.rowCount; r++) names.add(ws.getRow(r).getCell(3).value);
      expect([...names]).toEqual(['崔辉子食杂店']);
      const audit = await t.handle.db.selectFrom('auditLog').select(['detail']).where('action', '=', 'export').where('entity', '=', 'visit').execute();
      expect(audit.length).toBeGreaterThan(0);
    });
  });

  describe('contact rules', () => {
    it('only an admin changes them; bad rules name the field', async () => {
      const current = (await m1.get('/api/v1/contact-rules')).body;
      expect(current.rules[0]).toMatchObject({ stages: ['won', 'maintained'], onsitePerMonth: 1, phonePerWeek: 1 });
      expect((await m1.put('/api/v1/contact-rules', { rules: [], settings: current.settings })).status).toBe(403);
      const [admin] = await loginAll(t, 'admin');
      const bad = await admin.put('/api/v1/contact-rules', { rules: [{ ...current.rules[0], onsitePerMonth: -1 }], settings: current.settings });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('rules.0.onsitePerMonth');
      const badSettings = await admin.put('/api/v1/contact-rules', { rules: [], settings: { ...current.settings, phoneMethods: ['fax'] } });
      expect(badSettings.status).toBe(400);
      const { updatedAt: _u, ...rule } = current.rules[0];
      const stale = await admin.put('/api/v1/contact-rules', { rules: [{ ...rule, version: rule.version + 1 }], settings: current.settings });
      expect(stale.status).toBe(409);
    });
  });

  describe('upgrades', () => {
    it('built-in roles receive the grants of new permissions once; an admin’s removal sticks', async () => {
      const { grantNewPermissions } = await import('../src/seed/bootstrap.js');
      const manager = await t.handle.db.selectFrom('role').select('id').where('code', '=', 'manager').executeTakeFirstOrThrow();
      // As if this installation predated visits.
      await t.handle.db.deleteFrom('roleGrant').where('permission', 'like', 'visit.%').execute();
      const known = JSON.parse((await t.handle.db.selectFrom('setting').select('value').where('key', '=', 'roles.knownPermissions').executeTakeFirstOrThrow()).value) as string[];
      await t.handle.db.updateTable('setting').set({ value: JSON.stringify(known.filter((p) => !p.startsWith('visit.'))) }).where('key', '=', 'roles.knownPermissions').execute();
      expect((await grantNewPermissions(t.handle.db, t.clock.now())).sort()).toEqual(['visit.create', 'visit.export', 'visit.read', 'visit.update']);
      const granted = await t.handle.db.selectFrom('roleGrant').select(['permission', 'dataScope']).where('roleId', '=', manager.id).where('permission', 'like', 'visit.%').orderBy('permission').execute();
      expect(granted).toEqual([
        { permission: 'visit.create', dataScope: 'self' },
        { permission: 'visit.export', dataScope: 'self' },
        { permission: 'visit.read', dataScope: 'self' },
        { permission: 'visit.update', dataScope: 'self' },
      ]);
      await t.handle.db.deleteFrom('roleGrant').where('roleId', '=', manager.id).where('permission', '=', 'visit.export').execute();
      expect(await grantNewPermissions(t.handle.db, t.clock.now())).toEqual([]);
      expect(await countRows(t, 'roleGrant', ['permission', '=', 'visit.export'])).toBe(1); // the leader's only
    });
  });
});
