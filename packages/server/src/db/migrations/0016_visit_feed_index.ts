import type { Kysely } from 'kysely';

/**
 * A leader's visit feed walks visits newest first and stops at a page (decision 076): the
 * feed's own order as an index, so a wide scope's first page reads a few hundred entries
 * instead of gathering and sorting all of the scope's visits.
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  await db.schema.createIndex('visit_start_idx').on('visit').columns(['start_at', 'id']).execute();
};
