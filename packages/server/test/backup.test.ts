import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFile } from '../src/db/database.js';
import { buildCustomer } from './factories.js';
import { startTestApp, testDbKind, type TestApp } from './harness.js';

const run = promisify(execFile);
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the `liaison` CLI from source (`npm run liaison -- …` runs it compiled; build.test.ts covers that). */
const cli = async (args: string[], env: Record<string, string | undefined>) => {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli.ts', ...args], { cwd: serverDir, env: { ...base, LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
};

/** Every table's row count, read straight from the file. */
const rowCounts = (file: string): Record<string, number> => {
  const db = new SQLite(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_data' and name not like '%_idx' and name not like '%_content' and name not like '%_docsize' and name not like '%_config' order by name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) c from "${name}"`).get() as { c: number }).c]));
  } finally {
    db.close();
  }
};

const integrity = (file: string): string => {
  const db = new SQLite(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
};

describe.runIf(testDbKind === 'sqlite')('backup and restore of the embedded database (CLI)', () => {
  let app: TestApp;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-backup-'));

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('backs up a running server, restores into a fresh directory with the same rows and a passing integrity check, and serves from it', async () => {
    const manager = await app.login('manager1');
    await buildCustomer(manager, { name: '备份测试食杂店' });
    const source = rowCounts(sqliteFile(app.db.dataDir));
    expect(source.customer).toBeGreaterThan(0);

    const out = path.join(tmp, 'backup.db');
    const backup = await cli(['backup', '--out', out], { DATA_DIR: app.db.dataDir });
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('backup written');

    const fresh = path.join(tmp, 'restored');
    const restore = await cli(['restore', '--from', out], { DATA_DIR: fresh });
    expect(restore.code, restore.out).toBe(0);
    const restored = sqliteFile(fresh);
    expect(integrity(restored)).toBe('ok');
    expect(rowCounts(restored)).toEqual(source);

    // The restored directory serves: the new customer is there for its manager.
    const again = await startTestApp({ demo: false, env: { DATA_DIR: fresh } });
    try {
      const m = await again.login('manager1');
      const found = await m.get(`/api/v1/customers?q=${encodeURIComponent('备份测试食杂店')}`);
      expect(found.status).toBe(200);
      expect(found.body.data.map((c: { name: string }) => c.name)).toEqual(['备份测试食杂店']);
    } finally {
      await again.close();
    }
  });

  it('takes a consistent backup while the server keeps writing', async () => {
    const manager = await app.login('manager1');
    const out = path.join(tmp, 'during-writes.db');
    const writes = Promise.all(Array.from({ length: 20 }, (_, i) => buildCustomer(manager, { name: `写入中备份${i}号店` })));
    const backup = await cli(['backup', '--out', out], { DATA_DIR: app.db.dataDir });
    expect((await writes).length).toBe(20);
    expect(backup.code, backup.out).toBe(0);
    expect(integrity(out)).toBe('ok');
  });

  it('refuses a file that is not a Liaison backup and leaves the directory untouched', async () => {
    const junk = path.join(tmp, 'junk.db');
    const other = new SQLite(junk);
    other.exec('create table t (x)');
    other.close();
    const target = path.join(tmp, 'untouched');
    const restore = await cli(['restore', '--from', junk], { DATA_DIR: target });
    expect(restore.code).toBe(1);
    expect(restore.out).toContain('is not a Liaison backup');
    expect(fs.existsSync(sqliteFile(target))).toBe(false);
  });
});

describe.runIf(testDbKind === 'postgres')('backup on PostgreSQL', () => {
  it('points the operator to pg_dump instead of copying a file', async () => {
    const res = await cli(['backup', '--out', path.join(os.tmpdir(), 'never.db')], { DATABASE_URL: process.env.TEST_DATABASE_URL });
    expect(res.code).toBe(1);
    expect(res.out).toContain('pg_dump');
  });
});
