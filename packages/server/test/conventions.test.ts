import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@liaison/shared';
import { startTestApp, testDbKind, type TestApp } from './harness.js';

describe(`API conventions [${testDbKind}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('health names the database and version', async () => {
    const res = await t.anon().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: testDbKind, version: expect.any(String) });
  });

  it('serves the OpenAPI 3.1 document with the routes', async () => {
    const res = await t.anon().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/org-units']));
  });

  it('an unknown route answers in the error shape', async () => {
    const c = await t.login('admin');
    const res = await c.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'route_not_found', message: '接口不存在', fields: [] } });
  });

  it('every error under /api/ has the one shape: the API viewer without a session, badly encoded paths, bad bodies, unknown routes', async () => {
    const admin = await t.login('admin');
    const cases: { who: 'anon' | 'admin'; method: string; url: string; body?: string; type?: string; status: number; code: string }[] = [
      { who: 'anon', method: 'GET', url: '/api/docs', status: 401, code: 'authentication_required' },
      { who: 'anon', method: 'GET', url: '/api/docs/', status: 401, code: 'authentication_required' },
      { who: 'anon', method: 'GET', url: '/api/docs/json', status: 401, code: 'authentication_required' },
      { who: 'anon', method: 'GET', url: '/api/docs/static/index.html', status: 401, code: 'authentication_required' },
      { who: 'anon', method: 'GET', url: '/api/v1/customers/%E0%A4%A', status: 400, code: 'bad_request' },
      { who: 'admin', method: 'GET', url: '/api/v1/customers/%E0%A4%A', status: 400, code: 'bad_request' },
      { who: 'admin', method: 'GET', url: '/api/v1/users/%ED%A0%80', status: 400, code: 'bad_request' },
      { who: 'anon', method: 'GET', url: '/api/nope%', status: 400, code: 'bad_request' },
      { who: 'admin', method: 'GET', url: '/api/v1/no-such-thing', status: 404, code: 'route_not_found' },
      { who: 'anon', method: 'GET', url: '/api/v1/no-such-thing', status: 404, code: 'route_not_found' },
      { who: 'admin', method: 'POST', url: '/api/v1/org-units', body: '{', status: 400, code: 'bad_json' },
      { who: 'admin', method: 'POST', url: '/api/v1/org-units', body: '<a/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
      { who: 'admin', method: 'POST', url: '/api/v1/org-units', body: '', status: 400, code: 'bad_json' },
      { who: 'admin', method: 'GET', url: '/api/v1/users?page=0', status: 400, code: 'validation_failed' },
    ];
    for (const c of cases) {
      const headers: Record<string, string> = {};
      if (c.who === 'admin') Object.assign(headers, { cookie: admin.cookie, 'x-csrf-token': admin.csrf ?? '' });
      if (c.body !== undefined) headers['content-type'] = c.type ?? 'application/json';
      const res = await fetch(t.baseUrl + c.url, { method: c.method, headers, body: c.body });
      const label = `${c.who} ${c.method} ${c.url}`;
      expect(res.status, label).toBe(c.status);
      expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
      const body = (await res.json()) as any;
      expect(ZErrorBody.strict().safeParse(body).success, `${label} ${JSON.stringify(body)}`).toBe(true);
      expect(body.error.code, label).toBe(c.code);
      expect(body.error.message, label).not.toMatch(/^[a-z_]+$/);
    }
  });

  it('malformed JSON is a 400 bad_json', async () => {
    const res = await t.anon().post('/api/v1/auth/login', '{"username": "admin",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
  });

  it('an oversized body is a 413', async () => {
    const res = await t.anon().post('/api/v1/auth/login', { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('unknown body fields are rejected, naming the field', async () => {
    const c = await t.login('admin');
    const res = await c.patch('/api/v1/me', { locale: 'zh-CN', isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'isAdmin', message: expect.stringContaining('不允许') }]);
  });

  it('wrong types and missing fields name each field, in the caller language', async () => {
    const res = await t.anon().post('/api/v1/auth/login', { username: 42 }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(res.body.error.fields.map((f: any) => [f.path, f.message]));
    expect(byPath.username).toMatch(/Username has the wrong type/);
    expect(byPath.password).toBe('Password is required');
    const zh = await t.anon().post('/api/v1/auth/login', { username: 42 });
    expect(zh.body.error.fields.find((f: any) => f.path === 'password').message).toBe('密码不能为空');
  });

  it("the user's language setting wins over Accept-Language", async () => {
    const c = await t.login('leader1');
    await c.patch('/api/v1/me', { locale: 'en-US' });
    const res = await c.get('/api/v1/users/nope', { 'accept-language': 'zh-CN' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Record not found');
    await c.patch('/api/v1/me', { locale: 'zh-CN' });
  });

  it('lists page with {data,count,page,perPage,totalPages}; perPage is capped at 200', async () => {
    const c = await t.login('admin');
    const res = await c.get('/api/v1/users?page=2&perPage=5&sort=username');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 13, page: 2, perPage: 5, totalPages: 3 });
    expect(res.body.data.map((u: any) => u.username)).toEqual(['manager1', 'manager2', 'manager3', 'manager4', 'manager5']);
    const tooMany = await c.get('/api/v1/users?perPage=500');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0].path).toBe('perPage');
    const badSort = await c.get('/api/v1/users?sort=passwordHash');
    expect(badSort.status).toBe(400);
    expect(badSort.body.error.fields[0].path).toBe('sort');
  });

  it('the cursor form walks the whole list without gaps or repeats, in either direction', async () => {
    const c = await t.login('admin');
    for (const sort of ['username', '-displayName', '-createdAt']) {
      const all = (await c.get(`/api/v1/users?perPage=200&sort=${sort}`)).body.data.map((u: any) => u.id);
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const res = await c.get(`/api/v1/users?perPage=4&sort=${sort}&cursor=${cursor}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((u: any) => u.id));
        if (!res.body.nextCursor) break;
        cursor = res.body.nextCursor;
      }
      expect(seen).toEqual(all);
    }
    const bad = await c.get('/api/v1/users?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('cursor');
  });
});
