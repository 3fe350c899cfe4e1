import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';

/** The computed indicators every installation has (modules/plans/indicators.ts computes them). */
const builtins: [code: string, zh: string, en: string, unit: string, aggregation: 'count' | 'ratio'][] = [
  ['visits', '拜访次数', 'Visits', '次', 'count'],
  ['onsiteVisits', '上门拜访次数', 'On-site visits', '次', 'count'],
  ['phoneContacts', '电话联系次数', 'Phone contacts', '次', 'count'],
  ['coverage', '拜访覆盖率', 'Visit coverage', '%', 'ratio'],
  ['newProspects', '新增潜在客户', 'New prospects', '户', 'count'],
  ['wonCustomers', '新成交客户', 'Customers won', '户', 'count'],
  ['keyCustomerVisits', '重点客户拜访次数', 'Key-customer visits', '次', 'count'],
  ['plannedCompletion', '计划拜访完成率', 'Planned visits done', '%', 'ratio'],
];

/**
 * Plans 工作计划 (Forms 2 and 3) and their achievement checks (Forms 5 and 6): the indicator
 * registry, unit targets and their breakdown, each manager's month and week plan with its
 * targets, the frozen actuals of a submitted check, and the history of every transition.
 */
export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  await db.schema
    .createTable('indicator')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('aggregation', 'text', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('indicator')
    .values(
      builtins.map(([code, zh, en, unit, aggregation], i) => ({
        id: uuidv7(),
        code,
        name_zh: zh,
        name_en: en,
        unit,
        source: 'computed',
        field: null,
        aggregation,
        builtin: 1,
        enabled: 1,
        sort_order: (i + 1) * 10,
        version: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  await db.schema
    .createTable('plan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('key_actions', 'text')
    .addColumn('develop_customer_ids', 'text', (c) => c.notNull())
    .addColumn('analysis_customer', 'text')
    .addColumn('analysis_product', 'text')
    .addColumn('analysis_market', 'text')
    .addColumn('improvements', 'text')
    .addColumn('work_items', 'text', (c) => c.notNull())
    .addColumn('leader_comment', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('check_status', 'text', (c) => c.notNull())
    .addColumn('check_explanation', 'text')
    .addColumn('check_improvement', 'text')
    .addColumn('check_comment', 'text')
    .addColumn('check_submitted_at', 'text')
    .addColumn('check_decided_at', 'text')
    .addColumn('overdue_notified_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_manager_period_uq', ['manager_id', 'kind', 'period'])
    .execute();
  // A unit's plans for a period (team status, achievement view); a leader's queue by status.
  await db.schema.createIndex('plan_period_unit_idx').on('plan').columns(['kind', 'period', 'org_unit_id']).execute();
  await db.schema.createIndex('plan_status_idx').on('plan').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('plan_target')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
    .addColumn('target', real, (c) => c.notNull())
    // Frozen when the check is submitted: the actual as it stood then.
    .addColumn('actual', real)
    .addColumn('numerator', real)
    .addColumn('denominator', real)
    .addPrimaryKeyConstraint('plan_target_pk', ['plan_id', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('unit_target')
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
    .addColumn('target', real, (c) => c.notNull())
    .addColumn('difference_reason', 'text')
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_target_pk', ['org_unit_id', 'month', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('plan_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('plan_event_plan_idx').on('plan_event').columns(['plan_id', 'at']).execute();

  // Form 7 重点客户服务计划: per key customer and month, goals and actions with due dates and owners.
  await db.schema
    .createTable('service_plan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id'))
    .addColumn('manager_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('org_unit_id', 'text', (c) => c.notNull().references('org_unit.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_plan_customer_period_uq', ['customer_id', 'period'])
    .execute();
  await db.schema.createIndex('service_plan_manager_idx').on('service_plan').columns(['manager_id', 'period']).execute();
  await db.schema.createIndex('service_plan_unit_idx').on('service_plan').columns(['org_unit_id', 'period']).execute();
  await db.schema
    .createTable('service_action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('service_plan.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text')
    .addColumn('done_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_action_plan_idx').on('service_action').columns(['plan_id', 'due_date']).execute();
  // The workbench's "my overdue actions".
  await db.schema.createIndex('service_action_owner_idx').on('service_action').columns(['owner_id', 'status', 'due_date']).execute();
};
