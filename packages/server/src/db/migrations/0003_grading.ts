import type { Kysely } from 'kysely';

export const up = async (db: Kysely<any>): Promise<void> => {
  // Judged potential 0–100 for customers without business yet (the manuals' fourth method).
  await db.schema.alterTable('customer').addColumn('potential_score', 'integer').execute();
  await db.schema
    .createTable('grade_result')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('grade', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .execute();
};
