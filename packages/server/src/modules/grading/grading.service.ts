import { sql } from 'kysely';
import { ZGradingRulesRead, defaultGradingRules, type TGradeExplanation, type TGradeRecompute, type TGradingRules, type TGradingRulesBody, type TGradingRulesRead } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { json, newId, toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { systemActor } from '../customers/customer.events.js';
import { findCustomer } from '../customers/customer.service.js';
import { gradeAll, type Figures } from './grading.rules.js';
import { isPostgres, lockNamed, transaction } from '../../db/transaction.js';
import { AppError } from '../../errors.js';
import { latestRun, type JobRunner, type TaskDefinition } from '../../jobs/runner.js';
import { refreshCompliance } from '../visits/compliance.js';

const KEY = 'customer.gradingRules';

/** The rules and their version (decision 082): never saved = the defaults at version 1. */
export const getGradingRules = async (tx: Tx): Promise<TGradingRulesRead> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : null;
  const parsed = stored ? ZGradingRulesRead.safeParse({ version: 1, ...stored }) : null;
  return parsed?.success ? parsed.data : { ...defaultGradingRules, version: 1 };
};

/** Saves the rules if `version` is current (else 409 `version_conflict`, nothing written); they apply from the next grading pass. */
export const saveGradingRules = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TGradingRulesBody): Promise<TGradingRulesRead> => {
  requirePermission(auth, 'grading.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    // The setting row is the lock: made if missing (as the defaults), then locked, so two
    // administrators saving the same version at once serialise and the second one is stale.
    await tx
      .insertInto('setting')
      .values({ key: KEY, value: JSON.stringify({ ...defaultGradingRules, version: 1 }), updatedAt: toIso(now) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    if (isPostgres(tx)) await sql`select 1 from setting where key = ${KEY} for update`.execute(tx);
    const before = await getGradingRules(tx);
    if (before.version !== input.version) throw new AppError('version_conflict');
    const { version: _v, ...rules } = input;
    const next: TGradingRulesRead = { ...rules, version: before.version + 1 };
    await tx.updateTable('setting').set({ value: JSON.stringify(next), updatedAt: toIso(now) }).where('key', '=', KEY).execute();
    const { version: _b, ...old } = before;
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'setting', entityId: KEY, changes: { rules: { old, new: rules } } });
    return next;
  });
};

/** The nightly grading job's name and the on-demand pass started from the rules page (decision 082). */
export const GRADING_JOB = 'customer.grading';
export const GRADING_TASK = 'customer.regrade';

/** Run again by another instance if the starting one died mid-way: a pass is idempotent. */
export const gradingTask: TaskDefinition = { name: GRADING_TASK, rerun: (ctx, at) => recomputeGrades(ctx, at) };

/** The latest grading pass, nightly or on demand, with its counts once done. */
export const latestGradeRecompute = async (ctx: AppContext): Promise<TGradeRecompute | null> => {
  const run = await latestRun(ctx.db, [GRADING_JOB, GRADING_TASK]);
  if (!run) return null;
  const r = json<{ graded?: number; ungraded?: number; changed?: number }>(run.result);
  const n = (v: number | undefined) => (typeof v === 'number' ? v : null);
  return { runId: run.id, status: run.status, scheduled: run.job === GRADING_JOB, startedAt: run.startedAt, finishedAt: run.finishedAt, graded: n(r?.graded), ungraded: n(r?.ungraded), changed: n(r?.changed) };
};

/**
 * Starts a grading pass of every customer in the background (at a province's million customers
 * it takes minutes) and answers with it; while one runs (nightly or on demand) a second request
 * answers with that one instead of queueing another.
 */
export const startGradeRecompute = async (ctx: AppContext, runner: JobRunner, auth: Auth, meta: RequestMeta): Promise<TGradeRecompute> => {
  requirePermission(auth, 'grading.manage');
  const running = await latestGradeRecompute(ctx);
  if (running?.status === 'running') return running;
  const now = ctx.clock.now();
  const started = await runner.startTask(GRADING_TASK, `manual:${toIso(now)}:${newId()}`, () => recomputeGrades(ctx, now));
  started?.done.catch(() => undefined);
  await recordAudit(ctx.db, now, auth, meta, { action: 'recompute', entity: 'grade', detail: { runId: started?.id ?? null } });
  const latest = await latestGradeRecompute(ctx);
  if (!latest) throw new Error('grading run not recorded');
  return latest;
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
export const recomputeGrades = async (ctx: AppContext, at: Date) =>
  // One pass at a time across instances (PostgreSQL: a lock taken before the rules are read), so
  // of two passes the later one reads the later rules and figures and writes last.
  transaction(ctx.db, async (tx) => {
    await lockNamed(tx, 'gradeRecompute');
    return gradeEveryone(tx, at);
  });

const gradeEveryone = async (tx: Tx, at: Date) => {
  const rules = await getGradingRules(tx);
  const since = monthsBack(at, rules.months);
  const agg = await tx
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
  const changed = Number(ev.numAffectedRows ?? 0);
  await sql`update customer set
      grade = (select grade_result.grade from grade_result where grade_result.customer_id = customer.id),
      grade_explanation = (select grade_result.explanation from grade_result where grade_result.customer_id = customer.id)
    where id in (select customer_id from grade_result)`.execute(tx);
  await tx.deleteFrom('gradeResult').execute();
  // Grades decide which contact rule applies.
  await refreshCompliance(tx, at, 'all');
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
