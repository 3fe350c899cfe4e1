import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, freshDatabase, testDbKind } from './harness.js';

const run = promisify(execFile);
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Not dist/ itself: a developer's `npm start` may be running from it. Beside it, because the
// bundle finds package.json and the web build from where it lies (build.mjs).
const outName = `.build-test-${process.pid}`;
const outDir = path.join(serverDir, outName);

// Each test starts Node on the whole bundle (≈ 2 s of CPU); on a loaded 2-core machine that
// alone can pass the suite's default 30 s.
const slow = 120_000;

type Ran = { code: number; out: string };
const node = async (args: string[], env: Record<string, string> = {}): Promise<Ran> => {
  // The suite's own DATABASE_URL must not leak into a child meant for another database.
  const { DATABASE_URL: _ignored, ...base } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: serverDir, env: { ...base, LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
};

/** 1-based line of the first line of `file` (under src/) containing `text`. */
const lineOf = (file: string, text: string): number => {
  const lines = fs.readFileSync(path.join(serverDir, 'src', file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  expect(i, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return i + 1;
};

describe(`the compiled server that npm start runs (dist/main.js, dist/cli.js) on ${testDbKind}`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dbEnv: Record<string, string>;
  let server: ChildProcess | undefined;
  let serverLog = '';

  beforeAll(async () => {
    const built = await node(['build.mjs', '--outdir', outName, '--quiet']);
    expect(built.code, built.out).toBe(0);
    db = await freshDatabase();
    dbEnv = { DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
  }, slow);
  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('bundles our TypeScript (server and @liaison/shared) with a source map, and leaves node_modules packages as imports', () => {
    for (const entry of ['main', 'cli']) {
      const js = fs.readFileSync(path.join(outDir, `${entry}.js`), 'utf8');
      expect(js.trimEnd().endsWith(`//# sourceMappingURL=${entry}.js.map`)).toBe(true);
      const map = JSON.parse(fs.readFileSync(path.join(outDir, `${entry}.js.map`), 'utf8')) as { sources: string[] };
      expect(map.sources).toContain(`../src/${entry}.ts`);
      expect(map.sources).toContain('../src/config.ts');
      expect(map.sources.filter((s) => s.startsWith('../../shared/src/')).length).toBeGreaterThan(0);
      expect(map.sources.filter((s) => s.includes('node_modules'))).toEqual([]);
      // Native addons are imported from node_modules at run time, not inlined.
      expect(js).toMatch(/^import \w+ from "better-sqlite3";$/m);
    }
  });

  it('maps a stack trace from the compiled code to the .ts file and line that threw', async () => {
    const throwLine = lineOf('config.ts', 'throw new Error(`Invalid environment');
    // An invalid PORT makes loadConfig throw before anything else starts.
    const mapped = await node(['--enable-source-maps', path.join(outName, 'main.js')], { ...dbEnv, PORT: 'not-a-port' });
    expect(mapped.code).not.toBe(0);
    expect(mapped.out).toContain('Invalid environment: PORT');
    expect(mapped.out).toMatch(new RegExp(`at loadConfig \\(.*[/\\\\]packages[/\\\\]server[/\\\\]src[/\\\\]config\\.ts:${throwLine}:\\d+\\)`));
  }, slow);

  it('the compiled CLI creates an administrator (migrations, argon2), the compiled server starts, serves health and signs them in, and stops on SIGTERM', async () => {
    const created = await node(['--enable-source-maps', path.join(outName, 'cli.js'), 'admin', 'create', '--username', 'buildadmin', '--password', 'a-long-build-password'], dbEnv);
    expect(created.code, created.out).toBe(0);
    expect(created.out).toContain('admin buildadmin created');

    const { DATABASE_URL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(outName, 'main.js')], {
      cwd: serverDir,
      env: { ...base, ...dbEnv, PORT: '0', HOST: '127.0.0.1', JOBS: 'off', LOG_LEVEL: 'info', LIAISON_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    child.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));

    // PORT=0: the system picks a free port and fastify logs it.
    let baseUrl: string | undefined;
    const deadline = Date.now() + 90_000;
    while (!baseUrl) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${serverLog}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${serverLog}`);
      baseUrl = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(serverLog)?.[1];
      if (!baseUrl) await new Promise((r) => setTimeout(r, 200));
    }

    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
    const version = JSON.parse(fs.readFileSync(path.join(serverDir, 'package.json'), 'utf8')).version;
    expect(await health.json()).toEqual({ status: 'ok', db: testDbKind, version });

    const c = new Client(baseUrl);
    // Validation messages come from @liaison/shared, bundled in: a missing field is named in zh-CN.
    const bad = await c.post('/api/v1/auth/login', { username: 'buildadmin' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('password');
    const login = await c.post('/api/v1/auth/login', { username: 'buildadmin', password: 'a-long-build-password' });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('buildadmin');

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited, serverLog).toBe(0);
    expect(serverLog).toContain('shutting down');
  }, slow);

  it.runIf(testDbKind === 'sqlite')('the compiled CLI backs up the SQLite database', async () => {
    const out = path.join(db.dataDir, 'backup.db');
    const backup = await node(['--enable-source-maps', path.join(outName, 'cli.js'), 'backup', '--out', out], dbEnv);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('backup written');
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  }, slow);
});
