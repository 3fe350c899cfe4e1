import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DbHandle } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_customer_archive.js';
import * as m0003 from './migrations/0003_grading.js';
import * as m0004 from './migrations/0004_reclaim_warning_index.js';
import * as m0005 from './migrations/0005_shared_mechanisms.js';
import * as m0007 from './migrations/0007_visits.js';
import * as m0008 from './migrations/0008_notifications.js';
import * as m0009 from './migrations/0009_tickets.js';
import * as m0010 from './migrations/0010_plans.js';
import * as m0011 from './migrations/0011_ux.js';
import * as m0012 from './migrations/0012_search_index.js';
import * as m0013 from './migrations/0013_import_encoding.js';
import * as m0014 from './migrations/0014_job_lease.js';
import * as m0015 from './migrations/0015_customer_ownership.js';
import * as m0016 from './migrations/0016_visit_feed_index.js';
import * as m0017 from './migrations/0017_breakdown_version.js';
import * as m0018 from './migrations/0018_customer_stage_change_index.js';
import * as m0019 from './migrations/0019_imports_left_running.js';

type DialectMigration = { up: (db: any, dialect: DbHandle['kind']) => Promise<void> };

// Listed explicitly (not read from disk) so the same list runs under tsx, tests and bundles.
const migrations: Record<string, DialectMigration> = {
  '0001_foundation': m0001,
  '0002_customer_archive': m0002,
  '0003_grading': m0003,
  '0004_reclaim_warning_index': m0004,
  '0005_shared_mechanisms': m0005,
  '0007_visits': m0007,
  '0008_notifications': m0008,
  '0009_tickets': m0009,
  '0010_plans': m0010,
  '0011_ux': m0011,
  '0012_search_index': m0012,
  '0013_import_encoding': m0013,
  '0014_job_lease': m0014,
  '0015_customer_ownership': m0015,
  '0016_visit_feed_index': m0016,
  '0017_breakdown_version': m0017,
  '0018_customer_stage_change_index': m0018,
  '0019_imports_left_running': m0019,
};

export const migrateToLatest = async (handle: DbHandle): Promise<string[]> => {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, m]): [string, Migration] => [name, { up: (db) => m.up(db, handle.kind) }]),
      ),
  };
  // Modules land in parallel branches; a database that ran a later-numbered module first still
  // takes an earlier-numbered one (each migration touches its own tables).
  const migrator = new Migrator({ db: handle.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
};
