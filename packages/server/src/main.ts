import { sql } from 'kysely';
import { loadConfig } from './config.js';
import { systemClock } from './clock.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { bootstrap } from './seed/bootstrap.js';
import { DEMO_PASSWORD, demoUsers, seedDemo } from './seed/demo.js';
import { seedDemoCustomers } from './seed/demoCustomers.js';
import { seedDemoTickets } from './seed/demoTickets.js';
import { seedDemoVisits } from './seed/demoVisits.js';
import { seedDemoPlans } from './seed/demoPlans.js';
import { gradingJob } from './jobs/grading.job.js';
import { seedDemoNotifications } from './seed/demoNotifications.js';
import { buildApp } from './app.js';

const config = loadConfig();
const handle = openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  onIdleError: (err) => console.error(`database connection lost: ${err.message}`),
});
await migrateToLatest(handle);
const now = systemClock.now();
await bootstrap(handle.db, config.industry, now);
const seeded = config.demo ? await seedDemo(handle.db, now) : false;
const { app, runner, ctx, notifier } = await buildApp({ config, clock: systemClock, handle });
// Demo grades come from the demo's year of business figures, with their explanations; a year of
// visits follows the frequency rules, mostly.
if (seeded && (await seedDemoCustomers(handle.db, now))) {
  await seedDemoVisits(handle.db, now);
  // Month and week plans with their checks, computed from those visits and the figures.
  await seedDemoPlans(handle.db, now);
  // Graded as the nightly job would, so the run history and the grading page show the pass.
  await runner.runSlot(gradingJob, `demo:${now.toISOString()}`);
  // The day's reminders, through the real publish path, so the bell has them on first sign-in.
  await seedDemoNotifications(ctx, now);
  // A fresh database with a year of data: give the planner its statistics now.
  await sql`analyze`.execute(handle.db);
}
// Three months of tickets, so the ticket pages and statistics show real figures.
if (seeded) await seedDemoTickets(handle.db, now);

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  runner.stop();
  await notifier.stop();
  await app.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
if (config.jobs) {
  runner.start();
  notifier.start();
}

const where = handle.kind === 'sqlite' ? `SQLite ${config.dataDir}` : 'PostgreSQL';
console.log(`\nLiaison 客户经理工作台 is running at http://localhost:${config.port} (${where})`);
if (config.demo) {
  console.log(`${seeded ? 'Demo organisation created' : 'Demo organisation'} — demo-only accounts, password "${DEMO_PASSWORD}":`);
  console.log(`  ${demoUsers.map((u) => u.username).join(', ')}\n`);
}
