import type { Kysely } from 'kysely';

/**
 * Customers won in a period (the plan indicator 新增成交客户, counted by who held each customer
 * at the win) are found by stage and the time of the stage change: without this index
 * PostgreSQL scanned every customer for each unit's monthly achievement (measured at 100,000
 * customers: a Seq Scan on customer in the achievement's plan).
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  await db.schema.createIndex('customer_stage_changed_idx').on('customer').columns(['stage', 'stage_changed_at']).execute();
};
