import type { Kysely } from 'kysely';

/**
 * Imports left 'running' by a version before decision 081 (an instance that died mid-import
 * before imports held a job-run lease) have no lease for the sweep to find, so they would stay
 * running for ever and their uploaders' pages poll for ever. They end as the sweep ends an
 * interrupted import: failed, message 'interrupted'. An import that does hold a lease row is
 * left to the sweep. (During a rolling upgrade an old instance still importing would see its
 * import marked failed until its own last write, which records the real outcome.)
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  await db
    .updateTable('import_job')
    .set({ status: 'failed', phase: 'done', message: 'interrupted', finished_at: new Date().toISOString() })
    .where('status', '=', 'running')
    .where('id', 'not in', db.selectFrom('job_run').select('slot').where('job', '=', 'customer.import'))
    .execute();
};
