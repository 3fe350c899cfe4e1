import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import type { Database, Db } from './schema.js';

export type DbKind = 'sqlite' | 'postgres';
/** `sqlite`: the bare connection under `db`, for bulk paths that prepare their own statements (the scale generator). */
export type DbHandle = { db: Db; kind: DbKind; close: () => Promise<void>; sqlite?: SQLite.Database };

// INT8 (count(*), sums) as JS numbers; our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** `log`: every query the app runs, as compiled (the bench replays them on the bare driver). */
export const openDatabase = (opts: { databaseUrl?: string; dataDir: string; poolSize?: number; onIdleError?: (err: Error) => void; log?: (event: LogEvent) => void }): DbHandle => {
  const plugins = [new CamelCasePlugin()];
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover) must not crash the process; the
    // pool replaces it on next use.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins, ...(opts.log ? { log: opts.log } : {}) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'liaison.db');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged, also across power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Planner statistics: without them SQLite may pick a poor index for a correlated subquery
  // (a whole status's visits per customer instead of the customer's own). Cheap at open; the
  // nightly job runs it again as data grows.
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins, ...(opts.log ? { log: opts.log } : {}) });
  return { db, kind: 'sqlite', close: () => db.destroy(), sqlite };
};

export const sqliteFile = (dataDir: string): string => path.join(dataDir, 'liaison.db');
