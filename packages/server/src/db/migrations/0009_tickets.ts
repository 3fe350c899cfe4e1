import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';

/**
 * Service tickets and the working calendar they count deadlines on. Portable: text ids, ISO-UTC
 * text times, 0/1 flags. Existing installations get the ticket-cause dictionary here (new ones at
 * start-up, after bootstrap); the built-in roles get the ticket grants from grantNewPermissions.
 */
export const up = async (db: Kysely<any>): Promise<void> => {
  // ── working calendar ──
  await db.schema
    .createTable('work_calendar_year')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('papers', 'text', (c) => c.notNull().defaultTo('[]'))
    /** sha256 of the year's days as loaded, so a corrected package year is noticed. */
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('work_calendar_day')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('working', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text')
    .addColumn('name_en', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_calendar_day_year_idx').on('work_calendar_day').columns(['year', 'date']).execute();
  await db.schema
    .createTable('work_calendar_exception')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('date', 'text', (c) => c.notNull().unique())
    .addColumn('working', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('work_calendar_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('papers', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_calendar_import_year_idx').on('work_calendar_import').columns(['year', 'created_at']).execute();

  // ── SLA policies ──
  await db.schema
    .createTable('sla_policy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('response_amount', 'integer', (c) => c.notNull())
    .addColumn('response_unit', 'text', (c) => c.notNull())
    .addColumn('resolve_amount', 'integer', (c) => c.notNull())
    .addColumn('resolve_unit', 'text', (c) => c.notNull())
    .addColumn('warn_percent', 'integer', (c) => c.notNull())
    .addColumn('escalate_every_hours', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_policy_kind_severity_uq', ['kind', 'severity'])
    .execute();

  const defaults: [string, string, number, string, number, string][] = [
    // kind, severity, response, unit, resolution, unit. Complaints: 15 calendar days is the bank
    // and insurance consumer-complaint rule; urgent faults run 24×7 (SPEC §2.3, issue 10).
    ['complaint', 'general', 8, 'workingHours', 15, 'naturalDays'],
    ['complaint', 'major', 4, 'workingHours', 10, 'workingDays'],
    ['complaint', 'critical', 2, 'workingHours', 5, 'workingDays'],
    ['complaint', 'urgent', 1, 'naturalHours', 24, 'naturalHours'],
    ['fault', 'general', 4, 'workingHours', 16, 'workingHours'],
    ['fault', 'major', 2, 'workingHours', 8, 'workingHours'],
    ['fault', 'critical', 1, 'naturalHours', 8, 'naturalHours'],
    ['fault', 'urgent', 1, 'naturalHours', 4, 'naturalHours'],
    ['repair', 'general', 4, 'workingHours', 3, 'workingDays'],
    ['repair', 'major', 2, 'workingHours', 1, 'workingDays'],
    ['repair', 'critical', 2, 'workingHours', 8, 'workingHours'],
    ['repair', 'urgent', 1, 'naturalHours', 8, 'naturalHours'],
    ['consultation', 'general', 4, 'workingHours', 1, 'workingDays'],
    ['consultation', 'major', 2, 'workingHours', 8, 'workingHours'],
    ['consultation', 'critical', 1, 'workingHours', 4, 'workingHours'],
    ['consultation', 'urgent', 1, 'naturalHours', 4, 'naturalHours'],
    ['suggestion', 'general', 1, 'workingDays', 10, 'workingDays'],
    ['suggestion', 'major', 8, 'workingHours', 5, 'workingDays'],
    ['suggestion', 'critical', 4, 'workingHours', 3, 'workingDays'],
    ['suggestion', 'urgent', 2, 'workingHours', 1, 'workingDays'],
  ];
  const at = new Date().toISOString();
  await db
    .insertInto('sla_policy')
    .values(
      defaults.map(([kind, severity, ra, ru, sa, su]) => ({
        id: uuidv7(),
        kind,
        severity,
        response_amount: ra,
        response_unit: ru,
        resolve_amount: sa,
        resolve_unit: su,
        warn_percent: 80,
        escalate_every_hours: 4,
        version: 1,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();

  // ── tickets ──
  await db.schema
    .createTable('ticket')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('needs_approval', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contact.id').onDelete('set null'))
    // The visits module links here; no foreign key so the two modules land in either order.
    .addColumn('visit_id', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    /** The customer's account manager when the ticket was opened (statistics per manager). */
    .addColumn('manager_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('cause', 'text')
    .addColumn('analysis', 'text')
    .addColumn('proposal', 'text')
    .addColumn('approval_comment', 'text')
    .addColumn('implementation', 'text')
    .addColumn('answer', 'text')
    .addColumn('summary', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('solved', 'integer')
    .addColumn('callback_note', 'text')
    .addColumn('callback_at', 'text')
    // the deadline policy as it was at intake
    .addColumn('response_amount', 'integer', (c) => c.notNull())
    .addColumn('response_unit', 'text', (c) => c.notNull())
    .addColumn('resolve_amount', 'integer', (c) => c.notNull())
    .addColumn('resolve_unit', 'text', (c) => c.notNull())
    .addColumn('warn_percent', 'integer', (c) => c.notNull())
    .addColumn('escalate_every_hours', 'integer', (c) => c.notNull())
    // computed deadlines (recomputed on pauses, reopen and calendar changes)
    .addColumn('resolve_start_at', 'text', (c) => c.notNull())
    .addColumn('response_due_at', 'text')
    .addColumn('resolve_due_at', 'text')
    .addColumn('resolve_warn_at', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('responded_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('resolve_working_minutes', 'integer')
    .addColumn('closed_at', 'text')
    .addColumn('warned_at', 'text')
    .addColumn('response_breached_at', 'text')
    .addColumn('breached_at', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalation_unit_id', 'text', (c) => c.references('org_unit.id'))
    .addColumn('next_escalation_at', 'text')
    .addColumn('waiting_since', 'text')
    .addColumn('waiting_reason', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    // repair orders
    .addColumn('appointment_start', 'text')
    .addColumn('appointment_end', 'text')
    .addColumn('arrived_at', 'text')
    .addColumn('arrival_late', 'integer')
    .addColumn('delay_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fee_cents', 'integer')
    .addColumn('fee_confirmed_at', 'text')
    .addColumn('sign_off_name', 'text')
    .addColumn('sign_off_at', 'text')
    .addColumn('signature_attachment_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Lists: my queue, the unit's queue, a customer's tickets, breached, due soon, by creation.
  await db.schema.createIndex('ticket_owner_idx').on('ticket').columns(['owner_id', 'status', 'resolve_due_at']).execute();
  await db.schema.createIndex('ticket_unit_idx').on('ticket').columns(['org_unit_id', 'status', 'resolve_due_at']).execute();
  await db.schema.createIndex('ticket_customer_idx').on('ticket').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_created_by_idx').on('ticket').columns(['created_by', 'created_at']).execute();
  await db.schema.createIndex('ticket_created_idx').on('ticket').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('ticket_due_idx').on('ticket').columns(['resolved_at', 'resolve_due_at']).execute();
  await db.schema.createIndex('ticket_breached_idx').on('ticket').columns(['breached_at', 'id']).execute();
  await db.schema.createIndex('ticket_warn_idx').on('ticket').columns(['warned_at', 'resolve_warn_at']).execute();
  await db.schema.createIndex('ticket_response_due_idx').on('ticket').columns(['responded_at', 'response_due_at']).execute();
  await db.schema.createIndex('ticket_escalation_idx').on('ticket').columns(['next_escalation_at']).execute();
  await db.schema.createIndex('ticket_resolved_idx').on('ticket').columns(['resolved_at', 'org_unit_id']).execute();
  await db.schema.createIndex('ticket_closed_idx').on('ticket').columns(['closed_at', 'org_unit_id']).execute();
  await db.schema.createIndex('ticket_manager_idx').on('ticket').columns(['manager_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_visit_idx').on('ticket').column('visit_id').execute();

  await db.schema
    .createTable('ticket_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('org_unit_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('ticket_event_ticket_idx').on('ticket_event').columns(['ticket_id', 'at', 'id']).execute();

  await db.schema
    .createTable('ticket_pause')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('ticket.id'))
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('to_at', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_pause_ticket_idx').on('ticket_pause').columns(['ticket_id', 'from_at']).execute();
  // At most one open pause per ticket.
  await db.schema.createIndex('ticket_pause_open_uq').on('ticket_pause').column('ticket_id').unique().where(sql.ref('to_at'), 'is', null).execute();

  // ── existing installations: the cause dictionary (built-in grants come from grantNewPermissions) ──
  const now = new Date().toISOString();
  const hasDictionaries = await db.selectFrom('dictionary').select('code').limit(1).executeTakeFirst();
  if (hasDictionaries) await seedTicketCauses(db, now);
};

/** 原因分类: what a cause analysis names; editable by admins like every dictionary. */
export const ticketCauseItems: [string, string, string][] = [
  ['productQuality', '产品质量', 'Product quality'],
  ['serviceAttitude', '服务态度', 'Service attitude'],
  ['processingError', '业务差错', 'Processing error'],
  ['systemFault', '系统故障', 'System fault'],
  ['equipmentFault', '设备故障', 'Equipment fault'],
  ['feeDispute', '收费争议', 'Fee dispute'],
  ['supplyDelivery', '供货配送', 'Supply and delivery'],
  ['policyUnderstanding', '政策理解', 'Policy misunderstanding'],
  ['thirdParty', '第三方原因', 'Third party'],
  ['customerSide', '客户自身原因', 'Customer side'],
  ['other', '其他', 'Other'],
];

export const seedTicketCauses = async (db: Kysely<any>, now: string): Promise<void> => {
  const exists = await db.selectFrom('dictionary').select('code').where('code', '=', 'ticketCause').executeTakeFirst();
  if (exists) return;
  await db.insertInto('dictionary').values({ code: 'ticketCause', name_zh: '工单原因分类', name_en: 'Ticket cause', sort_order: 900 }).execute();
  await db
    .insertInto('dictionary_item')
    .values(ticketCauseItems.map(([value, zh, en], i) => ({ id: uuidv7(), dictionary_code: 'ticketCause', value, label_zh: zh, label_en: en, sort_order: i, enabled: 1, version: 1, created_at: now, updated_at: now })))
    .execute();
};
