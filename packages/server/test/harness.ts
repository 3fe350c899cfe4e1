import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.js';
import { FrozenClock, type Clock } from '../src/clock.js';
import { openDatabase, type DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrap } from '../src/seed/bootstrap.js';
import { seedDemo, DEMO_PASSWORD } from '../src/seed/demo.js';
import { buildApp, type BuiltApp } from '../src/app.js';
import type { JobDefinition } from '../src/jobs/runner.js';

/** Which database this run of the suite talks to: LIAISON_TEST_DB=postgres needs TEST_DATABASE_URL. */
export const testDbKind = (process.env.LIAISON_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

/** A fresh, empty database for one test file: a temp dir for SQLite, a new database on PostgreSQL. */
export const freshDatabase = async (): Promise<{ databaseUrl?: string; dataDir: string; drop: () => Promise<void> }> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-test-'));
  if (testDbKind === 'sqlite') return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('LIAISON_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `liaison_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export type TestApp = BuiltApp & {
  db: { databaseUrl?: string; dataDir: string };
  handle: DbHandle;
  clock: FrozenClock;
  config: Config;
  baseUrl: string;
  login: (username: string, password?: string) => Promise<Client>;
  anon: () => Client;
  close: () => Promise<void>;
};

export type Res<T = any> = { status: number; body: T; headers: Headers };

/** A real HTTP client with a cookie jar and the CSRF token of its session. */
export class Client {
  cookie = '';
  csrf: string | null = null;
  lang: string | null = null;
  bearer: string | null = null;
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    if (this.lang) h['accept-language'] = this.lang;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + url, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('liaison_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get = <T = any>(url: string, headers?: Record<string, string>) => this.request<T>('GET', url, undefined, headers);
  post = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', url, body ?? {}, headers);
  patch = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', url, body ?? {}, headers);
  put = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PUT', url, body ?? {}, headers);
  del = <T = any>(url: string, headers?: Record<string, string>) => this.request<T>('DELETE', url, undefined, headers);
}

export const startTestApp = async (
  opts: { demo?: boolean; env?: Record<string, string>; clock?: Clock; jobs?: JobDefinition[] } = {},
): Promise<TestApp> => {
  const db = await freshDatabase();
  const config = loadConfig({
    DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    JOBS: 'off',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LIAISON_INDUSTRY: 'tobacco',
    ...opts.env,
  });
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 5 });
  await migrateToLatest(handle);
  const clock = (opts.clock as FrozenClock) ?? new FrozenClock(new Date('2026-11-23T02:00:00.000Z'));
  await bootstrap(handle.db, config.industry, clock.now());
  if (opts.demo !== false) await seedDemo(handle.db, clock.now());
  const built = await buildApp({ config, clock, handle, jobs: opts.jobs });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    ...built,
    db: { databaseUrl: db.databaseUrl, dataDir: db.dataDir },
    handle,
    clock: clock as FrozenClock,
    config,
    baseUrl,
    anon: () => new Client(baseUrl),
    login: async (username, password = DEMO_PASSWORD) => {
      const c = new Client(baseUrl);
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      c.csrf = res.body.csrfToken;
      return c;
    },
    close: async () => {
      await built.app.close();
      await handle.close();
      await db.drop();
    },
  };
};

/** The id of a demo record by a natural key, for tests. */
export const idOf = async (t: TestApp, table: 'appUser' | 'orgUnit' | 'role', key: string): Promise<string> => {
  const col = table === 'appUser' ? 'username' : 'code';
  const row = await (t.handle.db as any).selectFrom(table).select('id').where(col, '=', key).executeTakeFirstOrThrow();
  return row.id;
};

export const countRows = async (t: TestApp, table: string, where?: [string, string, unknown]): Promise<number> => {
  let q = (t.handle.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('c'));
  if (where) q = q.where(...where);
  const row = await q.executeTakeFirst();
  return Number(row.c);
};

/** Signs in several demo users at once, typed as a tuple. */
export const loginAll = async <const N extends readonly string[]>(t: TestApp, ...names: N) =>
  (await Promise.all(names.map((n) => t.login(n)))) as { -readonly [K in keyof N]: Client };

/** Uploads a file as multipart/form-data with the session and CSRF token. */
export const upload = async (c: Client, url: string, fileName: string, data: Blob | Buffer) => {
  const form = new FormData();
  form.append('file', data instanceof Blob ? data : new Blob([new Uint8Array(data)]), fileName);
  const res = await fetch(c.baseUrl + url, { method: 'POST', body: form, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf ?? '' } });
  return { status: res.status, body: (await res.json()) as any };
};


/**
 * A second app instance on the same database as `t` (its own connection pool, its own worker),
 * as when several instances share one PostgreSQL. It shares `t`'s clock; close it before `t`.
 */
export const startSecondApp = async (t: TestApp, opts: { env?: Record<string, string> } = {}): Promise<BuiltApp & { handle: DbHandle; close: () => Promise<void> }> => {
  const config = loadConfig({
    DATA_DIR: t.db.dataDir,
    ...(t.db.databaseUrl ? { DATABASE_URL: t.db.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    JOBS: 'off',
    LIAISON_INDUSTRY: 'tobacco',
    ...opts.env,
  });
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 5 });
  const built = await buildApp({ config, clock: t.clock, handle });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ...built,
    handle,
    close: async () => {
      await built.app.close();
      await handle.close();
    },
  };
};
