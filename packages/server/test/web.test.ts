import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`serving the web app [${testDbKind}]`, () => {
  let t: TestApp;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-web-'));
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="zh-CN"><title>客户经理工作台</title></html>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
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

  it('unknown API routes are 404 in the error shape, signed in or not', async () => {
    const anon = await t.anon().get('/api/v1/nope');
    expect(anon.status).toBe(404);
    expect(anon.body.error.code).toBe('route_not_found');
  });
});
