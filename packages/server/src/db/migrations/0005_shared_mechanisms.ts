import { sql, type Kysely } from 'kysely';

/**
 * Mechanisms several modules share: one primary contact per customer enforced by the database,
 * idempotency keys, attachment storage in the database (so every app instance sees every file),
 * and the notification outbox that modules publish events into inside their own transactions.
 */
export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  // Earlier races could leave several primaries; keep the most recently updated one.
  await sql`
    update contact set is_primary = 0
    where is_primary = 1 and exists (
      select 1 from contact newer
      where newer.customer_id = contact.customer_id and newer.is_primary = 1
        and (newer.updated_at > contact.updated_at or (newer.updated_at = contact.updated_at and newer.id > contact.id))
    )`.execute(db);
  await db.schema
    .createIndex('contact_one_primary_uq')
    .on('contact')
    .column('customer_id')
    .unique()
    .where(sql.ref('is_primary'), '=', 1)
    .execute();

  await db.schema
    .createTable('idempotency_key')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_key_created_idx').on('idempotency_key').column('created_at').execute();

  await db.schema
    .createTable('attachment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachment_owner_idx').on('attachment').columns(['owner_type', 'owner_id', 'created_at']).execute();

  await db.schema
    .createTable('outbox_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_event_pending_idx').on('outbox_event').columns(['processed_at', 'created_at']).execute();
  await db.schema.createIndex('outbox_event_dedupe_uq').on('outbox_event').column('dedupe_key').unique().execute();
};
