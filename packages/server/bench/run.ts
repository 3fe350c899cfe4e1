/**
 * npm run bench -- [--size tiny|city|province] [--rounds N] [--only sqlite|postgres] [--match <case name part>] [--skip throughput,export,jobs,imports]
 *
 * Measures the API end to end over HTTP on a generated dataset (seed/scale.ts): the server runs
 * in a child process (bench/server.ts) listening on 127.0.0.1, and requests go through Node's
 * fetch (undici, keep-alive). Beside each request, the same SQL through the same driver: the
 * statements the request ran, captured from the app's own query log (in the server process)
 * and replayed on a bare connection. Each statement's plan is checked with EXPLAIN; a full scan
 * of customer, visit, contact or customer_search is flagged in the table. Then:
 *   - the nightly jobs (compliance, reclaim, dormancy) over the whole dataset against one plain
 *     UPDATE pass over the rows each job examines, each in a transaction that is rolled back;
 *   - a .xlsx import of N customers through POST /api/v1/imports (a fresh server each, for its
 *     peak RSS) against the raw driver's bulk insert of the same rows, at two sizes;
 *   - an .xlsx export of every customer (a province-wide leader), time and bytes;
 *   - throughput (autocannon, 32 connections) of customer detail against the health route.
 * Prints tables and writes bench/results/<date>-<db>-<size>.json.
 *
 *   npm run bench -- --size city                                          # SQLite, 100,000 customers
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench npm run bench -- --size city --only postgres
 *
 * Datasets are kept between runs: SQLite in BENCH_DATA_DIR (default <tmp>/liaison-bench-<size>),
 * PostgreSQL in the database BENCH_DATABASE_URL names (generated there when it has no customers).
 * The bench adds to them only a province-wide leader (gbench), unit targets for gleader1's unit
 * this month, and audit/import-job rows; imported customers are deleted again. Drop the
 * datasets when done (rm -r the directory; DROP DATABASE).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/clock.js';
import { openDatabase, type DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ambientTx, transaction } from '../src/db/transaction.js';
import type { Db } from '../src/db/schema.js';
import { toIso } from '../src/db/dialect.js';
import type { AppContext } from '../src/context.js';
import { bootstrap } from '../src/seed/bootstrap.js';
import { seedDemo } from '../src/seed/demo.js';
import { generateScale } from '../src/seed/scale.js';
import { newUserRow } from '../src/modules/users/user.row.js';
import { hashPassword } from '../src/modules/auth/password.js';
import { refreshCompliance } from '../src/modules/visits/compliance.js';
import { runDormancy, runReclaim } from '../src/jobs/reclaim.job.js';
import { customerColumns } from '../src/modules/imports/customerImport.template.js';

const { values: args } = parseArgs({
  options: { size: { type: 'string', default: 'city' }, rounds: { type: 'string' }, only: { type: 'string' }, match: { type: 'string' }, skip: { type: 'string' } },
});
/** imports: the two file sizes (peak RSS compared between them, each in a fresh server when freshServers); seconds: each autocannon run. */
const sizes = {
  tiny: { customers: 2_000, visits: 10_000, imports: [100, 300], seconds: 1, freshServers: false },
  city: { customers: 100_000, visits: 1_000_000, imports: [10_000, 100_000], seconds: 10, freshServers: true },
  province: { customers: 1_000_000, visits: 10_000_000, imports: [10_000, 100_000], seconds: 10, freshServers: true },
} as const;
const sizeName = (args.size ?? 'city') as keyof typeof sizes;
const size = sizes[sizeName];
if (!size) throw new Error(`--size must be one of ${Object.keys(sizes).join(', ')}`);
const ROUNDS = Number(args.rounds ?? process.env.BENCH_ROUNDS ?? (sizeName === 'tiny' ? 3 : 20));
const benchDir = path.dirname(fileURLToPath(import.meta.url));
/** The parts after the request cases; --match (a few cases) or --skip (named parts) leaves them out. */
const parts = ['throughput', 'export', 'jobs', 'imports'] as const;
const skipped = new Set((args.skip ?? '').split(',').filter(Boolean));
for (const p of skipped) if (!(parts as readonly string[]).includes(p)) throw new Error(`--skip takes ${parts.join(', ')}; got ${p}`);
const runs = (part: (typeof parts)[number]) => !args.match && !skipped.has(part);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

