/**
 * npm run bench -- [--size tiny|city|province] [--rounds N] [--only sqlite|postgres] [--match <case name part>]
 *
 * Measures the API end to end through Fastify's request pipeline (`app.inject`: routing,
 * session, validation, serialisation; no sockets) on a generated dataset (seed/scale.ts), and
 * the same SQL through the same driver: the statements the request ran, captured from the app's
 * own query log and replayed on a bare connection. Each statement's plan is checked with
 * EXPLAIN; a full scan of customer, visit, contact or customer_search is flagged in the table.
 * Prints a table and writes bench/results/<date>-<db>-<size>.json.
 *
 *   npm run bench -- --size city                                          # SQLite, 100,000 customers
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench npm run bench -- --size city --only postgres
 *
 * Datasets are kept between runs: SQLite in BENCH_DATA_DIR (default <tmp>/liaison-bench-<size>),
 * PostgreSQL in the database BENCH_DATABASE_URL names (generated there when it has no customers).
 * Drop them when done (rm -r the directory; DROP DATABASE).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { sql, type LogEvent } from 'kysely';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/clock.js';
import { openDatabase, type DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrap } from '../src/seed/bootstrap.js';
import { seedDemo } from '../src/seed/demo.js';
import { generateScale } from '../src/seed/scale.js';
import { buildApp } from '../src/app.js';
import { refreshCompliance } from '../src/modules/visits/compliance.js';

const { values: args } = parseArgs({
  options: { size: { type: 'string', default: 'city' }, rounds: { type: 'string' }, only: { type: 'string' }, match: { type: 'string' } },
});
const sizes = {
  tiny: { customers: 2_000, visits: 10_000 },
  city: { customers: 100_000, visits: 1_000_000 },
  province: { customers: 1_000_000, visits: 10_000_000 },
} as const;
const sizeName = (args.size ?? 'city') as keyof typeof sizes;
const size = sizes[sizeName];
if (!size) throw new Error(`--size must be one of ${Object.keys(sizes).join(', ')}`);
const ROUNDS = Number(args.rounds ?? process.env.BENCH_ROUNDS ?? (sizeName === 'tiny' ? 3 : 20));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

type Captured = { sql: string; parameters: readonly unknown[] };
type Row = { case: string; appMedian: number; appP95: number; rawMedian: number; ratio: number; statements: number; scans: string[] };

const benchOne = async (kind: 'sqlite' | 'postgres', databaseUrl?: string) => {
  const dataDir = process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), `liaison-bench-${sizeName}`);
  let capturing = false;
  const captured: Captured[] = [];
  const log = (e: LogEvent) => {
    if (capturing && e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
  };
  const handle: DbHandle = openDatabase({ databaseUrl, dataDir, poolSize: 4, log });
  const at = systemClock.now();
  await migrateToLatest(handle);
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'silent', JOBS: 'off', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LIAISON_INDUSTRY: 'tobacco' });
  if (!(await handle.db.selectFrom('customer').select('id').limit(1).executeTakeFirst())) {
    console.log(`${kind}: generating ${size.customers.toLocaleString('en')} customers and ${size.visits.toLocaleString('en')} visits…`);
    await bootstrap(handle.db, 'tobacco', at);
    await seedDemo(handle.db, at);
    const r = await generateScale(handle, { ...size, at, databaseUrl });
    console.log(`${kind}: ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(0)} s (${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s)`);
  }
  const counts = {
    customers: Number((await handle.db.selectFrom('customer').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    visits: Number((await handle.db.selectFrom('visit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  };
  const { app } = await buildApp({ config, clock: systemClock, handle });
  await app.ready();

  // The bare driver on its own connection.
  const rawSqlite = kind === 'sqlite' ? new SQLite(path.join(dataDir, 'liaison.db'), { readonly: true }) : null;
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
  const leaderUnit = await handle.db.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['orgUnit.path']).where('appUser.username', '=', 'gleader1').executeTakeFirstOrThrow();
  const leaderManagers = Number(
    (
      await handle.db
        .selectFrom('appUser')
        .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('appUser.username', 'like', 'gmanager%')
        .where('orgUnit.path', 'like', `${leaderUnit.path}%`)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const cookies: Record<string, string> = {};
  for (const [u, password] of [
    [manager.username, 'liaison-scale'],
    ['gleader1', 'liaison-scale'],
    ['auditor1', 'liaison-demo'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password } });
    if (res.statusCode !== 200) throw new Error(`login ${u}: ${res.statusCode} ${res.body}`);
    cookies[u] = res.headers['set-cookie'] ? String(res.headers['set-cookie']).split(';')[0]! : '';
  }
  const sample = await handle.db.selectFrom('customer').select(['id', 'name', 'creditCode', 'phoneNorm']).where('ownerId', 'is not', null).where('creditCode', 'is not', null).orderBy('id').limit(1).executeTakeFirstOrThrow();
  const own = await handle.db
    .selectFrom('customer')
    .innerJoin('appUser', 'appUser.id', 'customer.ownerId')
    .select(['customer.id', 'customer.name', 'customer.nameInitials'])
    .where('appUser.username', '=', manager.username)
    .orderBy('customer.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const word = [...sample.name].slice(2, 6).join('');
  const firstPage = await app.inject({ method: 'GET', url: '/api/v1/customers?perPage=20&cursor=', headers: { cookie: cookies.gleader1! } });
  const deepCursor = await (async () => {
    // Walk 50 pages by cursor once, to bench page 51 from its cursor.
    let cursor = JSON.parse(firstPage.body).nextCursor as string;
    for (let i = 0; i < 49 && cursor; i++) cursor = JSON.parse((await app.inject({ method: 'GET', url: `/api/v1/customers?perPage=20&cursor=${cursor}`, headers: { cookie: cookies.gleader1! } })).body).nextCursor;
    return cursor;
  })();
  const enc = encodeURIComponent;
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
    ['leader: visit feed', 'gleader1', '/api/v1/visits?perPage=20'],
    ['manager: workbench', manager.username, '/api/v1/workbench'],
    ['leader: team coverage', 'gleader1', '/api/v1/team/coverage'],
  ];
  const rows: Row[] = [];
  console.log(`\n${kind} (${sizeName}): ${counts.customers.toLocaleString('en')} customers, ${counts.visits.toLocaleString('en')} visits; median of ${ROUNDS} rounds (ms)`);
  console.log('  ' + 'case'.padEnd(52) + 'API med   p95     raw med  ratio  stmts  full scans');
  for (const [name, user, url] of cases.filter(([n]) => !args.match || n.includes(args.match))) {
    const call = async () => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
      if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    await call();
    captured.length = 0;
    capturing = true;
    await call();
    capturing = false;
    // Reads only: a GET may also write (the session's last use), which the raw side skips.
    const statements = captured.filter((q) => /^\s*(select|with)\b/i.test(q.sql));
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
  // The nightly compliance pass over every customer against one plain UPDATE pass over them.
  const jobs: Row[] = [];
  {
    const t0 = process.hrtime.bigint();
    await refreshCompliance(handle.db, systemClock.now(), 'all');
    const job = ms(t0);
    const t1 = process.hrtime.bigint();
    await sql`update customer set onsite_due_at = onsite_due_at`.execute(handle.db);
    const pass = ms(t1);
    jobs.push({ case: 'nightly compliance (all customers) vs one UPDATE pass', appMedian: job, appP95: job, rawMedian: pass, ratio: job / pass, statements: 2, scans: [] });
    console.log(`  ${'nightly compliance vs one UPDATE pass'.padEnd(52)}${job.toFixed(0).padStart(7)} ${''.padStart(7)} ${pass.toFixed(0).padStart(9)} ${(job / pass).toFixed(2).padStart(5)}×`);
  }
  // Tiny runs (npm test) only prove the bench still works; their figures are not kept.
  const dir = sizeName === 'tiny' ? path.join(os.tmpdir(), 'liaison-bench-results') : path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${kind}-${sizeName}.json`);
  fs.writeFileSync(file, JSON.stringify({ db: kind, size: sizeName, counts, rounds: ROUNDS, machine: { cpus: os.cpus().length, load: os.loadavg() }, rows, jobs }, null, 2));
  console.log(`  → ${path.relative(process.cwd(), file)}`);
  rawSqlite?.close();
  await rawPg?.end();
  await app.close();
  await handle.close();
};

if (args.only !== 'postgres') await benchOne('sqlite');
if (args.only !== 'sqlite' && process.env.BENCH_DATABASE_URL) await benchOne('postgres', process.env.BENCH_DATABASE_URL);
