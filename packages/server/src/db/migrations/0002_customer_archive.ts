import { sql, type Kysely } from 'kysely';

export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  // Pinyin order is byte order of the sort key; SQLite compares bytes already.
  const byteOrder = dialect === 'postgres' ? sql`collate "C"` : sql``;
  await db.schema
    .createTable('pool')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    /** Customers one manager may hold at most (N), claims per day (M), re-claim cooldown (K days). */
    .addColumn('max_held', 'integer', (c) => c.notNull().defaultTo(200))
    .addColumn('max_claims_per_day', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('reclaim_cooldown_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pool_org_unit_idx').on('pool').column('org_unit_id').execute();

  await db.schema
    .createTable('customer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull().modifyEnd(byteOrder))
    .addColumn('credit_code', 'text')
    .addColumn('id_number', 'text')
    .addColumn('licence_no', 'text')
    .addColumn('province_code', 'text')
    .addColumn('city_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('phone_norm', 'text')
    .addColumn('legal_person', 'text')
    .addColumn('industry', 'text')
    .addColumn('ownership', 'text')
    .addColumn('scale', 'text')
    .addColumn('business_format', 'text')
    .addColumn('market_type', 'text')
    .addColumn('source', 'text')
    .addColumn('needs', 'text')
    .addColumn('purchase_channel', 'text')
    .addColumn('sales_channel', 'text')
    .addColumn('remark', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_changed_at', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('grade_override', 'text')
    .addColumn('grade_explanation', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('pool_id', 'text', (c) => c.references('pool.id'))
    .addColumn('previous_owner_id', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('released_at', 'text')
    .addColumn('last_contact_at', 'text')
    .addColumn('last_business_at', 'text')
    .addColumn('reclaim_warned_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Hard duplicates are impossible at the database level too (NULLs do not collide).
  await db.schema.createIndex('customer_credit_code_uq').on('customer').column('credit_code').unique().execute();
  await db.schema.createIndex('customer_id_number_uq').on('customer').column('id_number').unique().execute();
  await db.schema.createIndex('customer_licence_no_uq').on('customer').column('licence_no').unique().execute();
  // One index per list filter and sort, led by the scope columns lists always filter on.
  const idx: [string, string[]][] = [
    ['customer_owner_idx', ['owner_id', 'sort_key']],
    ['customer_unit_idx', ['org_unit_id', 'sort_key']],
    ['customer_pool_idx', ['pool_id', 'sort_key']],
    ['customer_stage_idx', ['stage', 'org_unit_id']],
    ['customer_grade_idx', ['grade', 'org_unit_id']],
    ['customer_kind_idx', ['kind', 'org_unit_id']],
    ['customer_format_idx', ['business_format', 'org_unit_id']],
    ['customer_market_idx', ['market_type', 'org_unit_id']],
    ['customer_region_idx', ['region_code']],
    ['customer_city_idx', ['city_code']],
    ['customer_province_idx', ['province_code']],
    ['customer_key_idx', ['is_key', 'org_unit_id']],
    ['customer_last_contact_idx', ['last_contact_at']],
    ['customer_owner_contact_idx', ['owner_id', 'last_contact_at']],
    ['customer_sort_idx', ['sort_key', 'id']],
    ['customer_created_idx', ['created_at', 'id']],
    ['customer_name_norm_idx', ['name_norm']],
    ['customer_pinyin_idx', ['name_pinyin']],
    ['customer_initials_idx', ['name_initials']],
    ['customer_phone_idx', ['phone_norm']],
  ];
  for (const [name, cols] of idx) await db.schema.createIndex(name).on('customer').columns(cols).execute();

  await db.schema
    .createTable('customer_tag')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_tag_pk', ['customer_id', 'tag'])
    .execute();
  await db.schema.createIndex('customer_tag_tag_idx').on('customer_tag').columns(['tag', 'customer_id']).execute();

  await db.schema
    .createTable('contact')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('position', 'text')
    .addColumn('employer', 'text')
    .addColumn('mobile', 'text')
    .addColumn('mobile_norm', 'text')
    .addColumn('landline', 'text')
    .addColumn('email', 'text')
    .addColumn('wechat', 'text')
    .addColumn('address', 'text')
    .addColumn('gender', 'text')
    .addColumn('birthday_calendar', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('birth_month', 'integer')
    .addColumn('birth_day', 'integer')
    .addColumn('birth_leap_month', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_birthday', 'text')
    .addColumn('preferences', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_customer_idx').on('contact').columns(['customer_id', 'is_primary']).execute();
  await db.schema.createIndex('contact_name_idx').on('contact').column('name').execute();
  await db.schema.createIndex('contact_pinyin_idx').on('contact').column('name_pinyin').execute();
  await db.schema.createIndex('contact_mobile_idx').on('contact').column('mobile_norm').execute();
  await db.schema.createIndex('contact_birthday_idx').on('contact').column('next_birthday').execute();

  await db.schema
    .createTable('key_date')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contact.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('calendar', 'text', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('leap_month', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_date', 'text', (c) => c.notNull())
    .addColumn('remind_days_before', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('key_date_customer_idx').on('key_date').column('customer_id').execute();
  await db.schema.createIndex('key_date_next_idx').on('key_date').column('next_date').execute();

  // The customer's timeline: field changes, stage transitions, claims, releases, reclaims,
  // handovers, reveals — one row per event, never updated.
  await db.schema
    .createTable('customer_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('customer_event_customer_idx').on('customer_event').columns(['customer_id', 'at']).execute();
  await db.schema.createIndex('customer_event_actor_idx').on('customer_event').columns(['actor_id', 'at']).execute();
  await db.schema.createIndex('customer_event_kind_idx').on('customer_event').columns(['kind', 'at']).execute();

  await db.schema
    .createTable('change_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_request_customer_idx').on('change_request').columns(['customer_id', 'status']).execute();
  await db.schema.createIndex('change_request_status_idx').on('change_request').columns(['status', 'requested_at']).execute();

  await db.schema
    .createTable('business_figure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('volume', 'real')
    .addColumn('profit', 'real')
    .addColumn('days_late', 'integer')
    .addColumn('metrics', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('business_figure_month_uq', ['customer_id', 'month'])
    .execute();
  await db.schema.createIndex('business_figure_month_idx').on('business_figure').columns(['month', 'customer_id']).execute();

  await db.schema
    .createTable('saved_filter')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_filter_user_idx').on('saved_filter').column('user_id').execute();

  await db.schema
    .createTable('import_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'text')
    .addColumn('message', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('import_job_user_idx').on('import_job').columns(['created_by', 'created_at']).execute();
};
