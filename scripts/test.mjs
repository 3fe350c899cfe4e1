#!/usr/bin/env node
// `npm test`: typecheck, lint, the integration suite on SQLite, again on PostgreSQL when
// TEST_DATABASE_URL is set (CI always sets it), then the browser tests in headless Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { summaryLines } from './testSummary.mjs';

const run = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { label, ok: res.status === 0 };
};

const steps = [];
const skipped = [];
steps.push(run('typecheck', 'npm', ['run', '-s', 'typecheck']));
steps.push(run('lint', 'npm', ['run', '-s', 'lint']));
steps.push(run('unit tests (shared)', 'npx', ['vitest', 'run', '--root', 'packages/shared']));
steps.push(run('unit tests (web)', 'npx', ['vitest', 'run', '--root', 'packages/web']));
steps.push(run('integration suite on SQLite', 'npx', ['vitest', 'run', '--root', 'packages/server'], { LIAISON_TEST_DB: 'sqlite' }));
if (process.env.TEST_DATABASE_URL) {
  steps.push(run('integration suite on PostgreSQL', 'npx', ['vitest', 'run', '--root', 'packages/server'], { LIAISON_TEST_DB: 'postgres' }));
  // test/nodes.test.ts (two instances behind nginx) skips itself without nginx; say so here.
  if (!['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => fs.existsSync(p))) {
    if (process.env.CI) steps.push({ label: 'two instances behind nginx: no nginx', ok: false });
    else skipped.push({ label: 'Two instances behind nginx', why: 'no nginx (apt-get install -y nginx)' });
  }
} else {
  skipped.push({ label: 'PostgreSQL', why: 'set TEST_DATABASE_URL (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test)' });
}
{
  // The benchmark once at the tiny size, so it never rots (no timing asserted).
  const dir = fs.mkdtempSync(`${os.tmpdir()}/liaison-bench-tiny-`);
  steps.push(run('benchmark at the tiny size (runs, not timed)', 'npm', ['run', '-s', 'bench', '--', '--size', 'tiny', '--only', 'sqlite', '--rounds', '1'], { BENCH_DATA_DIR: dir }));
  fs.rmSync(dir, { recursive: true, force: true });
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(chromium)) {
  steps.push(run('browser tests in headless Chromium', 'npx', ['vitest', 'run', '-c', 'packages/web/vitest.e2e.config.ts']));
} else if (process.env.CI) {
  steps.push({ label: `browser tests: no Chromium at ${chromium}`, ok: false });
} else {
  skipped.push({ label: 'Browser', why: `no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH)` });
}

const failed = steps.filter((s) => !s.ok);
for (const line of summaryLines(steps, skipped)) console.log(line);
process.exit(failed.length ? 1 : 0);
