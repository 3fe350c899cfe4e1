import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';

/**
 * Visits 拜访, contact-frequency rules 拜访频次, calendar feed tokens, and what a customer keeps
 * about its contacts: last on-site and phone-class contact, when each is next due (derived,
 * see modules/visits/compliance.ts), and its place as set by the first accurate check-in.
 */
export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  await db.schema
    .createTable('visit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id'))
    .addColumn('manager_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text')
    .addColumn('learned', 'text')
    .addColumn('needs', 'text')
    .addColumn('products', 'text')
    .addColumn('outcome', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_date', 'text')
    .addColumn('next_method', 'text')
    .addColumn('next_visit_id', 'text')
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('check_in_lat', real)
    .addColumn('check_in_lng', real)
    .addColumn('check_in_accuracy', real)
    .addColumn('check_in_at', 'text')
    .addColumn('check_in_distance', real)
    .addColumn('check_in_flag', 'text')
    .addColumn('plan_id', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A customer's history and its compliance counts (done visits of a method in a period).
  await db.schema.createIndex('visit_customer_idx').on('visit').columns(['customer_id', 'start_at']).execute();
  await db.schema.createIndex('visit_compliance_idx').on('visit').columns(['customer_id', 'status', 'method', 'start_at']).execute();
  // A manager's day, week and calendar; a unit's lists; the missed-visit job.
  await db.schema.createIndex('visit_manager_idx').on('visit').columns(['manager_id', 'start_at']).execute();
  await db.schema.createIndex('visit_unit_idx').on('visit').columns(['org_unit_id', 'start_at']).execute();
  await db.schema.createIndex('visit_status_idx').on('visit').columns(['status', 'start_at']).execute();
  await db.schema.createIndex('visit_plan_idx').on('visit').column('plan_id').execute();

  await db.schema
    .createTable('visit_contact')
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visit.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('visit_contact_pk', ['visit_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('visit_contact_contact_idx').on('visit_contact').column('contact_id').execute();

  await db.schema
    .createTable('visit_participant')
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visit.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addPrimaryKeyConstraint('visit_participant_pk', ['visit_id', 'user_id'])
    .execute();
  await db.schema.createIndex('visit_participant_user_idx').on('visit_participant').columns(['user_id', 'visit_id']).execute();

  await db.schema
    .createTable('contact_rule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('grades', 'text')
    .addColumn('is_key', 'integer')
    .addColumn('kinds', 'text')
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('onsite_per_month', 'integer', (c) => c.notNull())
    .addColumn('phone_per_week', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The manuals' rule: every managed customer, one on-site visit a month and one call a week.
  const now = new Date().toISOString();
  await db
    .insertInto('contact_rule')
    .values({
      id: uuidv7(),
      name: '在管客户：每月上门一次、每周电话一次',
      sort_order: 100,
      enabled: 1,
      grades: null,
      is_key: null,
      kinds: null,
      stages: JSON.stringify(['won', 'maintained']),
      onsite_per_month: 1,
      phone_per_week: 1,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();

  await db.schema
    .createTable('calendar_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('calendar_token_user_idx').on('calendar_token').column('user_id').execute();

  for (const [name, type] of [
    ['last_onsite_at', 'text'],
    ['last_phone_at', 'text'],
    ['onsite_due_at', 'text'],
    ['phone_due_at', 'text'],
    ['geo_lat', real],
    ['geo_lng', real],
    ['geo_accuracy', real],
    ['geo_set_at', 'text'],
  ] as const)
    await db.schema.alterTable('customer').addColumn(name, sql.raw(type) as any).execute();
  // "Overdue first" and "next due" for a manager's book and a leader's units.
  await db.schema.createIndex('customer_owner_onsite_due_idx').on('customer').columns(['owner_id', 'onsite_due_at']).execute();
  await db.schema.createIndex('customer_owner_phone_due_idx').on('customer').columns(['owner_id', 'phone_due_at']).execute();
  await db.schema.createIndex('customer_unit_onsite_due_idx').on('customer').columns(['org_unit_id', 'onsite_due_at']).execute();
  await db.schema.createIndex('customer_unit_phone_due_idx').on('customer').columns(['org_unit_id', 'phone_due_at']).execute();
};
