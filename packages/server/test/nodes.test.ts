// Two Liaison instances behind nginx on one PostgreSQL (decision 074; docs/OPERATIONS.md).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrap } from '../src/seed/bootstrap.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';
import { toIso } from '../src/db/dialect.js';
import { Client, freshDatabase, testDbKind } from './harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const skipReason =
  testDbKind !== 'postgres'
    ? 'several instances need a database server they share; SQLite is one instance by construction'
    : !NGINX
      ? 'nginx is not installed (apt-get install -y nginx)'
      : null;
if (skipReason) console.warn(`SKIPPED two instances behind nginx: ${skipReason}`);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

/**
 * Starts one Liaison server process the way an operator would (the only place that knows how,
 * so switching to the compiled build changes this function alone). One node process, so the
 * PID the test kills is the server itself.
 */
const startServerProcess = (env: Record<string, string>, logFile: string): ChildProcess => {
  const out = fs.openSync(logFile, 'a');
  return spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
};

const waitUntil = async (what: string, ok: () => Promise<boolean>, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await ok().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

const nginxConfig = (dir: string, listen: number, upstreams: number[]) => `
${process.getuid?.() === 0 ? 'user root root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  log_format upstream '$request_method|$uri|$status|$upstream_addr';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream liaison {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listen};
    client_max_body_size 60m;
    location / {
      proxy_pass http://liaison;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
    }
  }
}
`;

describe.skipIf(skipReason !== null)('two instances behind nginx on one PostgreSQL [postgres]', () => {
  const children: ChildProcess[] = [];
  let nginx: ChildProcess | undefined;
  let dir = '';
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let handle: DbHandle;
  let ports: number[] = [];
  let proxy: Client;
  const logs = () =>
    ['a.log', 'b.log', 'error.log']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => `--- ${path.basename(f)}\n${fs.readFileSync(f, 'utf8').slice(-3000)}`)
      .join('\n');
  const servedBy = () =>
    fs
      .readFileSync(path.join(dir, 'access.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('|'));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-nodes-'));
    db = await freshDatabase();
    // The schema and the demo organisation, once, before either instance starts.
    handle = openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, poolSize: 2 });
    await migrateToLatest(handle);
    await bootstrap(handle.db, 'tobacco', new Date());
    await seedDemo(handle.db, new Date());
    ports = [await freePort(), await freePort()];
    const env = (port: number): Record<string, string> => ({
      DATABASE_URL: db.databaseUrl!,
      DATA_DIR: db.dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIAISON_DEMO: '0',
      LIAISON_INDUSTRY: 'tobacco',
      JOBS: 'on',
      TRUST_PROXY: '1',
      COOKIE_SECURE: 'never',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    });
    // One after the other: each runs migrations and bootstrap at start (no-ops here).
    for (const [i, port] of ports.entries()) {
      children.push(startServerProcess(env(port), path.join(dir, i === 0 ? 'a.log' : 'b.log')));
      await waitUntil(`instance on ${port}\n${logs()}`, async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 120_000);
    }
    const listen = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, listen, ports));
    nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
    await waitUntil(`nginx on ${listen}\n${logs()}`, async () => (await fetch(`http://127.0.0.1:${listen}/api/health`)).ok, 30_000);
    proxy = new Client(`http://127.0.0.1:${listen}`);
  }, 300_000);

  afterAll(async () => {
    // Everything this file started, by PID.
    if (nginx?.pid && nginx.exitCode === null) process.kill(nginx.pid, 'SIGQUIT');
    for (const c of children) if (c.pid && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    for (const c of [nginx, ...children]) if (c?.pid && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
    const t0 = Date.now();
    await handle?.close();
    await db?.drop();
    console.log(`nodes: database closed and dropped in ${Date.now() - t0} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('a run left by a dead instance is taken over by exactly one of the two live ones', { timeout: 150_000 }, async () => {
    // As if a third instance died mid-run an hour ago: 'running', its lease long gone.
    const at = Date.now() - 3_600_000;
    await handle.db
      .insertInto('jobRun')
      .values({ id: 'dead-run', job: 'session.cleanup', slot: toIso(new Date(at)), status: 'running', instance: 'dead-host:1', startedAt: toIso(new Date(at)), finishedAt: null, message: null, result: null, leaseUntil: toIso(new Date(at + 120_000)), attempts: 1 })
      .execute();
    const run = () => handle.db.selectFrom('jobRun').selectAll().where('id', '=', 'dead-run').executeTakeFirstOrThrow();
    // Both instances sweep on the minute.
    await waitUntil(`the takeover\n${logs()}`, async () => (await run()).status !== 'running', 130_000);
    const done = await run();
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, message: 'taken over from dead-host:1' });
    expect(children.map((c) => `${os.hostname()}:${c.pid}`)).toContain(done.instance);
    // One row for the slot, whichever instance won; and no slot of any job ran twice.
    const dupes = await handle.db.selectFrom('jobRun').select(['job', 'slot']).groupBy(['job', 'slot']).having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(dupes).toEqual([]);
  });

  it('a signed-in browser keeps working through nginx when one instance is killed', { timeout: 120_000 }, async () => {
    const login = await proxy.post('/api/v1/auth/login', { username: 'admin', password: DEMO_PASSWORD });
    expect(login.status, logs()).toBe(200);
    proxy.csrf = login.body.csrfToken;
    for (let i = 0; i < 6; i++) expect((await proxy.get('/api/v1/me')).body.username).toBe('admin');
    // nginx sent them to both instances: the session lives in the database, not in either.
    const before = servedBy().filter(([m, uri]) => m === 'GET' && uri === '/api/v1/me');
    expect(new Set(before.map((l) => l[3]))).toEqual(new Set(ports.map((p) => `127.0.0.1:${p}`)));

    const [victim] = children;
    process.kill(victim!.pid!, 'SIGKILL');
    await new Promise<void>((r) => (victim!.exitCode !== null || victim!.signalCode !== null ? r() : victim!.once('exit', () => r())));

    const marks = servedBy().length;
    for (let i = 0; i < 6; i++) {
      const me = await proxy.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('admin');
    }
    // A write with the same cookie and CSRF token, then read back.
    const renamed = await proxy.patch('/api/v1/me', { displayName: '两实例管理员' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await proxy.get('/api/v1/me')).body.displayName).toBe('两实例管理员');
    // Everything after the kill was answered by the survivor.
    const after = servedBy().slice(marks);
    expect(after.length).toBeGreaterThanOrEqual(8);
    for (const l of after) {
      expect(l[2]).toMatch(/^2/);
      expect(l[3]!.split(', ').at(-1)).toBe(`127.0.0.1:${ports[1]}`);
    }
  });
});
