import type { Kysely } from 'kysely';

export const up = async (db: Kysely<any>): Promise<void> => {
  // The character encoding a CSV import was read in ('utf-8' or 'gb18030'); null for .xlsx.
  await db.schema.alterTable('import_job').addColumn('encoding', 'text').execute();
};
