import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, lintFromString } from '@redocly/openapi-core';
import { startTestApp, testDbKind, type Client, type TestApp } from './harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Op = { summary?: string; parameters?: { in: string; name: string; required?: boolean; schema?: any }[]; requestBody?: any; responses: Record<string, any> };
type Route = { method: string; path: string; op: Op };

/**
 * The API document (GET /api/openapi.json) checked by an independent validator (Redocly, with the
 * rules in redocly.yaml), and against the server itself: what a route answers to a caller without
 * a session or with bad input is a status the document lists for it (http/openapi.ts).
 */
describe(`the OpenAPI document [${testDbKind}]`, () => {
  let t: TestApp;
  let doc: any;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.anon().get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
    routes = Object.entries(doc.paths as Record<string, Record<string, Op>>).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op })),
    );
  });
  afterAll(() => t.close());

  it('passes Redocly lint (redocly.yaml) without a single error or warning', async () => {
    const config = await loadConfig({ configPath: path.join(repoRoot, 'redocly.yaml') });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: path.join(repoRoot, 'openapi.json'), config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer} ${p.message}`)).toEqual([]);
  }, 60_000);

  it('every operation has a summary holding at least one CJK character (Chinese first, then English)', () => {
    expect(routes.length).toBeGreaterThan(150);
    const without = routes.filter((r) => typeof r.op.summary !== 'string' || !/\p{Script=Han}/u.test(r.op.summary)).map((r) => `${r.method} ${r.path}: ${JSON.stringify(r.op.summary ?? null)}`);
    expect(without).toEqual([]);
  });

  it('every $ref resolves inside the document; the recursive region tree is a named schema', () => {
    const refs: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object')
        for (const [k, v] of Object.entries(x)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(500);
    const resolves = (ref: string) => ref.startsWith('#/') && ref.slice(2).split('/').reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc) !== undefined;
    expect([...new Set(refs.filter((r) => !resolves(r)))]).toEqual([]);
    const items = doc.paths['/api/v1/regions'].get.responses['200'].content['application/json'].schema.properties.data.items;
    expect(items).toEqual({ $ref: '#/components/schemas/RegionNode' });
    expect(doc.components.schemas.RegionNode.properties.children.items).toEqual({ $ref: '#/components/schemas/RegionNode' });
  });

  it('the two imports and the two photo uploads describe their multipart body (field `file`, binary)', () => {
    for (const p of ['/api/v1/imports', '/api/v1/business-figures/import', '/api/v1/tickets/{id}/attachments', '/api/v1/visits/{id}/photos']) {
      const body = doc.paths[p].post.requestBody;
      expect(body?.required, p).toBe(true);
      expect(Object.keys(body.content), p).toEqual(['multipart/form-data']);
      expect(body.content['multipart/form-data'].schema.required, p).toEqual(['file']);
      expect(body.content['multipart/form-data'].schema.properties.file, p).toMatchObject({ type: 'string', format: 'binary' });
      expect(doc.paths[p].post.responses, p).toHaveProperty('413');
      expect(doc.paths[p].post.responses, p).toHaveProperty('415');
    }
  });

  it('every error response is the one error shape, each status described with its codes', () => {
    const errorRefs = routes.flatMap((r) => Object.entries(r.op.responses).filter(([s]) => Number(s) >= 400).map(([, v]) => v.$ref));
    expect(errorRefs.length).toBeGreaterThan(500);
    expect(errorRefs.filter((ref) => !/^#\/components\/responses\/Error\d{3}$/.test(ref))).toEqual([]);
    expect(doc.components.responses.Error409.description).toContain('`version_conflict`');
    expect(doc.components.responses.Error409.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ApiError' });
    expect(doc.components.schemas.ApiError.properties.error.required).toEqual(['code', 'message', 'fields']);
  });

  /** A path with its parameters filled in (a well-formed id that names nothing) and a query. */
  const urlOf = (r: Route, query = '') => r.path.replace(/\{[^}]+\}/g, 'no-such-record') + query;

  /** A query that is clearly wrong for the route's first query parameter, by its type. */
  const badQuery = (r: Route): string => {
    const q = (r.op.parameters ?? []).find((p) => p.in === 'query');
    if (!q) return '?__unknown=1';
    const s = q.schema ?? {};
    const types = [s.type, ...(s.anyOf ?? []).map((x: any) => x.type)].flat();
    const bad = s.enum || types.includes('integer') || types.includes('number') || types.includes('boolean') ? '__not_a_value__' : 'x'.repeat(5000);
    return `?${encodeURIComponent(q.name)}=${encodeURIComponent(bad)}`;
  };

  const send = async (c: Client | null, r: Route, url: string, body?: string) => {
    const headers: Record<string, string> = {};
    if (c?.cookie) headers.cookie = c.cookie;
    if (c?.csrf && r.method !== 'GET') headers['x-csrf-token'] = c.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(t.baseUrl + url, { method: r.method, headers, body, redirect: 'manual' });
    await res.arrayBuffer();
    return res.status;
  };

  const check = (failures: string[], r: Route, what: string, status: number) => {
    if (status >= 500) failures.push(`${r.method} ${r.path} ${what} → ${status} (a 5xx)`);
    else if (status >= 400 && !(String(status) in r.op.responses)) failures.push(`${r.method} ${r.path} ${what} → ${status}, documented: ${Object.keys(r.op.responses).join(',')}`);
  };

  it('without a session: each route answers a documented status (401 for every protected route), never a 5xx', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const status = await send(null, r, urlOf(r), r.method === 'GET' ? undefined : '{}');
      checked++;
      check(failures, r, 'anonymous', status);
      const isPublic = !('403' in r.op.responses);
      if (!isPublic && status !== 401) failures.push(`${r.method} ${r.path} anonymous → ${status}, not 401`);
    }
    expect(checked).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  }, 120_000);

  it('signed in, with a record that does not exist, a bad query value or a bad body: each 4xx is documented, never a 5xx', async () => {
    const failures: string[] = [];
    let checked = 0;
    let errors = 0;
    // An administrator tries each kind of bad input on each route; a manager, who meets 403s and
    // 404s an administrator does not, one request per route. Signing out ends the session the
    // sweep uses, so it goes last; the rest run six at a time.
    for (const who of ['admin', 'manager1']) {
      const c = await t.login(who);
      const tries: [Route, string, string, string | undefined][] = [];
      for (const r of routes) {
        const body = r.method === 'GET' ? undefined : '{}';
        if (who === 'manager1') {
          tries.push([r, r.path.includes('{') ? 'missing record' : 'bad query', urlOf(r, r.path.includes('{') ? '' : badQuery(r)), body]);
          continue;
        }
        if (r.path.includes('{')) tries.push([r, 'missing record', urlOf(r), body]);
        tries.push([r, 'bad query', urlOf(r, badQuery(r)), body]);
        if (r.method !== 'GET') tries.push([r, 'bad body', urlOf(r), '{"__unknown":[1,{"x":null}]}']);
        if (r.method !== 'GET') tries.push([r, 'not JSON', urlOf(r), '{"unclosed":']);
      }
      const last = tries.filter(([r]) => r.path.endsWith('/logout'));
      const first = tries.filter(([r]) => !r.path.endsWith('/logout'));
      const run = async ([r, what, url, body]: (typeof tries)[number]) => {
        const status = await send(c, r, url, body);
        checked++;
        if (status >= 400) errors++;
        check(failures, r, `${who} ${what}`, status);
      };
      for (let i = 0; i < first.length; i += 6) await Promise.all(first.slice(i, i + 6).map(run));
      for (const x of last) await run(x);
    }
    expect(checked).toBeGreaterThan(550);
    expect(errors).toBeGreaterThan(450);
    expect(failures).toEqual([]);
  }, 300_000);
});
