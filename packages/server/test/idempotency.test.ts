import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { countRows, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';
import { prepareImage, sniffImage } from '../src/storage/images.js';
import { attachments } from '../src/storage/attachments.js';
import { transaction } from '../src/db/transaction.js';

describe(`idempotency keys and attachment storage [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2] = await loginAll(t, 'manager1', 'manager2');
  });
  afterAll(() => t.close());

  const body = (name: string) => ({ kind: 'outlet', name, licenceNo: `3301${Math.floor(Math.random() * 1e9)}`, regionCode: '330106' });

  it('a replayed create returns the first answer and creates nothing more', async () => {
    const key = randomUUID();
    const b = body('幂等便利店');
    const first = await m1.post('/api/v1/customers', b, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const before = await countRows(t, 'customer');
    const again = await m1.post('/api/v1/customers', b, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await countRows(t, 'customer')).toBe(before);
  });

  it('ten copies sent at once make one customer, and every copy gets its id', async () => {
    const key = randomUUID();
    const b = body('并发幂等商店');
    const before = await countRows(t, 'customer');
    const results = await Promise.all(Array.from({ length: 10 }, () => m1.post('/api/v1/customers', b, { 'idempotency-key': key })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await countRows(t, 'customer')).toBe(before + 1);
  });

  it('the same key with another body is 409 and writes nothing', async () => {
    const key = randomUUID();
    expect((await m1.post('/api/v1/customers', body('甲商店'), { 'idempotency-key': key })).status).toBe(201);
    const before = await countRows(t, 'customer');
    const res = await m1.post('/api/v1/customers', body('乙商店'), { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('idempotency_mismatch');
    expect(res.body.error.fields[0].path).toBe('idempotency-key');
    expect(await countRows(t, 'customer')).toBe(before);
  });

  it('a failed request stores nothing, so its corrected retry with the same key goes through', async () => {
    const key = randomUUID();
    const bad = await m1.post('/api/v1/customers', { kind: 'outlet', name: '无证小店' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    expect(await countRows(t, 'idempotencyKey', ['key', '=', key])).toBe(0);
    const good = await m1.post('/api/v1/customers', body('有证小店'), { 'idempotency-key': key });
    expect(good.status).toBe(201);
  });

  it('keys belong to their user; a malformed key is a 400 naming the header', async () => {
    const key = randomUUID();
    const a = await m1.post('/api/v1/customers', body('张家小店'), { 'idempotency-key': key });
    const b = await m2.post('/api/v1/customers', body('李家小店'), { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
    const before = await countRows(t, 'customer');
    for (const bad of ['short', 'x'.repeat(201), 'has spaces inside']) {
      const res = await m1.post('/api/v1/customers', body('某店'), { 'idempotency-key': bad });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.fields.map((f: any) => f.path)).toContain('idempotency-key');
    }
    expect(await countRows(t, 'customer')).toBe(before);
  });

  describe('images', () => {
    it('sniffs bytes, not names: a PDF is refused, JPEG/PNG/WebP pass', async () => {
      expect(sniffImage(Buffer.from('%PDF-1.7\n'))).toBeNull();
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } }).png().toBuffer();
      const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } }).webp().toBuffer();
      expect(sniffImage(png)).toBe('image/png');
      expect(sniffImage(webp)).toBe('image/webp');
      await expect(prepareImage(Buffer.from('%PDF-1.7\n'), { field: 'file' })).rejects.toMatchObject({ code: 'unsupported_media_type', fields: [{ path: 'file', key: 'image_type' }] });
      // JPEG magic followed by garbage: refused as unreadable, not a 500.
      await expect(prepareImage(Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2, 3]), { field: 'file' })).rejects.toMatchObject({ fields: [{ path: 'file', key: 'image_unreadable' }] });
    });

    it('turns a photo upright, shrinks it to 1600 px and strips its metadata (GPS, camera)', async () => {
      const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
        .jpeg()
        .withMetadata({ orientation: 6, exif: { IFD0: { Make: 'PhoneMaker', Model: 'X1' } } })
        .toBuffer();
      const before = await sharp(photo).metadata();
      expect(before.exif).toBeDefined();
      const out = await prepareImage(photo, { field: 'file' });
      const after = await sharp(out.data).metadata();
      expect(out.mime).toBe('image/jpeg');
      // Orientation 6 is a 90° turn: the stored photo is portrait, 1200 × 1600.
      expect([out.width, out.height]).toEqual([1200, 1600]);
      expect([after.width, after.height]).toEqual([1200, 1600]);
      expect(after.exif).toBeUndefined();
      expect(after.orientation).toBeUndefined();
    });
  });

  it('stores files in the database so any instance can serve them; lists and removes by owner', async () => {
    const c = await buildCustomer(m1);
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: 'red' } }).png().toBuffer();
    const meta = await transaction(t.ctx.db, (tx) => attachments.put(tx, { ownerType: 'test', ownerId: c.id, fileName: '照片.png', mime: 'image/png', data: png, width: 2, height: 2, createdBy: 'u1' }, t.clock.now()));
    const read = await attachments.read(t.handle.db, 'test', meta.id);
    expect(read?.data.equals(png)).toBe(true);
    expect(read?.size).toBe(png.length);
    expect(await attachments.read(t.handle.db, 'other', meta.id)).toBeNull();
    expect((await attachments.list(t.handle.db, 'test', [c.id])).map((a) => a.fileName)).toEqual(['照片.png']);
    expect(await attachments.count(t.handle.db, 'test', c.id)).toBe(1);
    expect(await transaction(t.ctx.db, (tx) => attachments.remove(tx, 'test', c.id))).toBe(1);
    expect(await attachments.count(t.handle.db, 'test', c.id)).toBe(0);
  });

  it('old keys are purged by the nightly clean-up', async () => {
    const key = randomUUID();
    await m1.post('/api/v1/customers', body('旧键商店'), { 'idempotency-key': key });
    expect(await countRows(t, 'idempotencyKey', ['key', '=', key])).toBe(1);
    // Last in the file: a day later the sessions above have expired too.
    t.clock.advance(25 * 3_600_000);
    await t.runner.runNow('session.cleanup');
    expect(await countRows(t, 'idempotencyKey', ['key', '=', key])).toBe(0);
  });

});
