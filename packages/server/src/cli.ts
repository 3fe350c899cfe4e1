import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadConfig } from './config.js';
import { systemClock } from './clock.js';
import { openDatabase, sqliteFile } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { bootstrap } from './seed/bootstrap.js';
import { toIso } from './db/dialect.js';
import { newUserRow } from './modules/users/user.row.js';
import { hashPassword, passwordProblems } from './modules/auth/password.js';
import { recordAudit } from './modules/auditLog/audit.js';

const usage = `Liaison command line

  npm run liaison -- admin create --username NAME --password PASS [--name 显示名]
      Creates an administrator at the root org unit (the first admin of a new installation).
  npm run liaison -- backup --out FILE
      Online backup of the SQLite database (safe while Liaison runs).
  npm run liaison -- restore --from FILE
      Replaces the SQLite database with a backup. Stop Liaison first.
  npm run liaison -- migrate
      Applies pending database migrations (start does this too).

The database is chosen as for start: DATABASE_URL for PostgreSQL, else SQLite under DATA_DIR.
For PostgreSQL backups use pg_dump / pg_restore (see docs/OPERATIONS.md).`;

// Paths given on the command line are relative to where the operator ran npm, as DATA_DIR is.
const fromUser = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

const fail = (msg: string): never => {
  console.error(msg);
  process.exit(1);
};

const main = async () => {
  const argv = process.argv.slice(2);
  const [cmd, sub] = argv;
  const { values } = parseArgs({
    args: argv.filter((a) => a.startsWith('--') || !['admin', 'create', 'backup', 'restore', 'migrate'].includes(a)),
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
    },
    allowPositionals: true,
  });
  const config = loadConfig();

  if (cmd === 'admin' && sub === 'create') {
    const username = values.username ?? fail('--username is required');
    const password = values.password ?? fail('--password is required');
    if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) fail('username: 3–32 letters, digits, _ . -');
    const problems = passwordProblems(password, username);
    if (problems.length) fail('password: at least 10 characters and must not contain the username');
    const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(handle);
    const now = systemClock.now();
    await bootstrap(handle.db, config.industry, now);
    const exists = await handle.db.selectFrom('appUser').select('id').where('usernameLower', '=', username.toLowerCase()).executeTakeFirst();
    if (exists) {
      await handle.close();
      fail(`user ${username} already exists`);
    }
    const root = await handle.db.selectFrom('orgUnit').select('id').where('parentId', 'is', null).executeTakeFirstOrThrow();
    const role = await handle.db.selectFrom('role').select('id').where('code', '=', 'admin').executeTakeFirstOrThrow();
    const row = newUserRow({ username, displayName: values.name ?? username, passwordHash: await hashPassword(password), orgUnitId: root.id, mustChangePassword: false }, toIso(now));
    const id = row.id;
    await handle.db.transaction().execute(async (tx) => {
      await tx.insertInto('appUser').values(row).execute();
      await tx.insertInto('userRole').values({ userId: id, roleId: role.id }).execute();
      await recordAudit(tx, now, { userId: null, displayName: 'cli' }, null, { action: 'create', entity: 'user', entityId: id, detail: { username, via: 'cli' } });
    });
    await handle.close();
    console.log(`admin ${username} created`);
    return;
  }

  if (cmd === 'migrate') {
    const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrateToLatest(handle);
    await handle.close();
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return;
  }

  if (cmd === 'backup' || cmd === 'restore') {
    if (config.databaseUrl) fail('DATABASE_URL is set: back up PostgreSQL with pg_dump (docs/OPERATIONS.md)');
    const file = sqliteFile(config.dataDir);
    if (cmd === 'backup') {
      const out = fromUser(values.out ?? fail('--out is required'));
      if (!fs.existsSync(file)) fail(`no database at ${file}`);
      const db = new SQLite(file, { readonly: true });
      // SQLite's online backup API: consistent even while the app writes.
      await db.backup(out);
      db.close();
      console.log(`backup written to ${out} (${fs.statSync(out).size} bytes)`);
      return;
    }
    const from = fromUser(values.from ?? fail('--from is required'));
    if (!fs.existsSync(from)) fail(`no backup at ${from}`);
    const check = new SQLite(from, { readonly: true });
    const ok = check.pragma('integrity_check', { simple: true });
    const hasUsers = check.prepare("select count(*) c from sqlite_master where name = 'app_user'").get() as { c: number };
    check.close();
    if (ok !== 'ok' || hasUsers.c !== 1) fail(`${from} is not a Liaison backup (integrity: ${String(ok)})`);
    fs.mkdirSync(config.dataDir, { recursive: true });
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    const tmp = `${file}.restoring`;
    fs.copyFileSync(from, tmp);
    fs.renameSync(tmp, file);
    console.log(`restored ${from} into ${file}`);
    return;
  }

  console.log(usage);
  if (cmd && cmd !== 'help' && cmd !== '--help') process.exit(1);
};

await main();
