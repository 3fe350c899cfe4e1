/**
 * npm run bench — speed of the customer archive at scale, as ratios against the raw database
 * doing the same work (never absolute timings, never asserted in tests).
 *
 *   BENCH_CUSTOMERS=100000 npm run bench                       # SQLite (a city branch)
 *   BENCH_DATABASE_URL=postgres://…/postgres npm run bench     # also PostgreSQL
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { completeCreditCode, normalizeCompanyName, pinyinKeys, pinyinSortKey } from '@liaison/shared';
import { loadConfig } from '../src/config.js';
import { FrozenClock } from '../src/clock.js';
import { openDatabase, type DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { bootstrap } from '../src/seed/bootstrap.js';
import { seedDemo } from '../src/seed/demo.js';
import { newId, toIso } from '../src/db/dialect.js';
import { buildAuth } from '../src/modules/auth/auth.service.js';
import { listCustomers } from '../src/modules/customers/customer.service.js';
import type { AppContext } from '../src/context.js';

const N = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

const time = async (fn: () => Promise<unknown>) => {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
};

const words = '惠民便民万家福源兴隆鑫鑫佳佳顺发百姓旺旺金穗阳光东升和顺利民永盛家乐如意新华招商建设工商农业'.split('');

const fill = async (handle: DbHandle, at: Date) => {
  const managers = await handle.db.selectFrom('appUser').select(['id', 'orgUnitId']).where('username', 'like', 'manager%').execute();
  const now = toIso(at);
  const t0 = Date.now();
  for (let i = 0; i < N; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      const m = managers[j % managers.length]!;
      const name = `${words[j % words.length]}${words[(j * 7) % words.length]}${words[(j * 13) % words.length]}商店${j}`;
      const keys = pinyinKeys(name);
      rows.push({
        id: newId(), kind: 'enterprise', name, nameNorm: normalizeCompanyName(name), namePinyin: keys.full, nameInitials: keys.initials, sortKey: pinyinSortKey(name),
        creditCode: completeCreditCode(`91330106${String(j).padStart(8, '0')}`), phone: `138${String(j).padStart(8, '0')}`, phoneNorm: `138${String(j).padStart(8, '0')}`,
        regionCode: '330106', provinceCode: '33', cityCode: '3301', businessFormat: j % 3 ? 'grocery' : 'convenience', tags: '[]', isKey: j % 20 === 0 ? 1 : 0, isLocked: 0,
        stage: 'maintained', stageChangedAt: now, ownerId: m.id, orgUnitId: m.orgUnitId, lastContactAt: toIso(new Date(at.getTime() - (j % 60) * 86_400_000)),
        version: 1, createdAt: now, updatedAt: now,
      });
    }
    await handle.db.insertInto('customer').values(rows as any).execute();
  }
  return (Date.now() - t0) / 1000;
};

const benchOne = async (label: string, databaseUrl: string | undefined) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'silent', LIAISON_INDUSTRY: 'tobacco' });
  const handle = openDatabase({ databaseUrl, dataDir });
  const clock = new FrozenClock(new Date('2026-11-23T02:00:00Z'));
  await migrateToLatest(handle);
  await bootstrap(handle.db, 'tobacco', clock.now());
  await seedDemo(handle.db, clock.now());
  const seconds = await fill(handle, clock.now());
  if (handle.kind === 'postgres') await sql`analyze`.execute(handle.db);
  const ctx = { db: handle.db, dbKind: handle.kind, config, clock, log: console as any, version: 'bench' } as AppContext;
  const userId = async (u: string) => (await handle.db.selectFrom('appUser').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const manager = (await buildAuth(ctx, await userId('manager1'), 'token', null))!;
  const leader = (await buildAuth(ctx, await userId('leader1'), 'token', null))!;
  const raw = handle.kind === 'sqlite' ? (handle.db as any) : null;
  const rawQuery = async (text: string, params: unknown[]) => {
    // The same SQL straight on the driver, without the app's layers.
    await sql.raw(text.replace(/\$(\d+)/g, (_, i) => `'${String(params[Number(i) - 1]).replace(/'/g, "''")}'`)).execute(handle.db);
  };
  const cases: { name: string; app: () => Promise<unknown>; raw: () => Promise<unknown> }[] = [
    {
      name: 'manager: own customers, page 1 by pinyin',
      app: () => listCustomers(ctx, manager, { perPage: 20, sort: 'name' }),
      raw: async () => {
        await rawQuery(`select count(*) from customer where owner_id = $1`, [manager.userId]);
        await rawQuery(`select * from customer where owner_id = $1 order by sort_key, id limit 20`, [manager.userId]);
      },
    },
    {
      name: 'leader: subtree, page 50 by pinyin',
      app: () => listCustomers(ctx, leader, { perPage: 20, page: 50, sort: 'name' }),
      raw: async () => {
        const sub = `select id from org_unit where path like '${leader.orgUnitPath}%'`;
        await rawQuery(`select count(*) from customer where org_unit_id in (${sub})`, []);
        await rawQuery(`select * from customer where org_unit_id in (${sub}) order by sort_key, id limit 20 offset 980`, []);
      },
    },
    {
      name: 'leader: search by pinyin initials',
      app: () => listCustomers(ctx, leader, { perPage: 20, q: 'hmb' }),
      raw: async () => {
        const sub = `select id from org_unit where path like '${leader.orgUnitPath}%'`;
        await rawQuery(`select count(*) from customer where org_unit_id in (${sub}) and (name_initials like 'hmb%' or name_pinyin like 'hmb%' or name like '%hmb%')`, []);
        await rawQuery(`select * from customer where org_unit_id in (${sub}) and (name_initials like 'hmb%' or name_pinyin like 'hmb%' or name like '%hmb%') order by sort_key, id limit 20`, []);
      },
    },
    {
      name: 'leader: key customers not contacted for 30 days',
      app: () => listCustomers(ctx, leader, { perPage: 20, isKey: 'true', lastContactBefore: new Date(clock.now().getTime() - 30 * 86_400_000).toISOString() }),
      raw: async () => {
        const sub = `select id from org_unit where path like '${leader.orgUnitPath}%'`;
        const cut = toIso(new Date(clock.now().getTime() - 30 * 86_400_000));
        await rawQuery(`select count(*) from customer where org_unit_id in (${sub}) and is_key = 1 and (last_contact_at < '${cut}' or last_contact_at is null)`, []);
        await rawQuery(`select * from customer where org_unit_id in (${sub}) and is_key = 1 and (last_contact_at < '${cut}' or last_contact_at is null) order by sort_key, id limit 20`, []);
      },
    },
  ];
  console.log(`\n${label}: ${N.toLocaleString()} customers (inserted in ${seconds.toFixed(1)} s), median of ${ROUNDS} rounds`);
  console.log('  case'.padEnd(56) + 'app ms   raw ms   ratio');
  for (const c of cases) {
    const a = await time(c.app);
    const r = await time(c.raw);
    console.log(`  ${c.name.padEnd(54)}${a.toFixed(2).padStart(6)}  ${r.toFixed(2).padStart(7)}  ${(a / r).toFixed(2).padStart(6)}×`);
  }
  void raw;
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
};

await benchOne('SQLite', undefined);
if (process.env.BENCH_DATABASE_URL) {
  const base = process.env.BENCH_DATABASE_URL;
  const name = `liaison_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    await benchOne('PostgreSQL', url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
