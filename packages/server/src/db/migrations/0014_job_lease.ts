import type { Kysely } from 'kysely';

// Several app instances on one database (decisions 073, 074).
export const up = async (db: Kysely<any>): Promise<void> => {
  // A run holds its slot only while its instance renews the lease (ISO-UTC text, like every
  // time here); a 'running' run whose lease has passed is taken over by another instance.
  await db.schema.alterTable('job_run').addColumn('lease_until', 'text').execute();
  // Which attempt at the slot the row describes: 1, then +1 for every takeover.
  await db.schema.alterTable('job_run').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('job_run_lease_idx').on('job_run').columns(['status', 'lease_until']).execute();
  // Runs left 'running' by an instance that died before leases existed: give them six hours from
  // their start (an older instance still running one during a rolling upgrade renews nothing).
  const stuck = await db.selectFrom('job_run').select(['id', 'started_at']).where('status', '=', 'running').execute();
  for (const r of stuck as { id: string; started_at: string }[])
    await db
      .updateTable('job_run')
      .set({ lease_until: new Date(new Date(r.started_at).getTime() + 6 * 3_600_000).toISOString() })
      .where('id', '=', r.id)
      .execute();

  // An import's phase, so any instance can answer "how far is it" from the row (processed_rows
  // and total_rows are already there and are now written while it runs).
  await db.schema.alterTable('import_job').addColumn('phase', 'text').execute();
};
