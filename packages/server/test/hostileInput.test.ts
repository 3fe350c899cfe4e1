import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer } from './factories.js';

/**
 * Careless and hostile text on every route: the one text rule (shared/src/text/wellFormed.ts,
 * server/src/http/text.ts) answers 400 naming the field, on both databases, and writes nothing.
 */
describe(`hostile text: NUL, lone surrogates, invalid UTF-8 [${testDbKind}]`, () => {
  let t: TestApp;
  let admin: Client;
  let routes: { method: string; path: string; hasBody: boolean }[];
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    const doc = (await admin.get('/api/openapi.json')).body;
    routes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: Boolean(op.requestBody?.content?.['application/json']) })),
    );
  });
  afterAll(() => t.close());

  const raw = (method: string, url: string, body?: Buffer | string) =>
    fetch(t.baseUrl + url, {
      method,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf ?? '', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('the document lists routes to try (the sweeps below are not empty)', () => {
    expect(routes.filter((r) => r.path.includes('{')).length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.hasBody).length).toBeGreaterThan(40);
  });

  it('a NUL in any path parameter of any route: 400 naming the parameter, never a 500', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.path.includes('{'))) {
      const url = r.path.replace(/\{[^}]+\}/g, 'a%00b');
      const names = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const res = await raw(r.method, url, r.hasBody ? '{}' : undefined);
      if (res.status !== 400 || res.body.error?.code !== 'validation_failed' || !names.includes(res.body.error.fields[0]?.path))
        failures.push(`${r.method} ${r.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('a NUL or a lone surrogate in any JSON body: 400 naming the field, never a 500', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.hasBody)) {
      const url = r.path.replace(/\{[^}]+\}/g, 'x');
      for (const [payload, key] of [
        ['{"name":"a\\u0000b"}', 'nul_char'],
        ['{"name":"\\ud800x"}', 'lone_surrogate'],
      ] as const) {
        const res = await raw(r.method, url, payload);
        if (res.status !== 400 || res.body.error?.fields?.[0]?.path !== 'name') failures.push(`${r.method} ${r.path} ${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a remark "a\\u0000b" on a contact: 400 naming remark in Chinese (English on request), nothing written', async () => {
    const m = await t.login('manager1');
    const c = await buildCustomer(m);
    const before = await countRows(t, 'contact');
    const res = await m.post(`/api/v1/customers/${c.id}/contacts`, { name: '王五', remark: 'a\u0000b' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toEqual([{ path: 'remark', message: expect.stringContaining('空字符') }]);
    m.lang = 'en-US';
    const en = await m.post(`/api/v1/customers/${c.id}/contacts`, { name: '王五', nested: { deep: ['ok', 'x\u0000'] } });
    expect(en.status).toBe(400);
    expect(en.body.error.fields[0]).toEqual({ path: 'nested.deep.1', message: expect.stringContaining('NUL') });
    expect(await countRows(t, 'contact')).toBe(before);
  });

  it('a lone surrogate is refused, not stored as U+FFFD; a proper pair (emoji) is kept as sent', async () => {
    const m = await t.login('manager1');
    const c = await buildCustomer(m);
    const before = await countRows(t, 'contact');
    const res = await m.post(`/api/v1/customers/${c.id}/contacts`, '{"name":"王\\udc00五"}');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('name');
    expect(await countRows(t, 'contact')).toBe(before);
    const ok = await m.post(`/api/v1/customers/${c.id}/contacts`, { name: '王五😀' });
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('王五😀');
  });

  it('a body with invalid UTF-8 bytes: 400 bad_json, nothing written', async () => {
    const before = await countRows(t, 'dictionaryItem');
    const bytes = Buffer.concat([Buffer.from('{"value":"gbk","labelZh":"'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('","labelEn":"x"}')]);
    const res = await raw('POST', '/api/v1/dictionaries/businessFormat/items', bytes);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
    expect(await countRows(t, 'dictionaryItem')).toBe(before);
  });

  it('query strings: ?q=%00 and a lone surrogate are 400 naming q; bytes that are not UTF-8 (?q=%FF) too', async () => {
    const m = await t.login('manager1');
    for (const q of ['%00', 'a%00', '%ED%A0%80', '%FF', '%E4%B8']) {
      const res = await m.get(`/api/v1/customers?q=${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.fields[0].path, q).toBe('q');
    }
    const json = await m.get(`/api/v1/customers?q=${encodeURIComponent('张')}`);
    expect(json.status).toBe(200);
  });

  it('GET /api/v1/customers/%00 answers 400 naming id on both databases', async () => {
    const res = await admin.get('/api/v1/customers/%00');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('id');
  });
});

describe(`integers the columns cannot hold [${testDbKind}]`, () => {
  let t: TestApp;
  let admin: Client;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    doc = (await admin.get('/api/openapi.json')).body;
  });
  afterAll(() => t.close());

  const INT4_MAX = 2147483647;
  type Found = { where: string; schema: any };
  const numbersIn = (s: any, where: string, out: Found[] = []): Found[] => {
    if (!s || typeof s !== 'object') return out;
    if (Array.isArray(s)) {
      s.forEach((x) => numbersIn(x, where, out));
      return out;
    }
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.includes('integer') || types.includes('number')) out.push({ where, schema: s });
    for (const [k, v] of Object.entries(s)) numbersIn(v, `${where}/${k}`, out);
    return out;
  };

  it('every number a request may carry (body, query, path) is bounded: integers within a 32-bit integer column, other numbers within 10^15', () => {
    const found: Found[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(ops)) {
        numbersIn(op.requestBody, `${method} ${path} body`, found);
        numbersIn(op.parameters, `${method} ${path} parameters`, found);
      }
    expect(found.length).toBeGreaterThan(30);
    // Integers land in 32-bit integer columns; other numbers (plan targets, amounts) in numeric or
    // double columns, which still need bounds (at most 10^15, exact in a double).
    const isInteger = (x: any) => (Array.isArray(x.type) ? x.type : [x.type]).includes('integer');
    const unbounded = found.filter(({ schema: s }) => {
      if (s.maximum === undefined || s.minimum === undefined) return true;
      const limit = isInteger(s) ? INT4_MAX : 1e15;
      return s.maximum > limit || s.minimum < -limit - (isInteger(s) ? 1 : 0);
    });
    expect(unbounded.map((u) => `${u.where} ${JSON.stringify(u.schema)}`)).toEqual([]);
  });

  it('each top-level integer field of each JSON body, sent as 2147483648: 400 naming that field, never a 500', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const [path, ops] of Object.entries<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(ops)) {
        const props = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
        for (const [name, s] of Object.entries<any>(props)) {
          const types = Array.isArray(s.type) ? s.type : [s.type];
          if (!types.includes('integer') && !types.includes('number')) continue;
          tried++;
          const res = await admin.request(method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x'), { [name]: INT4_MAX + 1 });
          const named = res.body?.error?.fields?.some((f: any) => f.path === name);
          if (res.status !== 400 || !named) failures.push(`${method} ${path} ${name} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      }
    expect(tried).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });

  it('{"version": 2147483648} on a real record and ?version=2147483648 on a delete: 400 naming version, the record unchanged', async () => {
    const m = await t.login('manager1');
    const c = await buildCustomer(m);
    const res = await m.patch(`/api/v1/customers/${c.id}`, { version: INT4_MAX + 1, name: '改名' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('version');
    expect(res.body.error.fields[0].message).toContain('2147483647');
    const contact = (await m.post(`/api/v1/customers/${c.id}/contacts`, { name: '李四' })).body;
    const del = await m.del(`/api/v1/customers/${c.id}/contacts/${contact.id}?version=${INT4_MAX + 1}`);
    expect(del.status).toBe(400);
    expect(del.body.error.fields[0].path).toBe('version');
    expect((await m.get(`/api/v1/customers/${c.id}`)).body.name).toBe(c.name);
    expect(await countRows(t, 'contact', ['id', '=', contact.id])).toBe(1);
    // The largest value the column holds is a plain stale version.
    expect((await m.patch(`/api/v1/customers/${c.id}`, { version: INT4_MAX, name: '改名' })).status).toBe(409);
  });
});
