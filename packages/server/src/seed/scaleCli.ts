/**
 * npm run seed:scale -- --customers N --visits M [--managers K]
 *
 * Fills the configured database (DATABASE_URL, else SQLite in DATA_DIR) with a generated
 * province; see seed/scale.ts. Runs migrations and the bootstrap first; the demo org's users
 * (manager1, leader1, auditor1…) are added too, so the usual accounts can sign in.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { systemClock } from '../clock.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { bootstrap } from './bootstrap.js';
import { seedDemo } from './demo.js';
import { generateScale } from './scale.js';

const { values } = parseArgs({
  options: { customers: { type: 'string', default: '100000' }, visits: { type: 'string', default: '1000000' }, managers: { type: 'string' } },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100_000_000) {
    console.error(`--${name} must be a whole number, got ${v}`);
    process.exit(2);
  }
  return n;
};
const customers = num('customers', values.customers);
const visits = num('visits', values.visits);
const managers = values.managers === undefined ? undefined : num('managers', values.managers);

const config = loadConfig();
const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const at = systemClock.now();
await migrateToLatest(handle);
await bootstrap(handle.db, config.industry, at);
await seedDemo(handle.db, at);

const started = Date.now();
let lastDraw = 0;
let finished = '';
const bar = (phase: string, done: number, total: number) => {
  const t = Date.now();
  if (done >= total) {
    if (finished === phase) return;
    finished = phase;
  } else if (t - lastDraw < 200) return;
  lastDraw = t;
  const f = total ? Math.min(1, done / total) : 1;
  const width = 30;
  const fill = Math.round(f * width);
  const secs = (t - started) / 1000;
  process.stderr.write(`\r${phase.padEnd(11)} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${(f * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${secs.toFixed(0)} s   `);
  if (done >= total) process.stderr.write('\n');
};
try {
  const r = await generateScale(handle, { customers, visits, managers, at, databaseUrl: config.databaseUrl }, bar);
  console.log(
    `${handle.kind}: ${r.managers.toLocaleString('en')} managers, ${r.customers.toLocaleString('en')} customers, ${r.contacts.toLocaleString('en')} contacts, ${r.visits.toLocaleString('en')} visits, ${r.figures.toLocaleString('en')} business figures — ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s (${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s)`,
  );
  console.log('Generated users sign in with the password "liaison-scale" (gmanager1…, gleader1…); the demo accounts as usual.');
} catch (e) {
  console.error(`\n${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
