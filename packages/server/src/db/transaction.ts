import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { AppError } from '../errors.js';
import type { Database, Db, Tx } from './schema.js';

type Open = { tx: Tx; open: boolean };
const ambient = new AsyncLocalStorage<Open>();

/**
 * The transaction this async flow runs in, if any. `ctx.db` answers with it, so code called
 * inside a transaction (a service inside an idempotent request, a helper inside a job step)
 * reads and writes in it — on SQLite's single connection anything else would wait for itself.
 * Work started inside and still running after the commit gets the plain database.
 */
export const ambientTx = (): Tx | undefined => {
  const cur = ambient.getStore();
  return cur?.open ? cur.tx : undefined;
};

/** Runs `fn` outside any ambient transaction (progress that others must see at once). */
export const outsideTx = <T>(fn: () => T): T => ambient.exit(fn);

const RETRYABLE_PG = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const RETRYABLE_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']);

/** Whether the database gave up on this transaction for a reason that a retry can cure. */
export const isRetryable = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (RETRYABLE_PG.has(code) || RETRYABLE_SQLITE.has(code));
};

export type TransactionOptions = {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One transaction around `fn`, the way every write in Liaison runs:
 * - inside an open transaction it joins it (the outermost one owns commit and retry);
 * - a deadlock or serialization failure (PostgreSQL) or a busy database (SQLite) rolls back and
 *   runs `fn` again, a bounded number of times with jittered backoff, so `fn` must not have side
 *   effects outside the database (notifications go through the outbox, which is in it);
 * - when the retries run out the caller gets 503 `busy` with nothing written — never a 500.
 */
export const transaction = async <T>(db: Kysely<Database>, fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> => {
  const joined = ambientTx();
  if (joined) return fn(joined);
  const attempts = opts.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const holder: Open = { tx: db, open: false };
    try {
      return await db.transaction().execute((tx) => {
        holder.tx = tx;
        holder.open = true;
        return ambient.run(holder, () => fn(tx));
      });
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (attempt >= attempts) throw new AppError('busy');
      await sleep(Math.round(10 * 2 ** attempt * (0.5 + Math.random())));
    } finally {
      holder.open = false;
    }
  }
};

/** Whether a query builder talks to PostgreSQL (the only place row locks are needed). */
export const isPostgres = (db: Tx | Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Application-wide lock names for work that has no row to lock (a calendar year being loaded,
 * the recompute of every customer's due times or grades), one number each so two uses never collide.
 */
const ADVISORY_LOCKS = { workCalendarYear: 4040, complianceRecompute: 4041, gradeRecompute: 4042 } as const;

/**
 * Serialises the holders of one named lock (and `sub`, e.g. a year) across app instances until
 * the transaction ends: a PostgreSQL advisory transaction lock; SQLite has one writer already.
 */
export const lockNamed = async (tx: Tx, name: keyof typeof ADVISORY_LOCKS, sub?: number): Promise<void> => {
  if (!isPostgres(tx)) return;
  const key = ADVISORY_LOCKS[name];
  await (sub === undefined ? sql`select pg_advisory_xact_lock(${key})` : sql`select pg_advisory_xact_lock(${key}, ${sub})`).execute(tx);
};

/**
 * Locks the row that a limit counts against ("at most 10 claims a day" locks the manager), so a
 * count-then-insert rule holds under concurrency: on PostgreSQL `SELECT … FOR UPDATE`, which
 * queues other writers on the same row until commit; SQLite has one writer at a time already.
 * Lock rows in one order (by table, then id) across the app so two writers cannot deadlock.
 */
export const lockRow = async (tx: Tx, table: keyof Database, id: string): Promise<boolean> => {
  const snake = table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (!isPostgres(tx)) {
    const row = await sql`select 1 as one from ${sql.table(snake)} where id = ${id}`.execute(tx);
    return row.rows.length > 0;
  }
  const row = await sql`select 1 as one from ${sql.table(snake)} where id = ${id} for update`.execute(tx);
  return row.rows.length > 0;
};
