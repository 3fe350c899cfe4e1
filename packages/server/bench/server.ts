/**
 * The bench's server: the app as `npm start` builds it (no jobs), listening on 127.0.0.1 at an
 * ephemeral port, in a child process of bench/run.ts so that its timings, throughput and peak
 * RSS are its own. Talks to the parent over IPC:
 *   → { type: 'ready', port }                       once listening
 *   ← { type: 'capture', on: true } → { type: 'capturing' }   start keeping the SQL the app runs (Kysely's query log)
 *   ← { type: 'capture', on: false } → { type: 'captured', queries }
 *   ← { type: 'memory' } → { type: 'memory', maxRssKb, rssKb }   peak RSS of this process (getrusage)
 * Configuration comes from the parent's environment: BENCH_SERVER_DATABASE_URL (PostgreSQL) or
 * BENCH_SERVER_DATA_DIR (SQLite).
 */
import type { LogEvent } from 'kysely';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/clock.js';
import { openDatabase } from '../src/db/database.js';
import { buildApp } from '../src/app.js';

type Captured = { sql: string; parameters: readonly unknown[] };
type Message = { type: 'capture'; on: boolean } | { type: 'memory' };

const databaseUrl = process.env.BENCH_SERVER_DATABASE_URL || undefined;
const dataDir = process.env.BENCH_SERVER_DATA_DIR!;
let capturing = false;
const captured: Captured[] = [];
const log = (e: LogEvent) => {
  if (capturing && e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
};
const handle = openDatabase({ databaseUrl, dataDir, log });
const config = loadConfig({
  DATA_DIR: dataDir,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  LOG_LEVEL: 'silent',
  JOBS: 'off',
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  LIAISON_INDUSTRY: 'tobacco',
});
const { app } = await buildApp({ config, clock: systemClock, handle });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const send = (m: unknown) => process.send!(m);
process.on('message', (m: Message) => {
  if (m.type === 'capture') {
    if (m.on) {
      captured.length = 0;
      capturing = true;
      send({ type: 'capturing' });
    } else {
      capturing = false;
      send({ type: 'captured', queries: captured.splice(0) });
    }
  } else if (m.type === 'memory') send({ type: 'memory', maxRssKb: process.resourceUsage().maxRSS, rssKb: Math.round(process.memoryUsage().rss / 1024) });
});
// The parent going away (or closing the channel) ends the server.
process.on('disconnect', () => {
  void app.close().then(() => handle.close()).finally(() => process.exit(0));
});
send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
