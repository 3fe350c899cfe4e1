#!/usr/bin/env node
// `npm test`: typecheck, lint, the integration suite on SQLite, again on PostgreSQL when
// TEST_DATABASE_URL is set (CI always sets it), then the browser tests in headless Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const run = (label, cmd, args, env = {}) => {
  console.log(`\n▶ ${label}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { label, ok: res.status === 0 };
};

const steps = [];
steps.push(run('typecheck', 'npm', ['run', '-s', 'typecheck']));
steps.push(run('lint', 'npm', ['run', '-s', 'lint']));
steps.push(run('unit tests (shared)', 'npx', ['vitest', 'run', '--root', 'packages/shared']));
steps.push(run('unit tests (web)', 'npx', ['vitest', 'run', '--root', 'packages/web']));
steps.push(run('integration suite on SQLite', 'npx', ['vitest', 'run', '--root', 'packages/server'], { LIAISON_TEST_DB: 'sqlite' }));
if (process.env.TEST_DATABASE_URL) {
  steps.push(run('integration suite on PostgreSQL', 'npx', ['vitest', 'run', '--root', 'packages/server'], { LIAISON_TEST_DB: 'postgres' }));
} else {
  console.log('\n(TEST_DATABASE_URL not set: skipping the PostgreSQL run; e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test)');
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
  console.log(`\n(no Chromium at ${chromium}: skipping browser tests; apt-get install -y chromium)`);
}

const failed = steps.filter((s) => !s.ok);
console.log('\nSummary:');
for (const s of steps) console.log(`  ${s.ok ? '✓' : '✗'} ${s.label}`);
console.log(`${steps.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
