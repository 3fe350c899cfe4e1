// Temporary timing script (not committed): times a few requests through app.inject.
import os from 'node:os';
import { loadConfig } from './src/config.js';
import { systemClock } from './src/clock.js';
import { openDatabase } from './src/db/database.js';
import { buildApp } from './src/app.js';
import { migrateToLatest } from './src/db/migrate.js';
const databaseUrl = process.env.FEED_DATABASE_URL;
const dataDir = process.env.FEED_DATA_DIR ?? os.tmpdir();
const handle = openDatabase({ databaseUrl, dataDir, poolSize: 4 });
await migrateToLatest(handle);
const config = loadConfig({ DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'silent', JOBS: 'off', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LIAISON_INDUSTRY: 'tobacco' });
const { app } = await buildApp({ config, clock: systemClock, handle });
await app.ready();
const cookies: Record<string, string> = {};
for (const u of ['gleader1', 'gmanager5']) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: 'liaison-scale' } });
  cookies[u] = String(res.headers['set-cookie']).split(';')[0]!;
}
const cases: [string, string, string][] = [
  ['leader: visit feed', 'gleader1', '/api/v1/visits?perPage=20'],
  ['leader: visit feed page 5', 'gleader1', '/api/v1/visits?perPage=20&page=5'],
  ['leader: visit feed cursor', 'gleader1', '/api/v1/visits?perPage=20&cursor='],
  ['manager: visit feed', 'gmanager5', '/api/v1/visits?perPage=20'],
  ['leader: customers page 1', 'gleader1', '/api/v1/customers?perPage=20'],
  ['leader: team coverage', 'gleader1', '/api/v1/team/coverage'],
  ['manager: workbench', 'gmanager5', '/api/v1/workbench'],
];
for (const [label, u, url] of cases) {
  const times: number[] = [];
  let body: any;
  for (let i = 0; i < Number(process.env.ROUNDS ?? 5); i++) {
    const t = process.hrtime.bigint();
    const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies[u]! } });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    body = res.json();
    if (res.statusCode !== 200) console.log(res.statusCode, res.body.slice(0, 200));
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(30)} median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms  min ${times[0]!.toFixed(1)}  count ${body.count}${body.countCapped ? '+' : ''} rows ${body.data?.length}`);
}
await app.close();
await handle.close();
