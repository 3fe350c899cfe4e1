import { sql, type Kysely } from 'kysely';

/**
 * Notifications: in-app entries and outside deliveries fanned out from the outbox
 * (0005 `outbox_event`), every delivery attempt, per-user preferences, leaders' required
 * events, group robots per org unit, and the morning digest made once per user and day.
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  await db.schema
    .createTable('notification_preference')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('digest_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('digest_time', 'text', (c) => c.notNull().defaultTo('08:00'))
    .addColumn('quiet_hours', 'text')
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_preference_digest_idx').on('notification_preference').columns(['digest_time']).execute();

  await db.schema
    .createTable('notification_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_rule_uq').on('notification_rule').columns(['org_unit_id', 'event_type', 'channel']).unique().execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_event_user_uq').on('notification').columns(['event_id', 'user_id']).unique().execute();
  // The list (newest first, optionally by type) and the unread count.
  await db.schema.createIndex('notification_user_created_idx').on('notification').columns(['user_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('notification_user_type_idx').on('notification').columns(['user_id', 'type', 'created_at']).execute();
  await db.schema.createIndex('notification_user_unread_idx').on('notification').columns(['user_id', 'read_at']).execute();

  await db.schema
    .createTable('notification_delivery')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_delivery_uq').on('notification_delivery').columns(['event_id', 'channel', 'target_id']).unique().execute();
  await db.schema.createIndex('notification_delivery_due_idx').on('notification_delivery').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('notification_delivery_target_idx').on('notification_delivery').columns(['target_id', 'status']).execute();
  await db.schema.createIndex('notification_delivery_channel_idx').on('notification_delivery').columns(['channel', 'status']).execute();

  await db.schema
    .createTable('notification_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('notification_delivery.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('instance', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_attempt_delivery_idx').on('notification_attempt').columns(['delivery_id', 'attempt']).execute();
  await db.schema.createIndex('notification_attempt_started_idx').on('notification_attempt').columns(['started_at']).execute();

  await db.schema
    .createTable('notification_robot')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url_enc', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('url_hint', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_robot_unit_idx').on('notification_robot').columns(['org_unit_id']).execute();

  await db.schema
    .createTable('notification_digest')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('digest_date', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_digest_uq').on('notification_digest').columns(['user_id', 'digest_date']).unique().execute();

  // Fan-out picks unprocessed events only; a partial index keeps that a small scan.
  await sql`create index outbox_event_unprocessed_idx on outbox_event (created_at) where processed_at is null`.execute(db);
  // Built-in roles get notification.manage / notification.admin on upgrade through
  // bootstrap's grantNewPermissions, like every module's new permissions.
};
