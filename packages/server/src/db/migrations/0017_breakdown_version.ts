import type { Kysely } from 'kysely';

/**
 * A unit's month breakdown carries a version (decision 066): one row per unit and month that
 * has been saved, bumped by every save of that unit's breakdown and by a change of the share
 * the unit above gave it. A unit and month without a row is at version 1.
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  await db.schema
    .createTable('unit_breakdown')
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_breakdown_pk', ['org_unit_id', 'month'])
    .execute();
};
