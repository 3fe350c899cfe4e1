import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`serving the web app [${testDbKind}]`, () => {
  let t: TestApp;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-web-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="zh-CN"><title>客户经理工作台</title></html>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    // A hashed asset as the build leaves it: the file and its pre-compressed siblings.
    const big = `export const words = ${JSON.stringify('客户经理工作台 '.repeat(2000))};`;
    fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), big);
    fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js.br'), zlib.brotliCompressSync(big));
    fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js.gz'), zlib.gzipSync(big));
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.skipWaiting()');
    t = await startTestApp({ env: { WEB_DIST: dist } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app at / and at every client route, assets as files, missing assets as 404', async () => {
    for (const p of ['/', '/sign-in', '/customers/abc']) {
      const res = await fetch(t.baseUrl + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toContain('text/html');
    }
    const js = await fetch(t.baseUrl + '/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(t.baseUrl + '/assets/gone-after-deploy.js')).status).toBe(404);
  });

  /** A raw GET (fetch would decompress and hide the encoding and the size on the wire). */
  const raw = (p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      http
        .get(t.baseUrl + p, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });

  it('serves the pre-compressed build when accepted: brotli first, gzip next, plain otherwise; hashed assets immutable', async () => {
    const br = await raw('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toContain('javascript');
    const plain = fs.readFileSync(path.join(dist, 'assets', 'index-AbC123.js'));
    expect(zlib.brotliDecompressSync(br.body).equals(plain)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.length / 10);
    const gz = await raw('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await raw('/assets/index-AbC123.js');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
  });

  it('the shell and the service worker are re-checked on every visit (no-cache), so an upgrade shows at once', async () => {
    for (const p of ['/', '/index.html', '/customers/abc', '/sw.js']) {
      const res = await raw(p);
      expect(res.status, p).toBe(200);
      expect(res.headers['cache-control'], p).toBe('no-cache');
    }
  });

  it('compresses API JSON above the threshold when accepted, never below it or when refused', async () => {
    const admin = await t.login('admin');
    const cookie = admin.cookie;
    const big = await raw('/api/v1/openapi.json'.replace('/v1', ''), { 'accept-encoding': 'br, gzip', cookie });
    expect(big.status).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    const doc = JSON.parse(zlib.brotliDecompressSync(big.body).toString('utf8'));
    expect(doc.openapi).toMatch(/^3\./);
    const gz = await raw('/api/v1/dictionaries', { 'accept-encoding': 'gzip', cookie });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.body).toString('utf8')).data.length).toBeGreaterThan(0);
    const refused = await raw('/api/v1/dictionaries', { 'accept-encoding': 'br;q=0, gzip;q=0', cookie });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.body.toString('utf8')).data.length).toBeGreaterThan(0);
    const small = await raw('/api/health', { 'accept-encoding': 'br, gzip' });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('unknown API routes are 404 in the error shape, signed in or not', async () => {
    const anon = await t.anon().get('/api/v1/nope');
    expect(anon.status).toBe(404);
    expect(anon.body.error.code).toBe('route_not_found');
  });
});