type Captured = { sql: string; parameters: readonly unknown[] };
type Row = { case: string; appMedian: number; appP95: number; rawMedian: number; ratio: number; statements: number; scans: string[] };
type JobRow = { job: string; ms: number; touched: number; examined: number; updatePassMs: number; ratio: number };

/** The app in a child process, listening on 127.0.0.1 (bench/server.ts). */
type Server = { base: string; child: ChildProcess; ask: <T>(msg: object, reply: string) => Promise<T>; stop: () => Promise<void> };
const startServer = async (databaseUrl: string | undefined, dataDir: string): Promise<Server> => {
  const child = fork(path.join(benchDir, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER_DATABASE_URL: databaseUrl ?? '', BENCH_SERVER_DATA_DIR: dataDir },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before listening`)));
  });
  const ask = <T>(msg: object, reply: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== reply) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
      child.send(msg);
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.disconnect();
    });
  return { base: `http://127.0.0.1:${port}`, child, ask, stop };
};

type Session = { cookie: string; csrf: string };
const login = async (base: string, username: string, password: string): Promise<Session> => {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { csrfToken?: string };
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken ?? '' };
};
/** A GET read to its end (the body is part of what the user waits for). */
const get = async (base: string, s: Session, url: string) => {
  const res = await fetch(`${base}${url}`, { headers: { cookie: s.cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.toString('utf8', 0, 300)}`);
  return body;
};

/** Outlets as the import template lays them out (customerImport.template.ts), Chinese headers. */
const writeImportFile = async (file: string, n: number, tag: string) => {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('客户导入');
  ws.addRow(customerColumns.map((c) => ('required' in c && c.required ? '*' : '') + c.zh)).commit();
  const formats = ['便利店', '超市', '食杂店', '烟酒商店'];
  const districts = ['西湖区', '上城区', '拱墅区', '滨江区', '余杭区'];
  for (let i = 0; i < n; i++) {
    const cells: Record<string, string> = {
      kind: '零售户',
      name: `压测${tag}${['惠民', '万家', '诚信', '便民'][i % 4]}${formats[i % formats.length]}${i}`,
      licenceNo: `BX${tag}${String(i).padStart(8, '0')}`,
      regionCode: `浙江省杭州市${districts[i % districts.length]}`,
      address: `文三路 ${(i % 900) + 1} 号`,
      phone: `139${String(i).padStart(8, '0')}`,
      industry: '批发和零售业',
      businessFormat: formats[i % formats.length]!,
      isKey: '否',
      stage: '维护',
    };
    ws.addRow(customerColumns.map((c) => cells[c.field] ?? '')).commit();
  }
  ws.commit();
  await wb.commit();
};

const benchOne = async (kind: 'sqlite' | 'postgres', databaseUrl?: string) => {
  const began = Date.now();
  const elapsed = () => `[${((Date.now() - began) / 1000).toFixed(0)} s]`;
  const dataDir = process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), `liaison-bench-${sizeName}`);
  const handle: DbHandle = openDatabase({ databaseUrl, dataDir, poolSize: 4 });
  const at = systemClock.now();
  await migrateToLatest(handle);
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'silent', JOBS: 'off', LIAISON_INDUSTRY: 'tobacco' });
  if (!(await handle.db.selectFrom('customer').select('id').limit(1).executeTakeFirst())) {
    console.log(`${kind}: generating ${size.customers.toLocaleString('en')} customers and ${size.visits.toLocaleString('en')} visits…`);
    await bootstrap(handle.db, 'tobacco', at);
    await seedDemo(handle.db, at);
    const r = await generateScale(handle, { customers: size.customers, visits: size.visits, at, databaseUrl });
    console.log(`${kind}: ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(0)} s (${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s)`);
  }
  const count = async (table: 'customer' | 'visit') => Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = { customers: await count('customer'), visits: await count('visit') };

  // Fixtures the bench owns (idempotent): a leader of the whole province, who exports every
  // customer and imports; targets for gleader1's unit this month, so its achievement measures
  // every enabled indicator for each of its managers.
  const root = await handle.db.selectFrom('orgUnit').select(['id']).where('parentId', 'is', null).executeTakeFirstOrThrow();
  let benchUser = await handle.db.selectFrom('appUser').select(['id']).where('username', '=', 'gbench').executeTakeFirst();
  if (!benchUser) {
    const row = newUserRow({ username: 'gbench', displayName: '压测省级负责人', passwordHash: await hashPassword('liaison-scale'), orgUnitId: root.id, mustChangePassword: false }, toIso(at));
    const role = await handle.db.selectFrom('role').select('id').where('code', '=', 'leader').executeTakeFirstOrThrow();
    await handle.db.insertInto('appUser').values(row).execute();
    await handle.db.insertInto('userRole').values({ userId: row.id, roleId: role.id }).execute();
    benchUser = { id: row.id };
  }
  const leader = await handle.db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'orgUnit.id as unitId', 'orgUnit.path'])
    .where('appUser.username', '=', 'gleader1')
    .executeTakeFirstOrThrow();
  const month = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  const indicators = await handle.db.selectFrom('indicator').select('id').where('enabled', '=', 1).execute();
  if (indicators.length)
    await handle.db
      .insertInto('unitTarget')
      .values(indicators.map((i) => ({ orgUnitId: leader.unitId, month, indicatorId: i.id, target: 100, differenceReason: null, setBy: leader.id, updatedAt: toIso(at) })))
      .onConflict((oc) => oc.doNothing())
      .execute();

  // The bare driver on its own connection.
  const sqliteFile = path.join(dataDir, 'liaison.db');
  const rawSqlite = kind === 'sqlite' ? new SQLite(sqliteFile, { readonly: true }) : null;
  const rawPg = kind === 'postgres' ? new pg.Client({ connectionString: databaseUrl }) : null;
  await rawPg?.connect();
  const run = async (q: Captured) => {
    if (rawSqlite) rawSqlite.prepare(q.sql).all(...(q.parameters as unknown[]));
    else await rawPg!.query(q.sql, q.parameters as unknown[]);
  };
  const planScans = async (q: Captured): Promise<string[]> => {
    if (rawSqlite) {
      const rows = rawSqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
      return rows.map((r) => r.detail.trim()).filter((d) => /^SCAN (customer|visit|contact|customer_search)\b/.test(d) && !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(d));
    }
    const res = await rawPg!.query(`explain ${q.sql}`, q.parameters as unknown[]);
    return res.rows.map((r) => String(r['QUERY PLAN']).trim()).filter((l) => /Seq Scan on (customer|visit|contact|customer_search)\b/.test(l));
  };

  // Who: a manager holding about 200 customers, a city leader, the province-wide auditor.
  const manager = await handle.db
    .selectFrom('appUser')
    .innerJoin('customer', 'customer.ownerId', 'appUser.id')
    .select(['appUser.username', (eb) => eb.fn.countAll().as('n')])
    .where('appUser.username', 'like', 'gmanager%')
    .groupBy('appUser.username')
    .orderBy(sql`abs(count(*) - 200)`)
    .executeTakeFirstOrThrow();
  const leaderManagers = Number(
    (
      await handle.db
        .selectFrom('appUser')
        .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('appUser.username', 'like', 'gmanager%')
        .where('orgUnit.path', 'like', `${leader.path}%`)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const sample = await handle.db.selectFrom('customer').select(['id', 'name', 'creditCode', 'phoneNorm']).where('ownerId', 'is not', null).where('creditCode', 'is not', null).orderBy('id').limit(1).executeTakeFirstOrThrow();
  const own = await handle.db
    .selectFrom('customer')
    .innerJoin('appUser', 'appUser.id', 'customer.ownerId')
    .select(['customer.id', 'customer.name', 'customer.nameInitials'])
    .where('appUser.username', '=', manager.username)
    .orderBy('customer.id')
    .limit(1)
    .executeTakeFirstOrThrow();

  const server = await startServer(databaseUrl, dataDir);
  const out: Record<string, unknown> = { db: kind, size: sizeName, counts, rounds: ROUNDS, machine: { cpus: os.cpus().length, loadAtStart: os.loadavg() } };
  try {
    const sessions: Record<string, Session> = {};
    for (const [u, password] of [
      [manager.username, 'liaison-scale'],
      ['gleader1', 'liaison-scale'],
      ['gbench', 'liaison-scale'],
      ['auditor1', 'liaison-demo'],
    ] as const)
      sessions[u] = await login(server.base, u, password);
    const firstPage = JSON.parse((await get(server.base, sessions.gleader1!, '/api/v1/customers?perPage=20&cursor=')).toString());
    const deepCursor = await (async () => {
      // Walk 50 pages by cursor once, to bench page 51 from its cursor.
      let cursor = firstPage.nextCursor as string;
      for (let i = 0; i < 49 && cursor; i++) cursor = JSON.parse((await get(server.base, sessions.gleader1!, `/api/v1/customers?perPage=20&cursor=${cursor}`)).toString()).nextCursor;
      return cursor;
    })();
    const enc = encodeURIComponent;
    const word = [...sample.name].slice(2, 6).join('');
    const cases: [string, string, string][] = [
      [`manager (${manager.n} customers): list page 1 by name`, manager.username, '/api/v1/customers?perPage=20'],
      ['manager: grade A/B, maintained, by last contact', manager.username, '/api/v1/customers?perPage=20&grade=A,B&stage=maintained&sort=-lastContactAt'],
      [`leader (${leaderManagers} managers): list page 1`, 'gleader1', '/api/v1/customers?perPage=20'],
      ['leader: page 50 by offset', 'gleader1', '/api/v1/customers?perPage=20&page=50'],
      ['leader: page 51 by cursor', 'gleader1', `/api/v1/customers?perPage=20&cursor=${deepCursor}`],
      ['auditor (province): list page 1', 'auditor1', '/api/v1/customers?perPage=20'],
      ['search, leader: Chinese substring (4 chars)', 'gleader1', `/api/v1/customers?perPage=20&q=${enc(word)}`],
      ['search, auditor: Chinese substring (4 chars)', 'auditor1', `/api/v1/customers?perPage=20&q=${enc(word)}`],
      ['search, leader: pinyin initials', 'gleader1', `/api/v1/customers?perPage=20&q=${own.nameInitials.slice(0, 3)}`],
      ['search, auditor: credit code', 'auditor1', `/api/v1/customers?perPage=20&q=${sample.creditCode}`],
      ['search, auditor: phone tail (8 digits)', 'auditor1', `/api/v1/customers?perPage=20&q=${sample.phoneNorm!.slice(-8)}`],
      ['search, manager: two short words', manager.username, `/api/v1/customers?perPage=20&q=${enc(`${[...own.name][0]} ${[...own.name].slice(-2).join('')}`)}`],
      ['search, leader: one character', 'gleader1', `/api/v1/customers?perPage=20&q=${enc('店')}`],
      ['customer detail', manager.username, `/api/v1/customers/${own.id}`],
      ['customer contacts', manager.username, `/api/v1/customers/${own.id}/contacts`],
      ['manager: visit feed', manager.username, '/api/v1/visits?perPage=20'],
      // As the visits page loads it ("load more", no total counted).
      ['manager: visit feed by cursor', manager.username, '/api/v1/visits?perPage=20&cursor='],
      ['leader: visit feed', 'gleader1', '/api/v1/visits?perPage=20'],
      ['manager: workbench', manager.username, '/api/v1/workbench'],
      ['leader: team coverage', 'gleader1', '/api/v1/team/coverage'],
      [`leader: unit monthly achievement (${leaderManagers} managers)`, 'gleader1', `/api/v1/plans/achievement?kind=month&period=${month}`],
    ];
    const rows: Row[] = [];
    console.log(`\n${elapsed()} ${kind} (${sizeName}): ${counts.customers.toLocaleString('en')} customers, ${counts.visits.toLocaleString('en')} visits; HTTP on 127.0.0.1; median of ${ROUNDS} rounds (ms)`);
    console.log('  ' + 'case'.padEnd(52) + 'API med   p95     raw med  ratio  stmts  full scans');
    for (const [name, user, url] of cases.filter(([n]) => !args.match || n.includes(args.match))) {
      const call = () => get(server.base, sessions[user]!, url);
      await call();
      await server.ask({ type: 'capture', on: true }, 'capturing');
      await call();
      const { queries } = await server.ask<{ queries: Captured[] }>({ type: 'capture', on: false }, 'captured');
      // Reads only: a GET may also write (the session's last use), which the raw side skips.
      const statements = queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql));
      const appMs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = process.hrtime.bigint();
        await call();
        appMs.push(ms(t0));
      }
      const raw: number[] = [];
      for (const q of statements) await run(q);
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = process.hrtime.bigint();
        for (const q of statements) await run(q);
        raw.push(ms(t0));
      }
      const scans: string[] = [];
      // One statement at a time: the raw PostgreSQL client is a single connection.
      for (const q of statements) for (const s of await planScans(q)) if (!scans.includes(s)) scans.push(s);
      const row: Row = { case: name, appMedian: median(appMs), appP95: p95(appMs), rawMedian: median(raw), ratio: median(appMs) / Math.max(median(raw), 0.001), statements: statements.length, scans };
      rows.push(row);
      console.log(
        `  ${name.padEnd(52)}${row.appMedian.toFixed(2).padStart(7)} ${row.appP95.toFixed(2).padStart(7)} ${row.rawMedian.toFixed(2).padStart(9)} ${row.ratio.toFixed(2).padStart(5)}× ${String(row.statements).padStart(5)}  ${scans.join('; ')}`,
      );
    }
    out.rows = rows;

    // Throughput: customer detail against the health route, 32 connections, same server.
    const cannon = async (url: string, s?: Session) => {
      const r = await autocannon({ url: `${server.base}${url}`, connections: 32, duration: size.seconds, headers: s ? { cookie: s.cookie } : {} });
      if (r.non2xx || r.errors) throw new Error(`autocannon ${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return { requestsPerSecond: r.requests.average, latencyMedianMs: r.latency.p50, latencyP99Ms: r.latency.p99, requests: r.requests.total };
    };
    if (runs('throughput')) {
      const health = await cannon('/api/health');
      const detail = await cannon(`/api/v1/customers/${own.id}`, sessions[manager.username]);
      out.throughput = { connections: 32, seconds: size.seconds, health, detail, ratio: detail.requestsPerSecond / health.requestsPerSecond, target: 0.4 };
      console.log(
        `\n  ${elapsed()} throughput, 32 connections, ${size.seconds} s each: health ${health.requestsPerSecond.toFixed(0)} req/s, customer detail ${detail.requestsPerSecond.toFixed(0)} req/s (p50 ${detail.latencyMedianMs} ms, p99 ${detail.latencyP99Ms} ms) → ${((100 * detail.requestsPerSecond) / health.requestsPerSecond).toFixed(0)} % (target ≥ 40 %)`,
      );
    }
    if (runs('export')) {
      // Export of every customer (.xlsx, streamed) by the province-wide leader.
      const t0 = process.hrtime.bigint();
      const book = await get(server.base, sessions.gbench!, '/api/v1/customers/export.xlsx');
      const exportMs = ms(t0);
      out.export = { rows: counts.customers, ms: exportMs, bytes: book.length, rowsPerSecond: counts.customers / (exportMs / 1000) };
      console.log(`  ${elapsed()} export of ${counts.customers.toLocaleString('en')} customers (.xlsx): ${(exportMs / 1000).toFixed(1)} s, ${(book.length / 1e6).toFixed(1)} MB, ${Math.round(counts.customers / (exportMs / 1000)).toLocaleString('en')} rows/s`);
    }

    if (runs('jobs') || runs('imports')) {
      // The nightly jobs over the whole dataset, each against one plain UPDATE pass over the rows
      // it examines; every one in a transaction rolled back, so the dataset stays as generated.
      const ctx = {
        get db() {
          return (ambientTx() as Db | undefined) ?? handle.db;
        },
        dbKind: handle.kind,
        config,
        clock: systemClock,
        log: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => ctx.log } as unknown as AppContext['log'],
        version: 'bench',
      } as AppContext;
      const ROLLBACK = new Error('rollback');
      const rolledBack = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
        let result: { ms: number; value: T } | null = null;
        try {
          await transaction(handle.db, async () => {
            const t0 = process.hrtime.bigint();
            const value = await fn();
            result = { ms: ms(t0), value };
            throw ROLLBACK;
          });
        } catch (e) {
          if (e !== ROLLBACK) throw e;
        }
        return result!;
      };
      const examined = async (where: string) => Number((await sql<{ n: number }>`select count(*) as n from customer where ${sql.raw(where)}`.execute(handle.db)).rows[0]!.n);
      const jobs: JobRow[] = [];
      const job = async (name: string, fn: () => Promise<number>, where: string, column: string) => {
        const j = await rolledBack(fn);
        const pass = await rolledBack(() => sql`update customer set ${sql.raw(column)} = ${sql.raw(column)} where ${sql.raw(where)}`.execute(ctx.db));
        const row: JobRow = { job: name, ms: j.ms, touched: j.value, examined: await examined(where), updatePassMs: pass.ms, ratio: j.ms / Math.max(pass.ms, 0.001) };
        jobs.push(row);
        console.log(`  ${name.padEnd(22)} ${(row.ms / 1000).toFixed(2).padStart(7)} s, ${row.touched.toLocaleString('en')} rows changed; one UPDATE pass over the ${row.examined.toLocaleString('en')} rows it examines ${(row.updatePassMs / 1000).toFixed(2)} s → ${row.ratio.toFixed(2)}× (target ≤ 2×)`);
      };
      if (runs('jobs')) {
        console.log(`\n  ${elapsed()} nightly jobs (each rolled back)`);
        await job('compliance', () => refreshCompliance(ctx.db, systemClock.now(), 'all'), '1 = 1', 'onsite_due_at');
        await job(
          'reclaim',
          async () => {
            const r = await runReclaim(ctx, systemClock.now());
            return r.reclaimed + r.warned;
          },
          'owner_id is not null',
          'reclaim_warned_at',
        );
        await job(
          'dormancy',
          async () => {
            const r = await runDormancy(ctx, systemClock.now());
            return r.dormant + r.lost;
          },
          "stage in ('won', 'maintained', 'dormant')",
          'stage_changed_at',
        );
        out.jobs = jobs;
      }

      if (runs('imports')) {
        // Import of N customers from .xlsx through the API, each size in a fresh server (its peak
        // RSS), against the raw driver's bulk insert of the same rows (read back, deleted, inserted).
        const imports: Record<string, unknown>[] = [];
        const writer = kind === 'sqlite' ? new SQLite(sqliteFile) : null;
        const exec = async (text: string, params: unknown[] = []) => {
          if (writer) return writer.prepare(text).run(...params);
          return rawPg!.query(text, params);
        };
        const selectAll = async (text: string, params: unknown[]) => (writer ? (writer.prepare(text).all(...params) as Record<string, unknown>[]) : (await rawPg!.query(text, params)).rows);
        const ph = (i: number) => (writer ? '?' : `$${i}`);
        const bulkInsert = async (table: string, rows: Record<string, unknown>[]) => {
          if (!rows.length) return;
          const cols = Object.keys(rows[0]!);
          const per = Math.max(1, Math.floor((writer ? 32_000 : 65_000) / cols.length));
          for (let i = 0; i < rows.length; i += per) {
            const chunk = rows.slice(i, i + per);
            const params: unknown[] = [];
            const tuples = chunk.map((r) => `(${cols.map((c) => (params.push(r[c]), ph(params.length))).join(', ')})`);
            await exec(`insert into ${table} (${cols.join(', ')}) values ${tuples.join(', ')}`, params);
          }
        };
        const deleteImported = async () => {
          await exec('delete from customer_event where customer_id in (select id from customer where created_by = ' + ph(1) + ')', [benchUser.id]);
          await exec('delete from customer_tag where customer_id in (select id from customer where created_by = ' + ph(1) + ')', [benchUser.id]);
          await exec('delete from customer where created_by = ' + ph(1), [benchUser.id]);
        };
        await deleteImported();
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-import-'));
        try {
          for (const n of size.imports) {
            const file = path.join(tmp, `customers-${n}.xlsx`);
            await writeImportFile(file, n, String(Date.now() % 1e6).padStart(6, '0'));
            const fileBytes = fs.statSync(file).size;
            // A fresh server per size for its own peak RSS; at tiny the running one (only proves the path).
            const s = size.freshServers ? await startServer(databaseUrl, dataDir) : server;
            let importMs = 0;
            let memory: { maxRssKb: number; rssKb: number };
            let idleRssKb = 0;
            try {
              idleRssKb = (await s.ask<{ maxRssKb: number }>({ type: 'memory' }, 'memory')).maxRssKb;
              const session = await login(s.base, 'gbench', 'liaison-scale');
              const form = new FormData();
              form.append('file', new Blob([fs.readFileSync(file)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `customers-${n}.xlsx`);
              const t0 = process.hrtime.bigint();
              const res = await fetch(`${s.base}/api/v1/imports`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
              const started = (await res.json()) as { id: string };
              if (res.status !== 202) throw new Error(`import: ${res.status} ${JSON.stringify(started).slice(0, 300)}`);
              let job: { status: string; importedRows: number; errorCount: number; errors: unknown[] };
              for (;;) {
                job = JSON.parse((await get(s.base, session, `/api/v1/imports/${started.id}`)).toString());
                if (job.status !== 'running') break;
                await sleep(n > 1000 ? 250 : 20);
              }
              importMs = ms(t0);
              if (job.status !== 'succeeded' || job.importedRows !== n) throw new Error(`import of ${n}: ${job.status}, ${job.importedRows} imported, ${job.errorCount} errors ${JSON.stringify(job.errors.slice(0, 3))}`);
              memory = await s.ask<{ maxRssKb: number; rssKb: number }>({ type: 'memory' }, 'memory');
            } finally {
              if (s !== server) await s.stop();
            }
            // The same rows: as the import wrote them, then inserted again through the bare driver.
            const customers = await selectAll('select * from customer where created_by = ' + ph(1), [benchUser.id]);
            const events = await selectAll('select * from customer_event where customer_id in (select id from customer where created_by = ' + ph(1) + ')', [benchUser.id]);
            if (customers.length !== n) throw new Error(`import of ${n}: ${customers.length} customers found`);
            await deleteImported();
            const t1 = process.hrtime.bigint();
            if (writer) writer.exec('begin');
            else await rawPg!.query('begin');
            await bulkInsert('customer', customers);
            await bulkInsert('customer_event', events);
            if (writer) writer.exec('commit');
            else await rawPg!.query('commit');
            const rawMs = ms(t1);
            await deleteImported();
            const row = {
              rows: n,
              fileBytes,
              importMs,
              importRowsPerSecond: n / (importMs / 1000),
              rawBulkInsertMs: rawMs,
              rawRowsPerSecond: n / (rawMs / 1000),
              ratio: importMs / rawMs,
              serverIdleMaxRssKb: idleRssKb,
              serverPeakRssKb: memory!.maxRssKb,
            };
            imports.push(row);
            console.log(
              `  ${elapsed()} import of ${n.toLocaleString('en')} customers (.xlsx, ${(fileBytes / 1e6).toFixed(1)} MB): ${(importMs / 1000).toFixed(1)} s, ${Math.round(row.importRowsPerSecond).toLocaleString('en')} rows/s; raw bulk insert ${(rawMs / 1000).toFixed(2)} s, ${Math.round(row.rawRowsPerSecond).toLocaleString('en')} rows/s → ${row.ratio.toFixed(1)}×; server peak RSS ${Math.round(row.serverPeakRssKb / 1024)} MB (idle ${Math.round(idleRssKb / 1024)} MB)`,
            );
          }
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
          writer?.close();
        }
        // The imports inserted and deleted their rows several times: on PostgreSQL leave no dead
        // rows behind, so the next run's requests meet the dataset as generated (a server whose
        // autovacuum is off, as on the CI machine, would otherwise read through them).
        await rawPg?.query('vacuum analyze customer, customer_event, customer_search, customer_tag');
        const [small, large] = imports as { serverPeakRssKb: number; rows: number }[];
        out.imports = imports;
        if (small && large) {
          out.importRssGrowth = { from: small.rows, to: large.rows, ratio: large.serverPeakRssKb / small.serverPeakRssKb, target: 1.3 };
          console.log(`  peak RSS at ${large.rows.toLocaleString('en')} vs ${small.rows.toLocaleString('en')} rows: ${(large.serverPeakRssKb / small.serverPeakRssKb).toFixed(2)}× (target ≤ 1.3×)`);
        }
      }
    }
  } finally {
    await server.stop();
  }

  // Tiny runs (npm test) only prove the bench still works; their figures are not kept.
  const dir = sizeName === 'tiny' ? path.join(os.tmpdir(), 'liaison-bench-results') : path.join(benchDir, 'results');
  fs.mkdirSync(dir, { recursive: true });
  // A run of some cases or parts only does not overwrite the day's full run.
  const partial = args.match || skipped.size ? '-partial' : '';
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${kind}-${sizeName}${partial}.json`);
  (out.machine as Record<string, unknown>).loadAtEnd = os.loadavg();
  fs.writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`  ${elapsed()} → ${path.relative(process.cwd(), file)}`);
  rawSqlite?.close();
  await rawPg?.end();
  await handle.close();
};

if (args.only !== 'postgres') await benchOne('sqlite');
if (args.only !== 'sqlite' && process.env.BENCH_DATABASE_URL) await benchOne('postgres', process.env.BENCH_DATABASE_URL);
