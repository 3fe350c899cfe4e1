import type { Kysely } from 'kysely';

export const up = async (db: Kysely<any>): Promise<void> => {
  // The workbench's "due for reclaim" list filters on it, led by the owner like the other lists.
  await db.schema.createIndex('customer_reclaim_warned_idx').on('customer').columns(['owner_id', 'reclaim_warned_at']).execute();
};
