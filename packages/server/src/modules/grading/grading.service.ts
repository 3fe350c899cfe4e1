import { sql } from 'kysely';
import { ZGradingRules, defaultGradingRules, type TGradeExplanation, type TGradingRules } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { json, newId, toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { systemActor } from '../customers/customer.events.js';
import { findCustomer } from '../customers/customer.service.js';
import { gradeAll, type Figures } from './grading.rules.js';
import { transaction } from '../../db/transaction.js';
import { refreshCompliance } from '../visits/compliance.js';

const KEY = 'customer.gradingRules';

export const getGradingRules = async (tx: Tx): Promise<TGradingRules> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = row ? ZGradingRules.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : defaultGradingRules;
};

export const saveGradingRules = async (ctx: AppContext, auth: Auth, meta: RequestMeta, rules: TGradingRules) => {
  requirePermission(auth, 'grading.manage');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await getGradingRules(tx);
    await tx
      .insertInto('setting')
      .values({ key: KEY, value: JSON.stringify(rules), updatedAt: toIso(now) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(rules), updatedAt: toIso(now) }))
      .execute();
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'setting', entityId: KEY, changes: { rules: { old: before, new: rules } } });
  });
  return rules;
};

const monthsBack = (at: Date, months: number) => {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - months, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * Recomputes every customer's grade. Figures are aggregated in SQL; ranks and scores in memory;
 * results go to a scratch table in batches and reach customers in one UPDATE, with a timeline
 * entry for each customer whose grade changed.
 */
export const recomputeGrades = async (ctx: AppContext, at: Date) => {
  const rules = await getGradingRules(ctx.db);
  const since = monthsBack(at, rules.months);
  const agg = await ctx.db
    .selectFrom('customer')
    .leftJoin('businessFigure as f', (j) => j.onRef('f.customerId', '=', 'customer.id').on('f.month', '>=', since))
    .select((eb) => [
      'customer.id as customerId',
      'customer.potentialScore as potential',
      eb.fn.sum<number | null>('f.volume').as('volume'),
      eb.fn.sum<number | null>('f.profit').as('profit'),
      eb.fn.avg<number | null>('f.daysLate').as('avgDaysLate'),
      eb.fn.count<number>('f.id').as('months'),
    ])
    .groupBy(['customer.id', 'customer.potentialScore'])
    .execute();
  const rows: Figures[] = agg.map((r) => {
    const has = Number(r.months) > 0;
    return {
      customerId: r.customerId,
      volume: has && r.volume !== null ? Number(r.volume) : null,
      profit: has && r.profit !== null ? Number(r.profit) : null,
      avgDaysLate: has && r.avgDaysLate !== null ? Number(r.avgDaysLate) : null,
      potential: r.potential === null ? null : Number(r.potential),
    };
  });
  const computedAt = toIso(at);
  const results = gradeAll(rows, rules, computedAt);
  let changed = 0;
  await transaction(ctx.db, async (tx) => {
    await tx.deleteFrom('gradeResult').execute();
    const entries = [...results.entries()];
    for (let i = 0; i < entries.length; i += 500)
      await tx
        .insertInto('gradeResult')
        .values(entries.slice(i, i + 500).map(([customerId, e]) => ({ customerId, grade: e.grade, explanation: JSON.stringify(e) })))
        .execute();
    const differs = sql<boolean>`coalesce(customer.grade, '') <> coalesce(grade_result.grade, '')`;
    const ev = await sql`insert into customer_event (id, customer_id, at, actor_id, actor_name, kind, changes, reason, detail)
        select ${'grade:' + newId() + ':'} || customer.id, customer.id, ${computedAt}, null, ${systemActor.displayName}, 'grade',
          '{"grade":{"old":' || coalesce('"' || customer.grade || '"', 'null') || ',"new":' || coalesce('"' || grade_result.grade || '"', 'null') || '}}',
          ${rules.method}, null
        from customer inner join grade_result on grade_result.customer_id = customer.id where ${differs}`.execute(tx);
    changed = Number(ev.numAffectedRows ?? 0);
    await sql`update customer set
        grade = (select grade_result.grade from grade_result where grade_result.customer_id = customer.id),
        grade_explanation = (select grade_result.explanation from grade_result where grade_result.customer_id = customer.id)
      where id in (select customer_id from grade_result)`.execute(tx);
    await tx.deleteFrom('gradeResult').execute();
    // Grades decide which contact rule applies.
    await refreshCompliance(tx, at, 'all');
  });
  return { graded: [...results.values()].filter((e) => e.grade).length, ungraded: [...results.values()].filter((e) => !e.grade).length, changed };
};

export const explainGrade = async (ctx: AppContext, auth: Auth, id: string): Promise<TGradeExplanation | null> => {
  const c = await findCustomer(ctx.db, auth, id);
  const e = json<TGradeExplanation>(c.gradeExplanation);
  if (!e) return c.gradeOverride ? { ...emptyExplanation(await getGradingRules(ctx.db)), grade: c.gradeOverride, override: c.gradeOverride } : null;
  return { ...e, grade: c.gradeOverride ?? e.grade, override: c.gradeOverride };
};

const emptyExplanation = (rules: TGradingRules): TGradeExplanation => ({
  method: rules.method,
  grade: null,
  score: null,
  months: rules.months,
  components: {},
  thresholds: rules.thresholds,
  grades: rules.grades,
  computedAt: '',
  reason: 'override',
});
