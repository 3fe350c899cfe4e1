import { sql } from 'kysely';
import {
  isIsoWeekKey,
  isMonthKey,
  isoWeekKey,
  localDate,
  monthKey,
  periodRange,
  planDueAt,
  shiftPeriod,
  type TPlan,
  type TPlanDetail,
  type TPlanKind,
  type TPlanSettings,
  type TPlanSettingsBody,
  type TPlanQuery,
  type TPlanTarget,
  type TUpdatePlanBody,
  type TPlanTransitionBody,
  type TCheckTransitionBody,
  type TPlanVisitBody,
  type TPlanWorkbench,
} from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { hasPermission, inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid, type FieldProblem } from '../../errors.js';
import { json, newId, num, toIso } from '../../db/dialect.js';
import type { Row, Tx } from '../../db/schema.js';
import { isPostgres, lockRow, transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { paginate } from '../../http/list.js';
import { recordAudit } from '../auditLog/audit.js';
import { publish } from '../notifications/publish.js';
import { createVisit } from '../visits/visit.service.js';
import { completionOf, measure } from './indicators.js';
import { overdueActionsOf } from './servicePlan.service.js';

/** How plans meet the data scope: their manager (self) and the manager's unit. */
export const planScope = { owner: 'plan.managerId', orgUnit: 'plan.orgUnitId' };

const SETTINGS_KEY = 'plans.settings';
export const defaultPlanSettings: TPlanSettings = { monthDueDay: 25, weekDueWeekday: 1, weekDueHour: 9, version: 1 };

/** The due times and their version (decision 066): never saved = the defaults at version 1. */
export const loadPlanSettings = async (tx: Tx): Promise<TPlanSettings> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  return { ...defaultPlanSettings, ...(row ? (JSON.parse(row.value) as Partial<TPlanSettings>) : {}) };
};

/** Saves the due times if `version` is current (else 409 `version_conflict`, nothing written). */
export const savePlanSettings = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TPlanSettingsBody): Promise<TPlanSettings> => {
  requirePermission(auth, 'indicator.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    // The setting row is the lock: made if missing (as the defaults), then locked, so two
    // administrators saving the same version at once serialise and the second one is stale.
    await tx.insertInto('setting').values({ key: SETTINGS_KEY, value: JSON.stringify(defaultPlanSettings), updatedAt: toIso(now) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    if (isPostgres(tx)) await sql`select 1 from setting where key = ${SETTINGS_KEY} for update`.execute(tx);
    const before = await loadPlanSettings(tx);
    if (before.version !== input.version) throw new AppError('version_conflict');
    const next: TPlanSettings = { monthDueDay: input.monthDueDay, weekDueWeekday: input.weekDueWeekday, weekDueHour: input.weekDueHour, version: before.version + 1 };
    await tx.updateTable('setting').set({ value: JSON.stringify(next), updatedAt: toIso(now) }).where('key', '=', SETTINGS_KEY).execute();
    const { version: _b, ...old } = before;
    const { version: _n, ...changed } = next;
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'planSettings', entityId: SETTINGS_KEY, changes: { settings: { old, new: changed } } });
    return next;
  });
};

/**
 * When a plan is due: next month's plan by the end of the configured day of the month before
 * (clamped to that month's length); a week's plan on the configured weekday of that week at the
 * configured hour (Monday 09:00, the Monday meeting), in Beijing time.
 */
export const dueAtOf = (kind: TPlanKind, period: string, s: TPlanSettings): string => planDueAt(kind, period, s);

export const checkPeriod = (kind: TPlanKind, period: string, path = 'period') => {
  if (kind === 'month' ? !isMonthKey(period) : !isIsoWeekKey(period)) throw invalid(path, kind === 'month' ? 'invalid_month' : 'invalid_week');
};

type PlanRow = Row<'plan'> & { managerName: string; orgUnitName: string };

const selectPlan = (tx: Tx) =>
  tx
    .selectFrom('plan')
    .innerJoin('appUser as manager', 'manager.id', 'plan.managerId')
    .innerJoin('orgUnit as unit', 'unit.id', 'plan.orgUnitId')
    .selectAll('plan')
    .select(['manager.displayName as managerName', 'unit.name as orgUnitName']);

const isLate = (p: Pick<Row<'plan'>, 'dueAt' | 'submittedAt'>, now: Date) => (p.submittedAt ? p.submittedAt > p.dueAt : toIso(now) > p.dueAt);

export const presentPlan = (p: PlanRow, now: Date): TPlan => ({
  id: p.id,
  kind: p.kind,
  period: p.period,
  managerId: p.managerId,
  managerName: p.managerName,
  orgUnitId: p.orgUnitId,
  orgUnitName: p.orgUnitName,
  status: p.status,
  keyActions: p.keyActions,
  developCustomerIds: json<string[]>(p.developCustomerIds) ?? [],
  analysisCustomer: p.analysisCustomer,
  analysisProduct: p.analysisProduct,
  analysisMarket: p.analysisMarket,
  improvements: p.improvements,
  workItems: json<{ text: string; day?: number | null }[]>(p.workItems) ?? [],
  leaderComment: p.leaderComment,
  dueAt: p.dueAt,
  submittedAt: p.submittedAt,
  decidedAt: p.decidedAt,
  late: isLate(p, now),
  checkStatus: p.checkStatus,
  checkExplanation: p.checkExplanation,
  checkImprovement: p.checkImprovement,
  checkComment: p.checkComment,
  checkSubmittedAt: p.checkSubmittedAt,
  version: num(p.version),
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const findPlan = async (tx: Tx, auth: Auth, id: string, permission: 'plan.read' | 'plan.write' | 'plan.approve' = 'plan.read'): Promise<PlanRow> => {
  requirePermission(auth, permission);
  const row = (await selectPlan(tx).where('plan.id', '=', id).where(inScope(auth, permission, planScope)).executeTakeFirst()) as PlanRow | undefined;
  if (!row) throw new AppError('not_found');
  return row;
};

/** An active user the caller may plan for: themselves, or one of their `plan.write` scope. */
export const resolveManager = async (tx: Tx, auth: Auth, managerId: string | undefined, path = 'managerId') => {
  const id = managerId ?? auth.userId;
  const user = await tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'appUser.status', 'orgUnit.path'])
    .where('appUser.id', '=', id)
    .executeTakeFirst();
  const scope = requirePermission(auth, 'plan.write');
  if (!user || user.status !== 'active') throw new AppError('not_found', [{ path, key: 'unknown_user' }]);
  if (id !== auth.userId && (scope === 'self' || !unitInScope(auth, 'plan.write', { id: user.orgUnitId, path: user.path }))) throw new AppError('not_found', [{ path, key: 'unknown_user' }]);
  return user;
};

const recordEvent = (tx: Tx, now: Date, auth: Auth | null, planId: string, action: string, from: string | null, to: string | null, comment: string | null = null) =>
  tx
    .insertInto('planEvent')
    .values({ id: newId(), planId, at: toIso(now), actorId: auth?.userId ?? null, actorName: auth?.displayName ?? null, action, fromStatus: from, toStatus: to, comment })
    .execute();

/** Inserts the missing plans of a period for some managers (set-based), and returns nothing. */
export const ensurePlans = async (tx: Tx, now: Date, kind: TPlanKind, period: string, managers: { id: string; orgUnitId: string }[]) => {
  if (!managers.length) return;
  const settings = await loadPlanSettings(tx);
  const stamp = toIso(now);
  const dueAt = dueAtOf(kind, period, settings);
  await tx
    .insertInto('plan')
    .values(managers.map((m) => ({ ...emptyPlan, id: newId(), kind, period, managerId: m.id, orgUnitId: m.orgUnitId, dueAt, createdAt: stamp, updatedAt: stamp })))
    .onConflict((oc) => oc.columns(['managerId', 'kind', 'period']).doNothing())
    .execute();
};

const emptyPlan = {
  status: 'draft' as const,
  keyActions: null,
  developCustomerIds: '[]',
  analysisCustomer: null,
  analysisProduct: null,
  analysisMarket: null,
  improvements: null,
  workItems: '[]',
  leaderComment: null,
  submittedAt: null,
  decidedAt: null,
  decidedBy: null,
  checkStatus: 'open' as const,
  checkExplanation: null,
  checkImprovement: null,
  checkComment: null,
  checkSubmittedAt: null,
  checkDecidedAt: null,
  overdueNotifiedAt: null,
  version: 1,
};

export const createPlan = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { kind: TPlanKind; period: string; managerId?: string }): Promise<TPlanDetail> => {
  checkPeriod(input.kind, input.period);
  const now = ctx.clock.now();
  const id = await transaction(ctx.db, async (tx) => {
    const manager = await resolveManager(tx, auth, input.managerId);
    // The unique (manager, kind, period) constraint decides between parallel creates.
    const existing = await tx.selectFrom('plan').select('id').where('managerId', '=', manager.id).where('kind', '=', input.kind).where('period', '=', input.period).executeTakeFirst();
    if (existing) throw new AppError('conflict', [{ path: 'period', key: 'plan_exists' }]);
    // No ON CONFLICT here: a parallel create that lost the race gets the unique violation (409).
    const row = { ...emptyPlan, id: newId(), kind: input.kind, period: input.period, managerId: manager.id, orgUnitId: manager.orgUnitId, dueAt: dueAtOf(input.kind, input.period, await loadPlanSettings(tx)), createdAt: toIso(now), updatedAt: toIso(now) };
    await tx.insertInto('plan').values(row).execute();
    await recordEvent(tx, now, auth, row.id, 'create', null, 'draft');
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'plan', entityId: row.id, detail: { kind: input.kind, period: input.period, managerId: manager.id } });
    return row.id;
  });
  return getPlan(ctx, auth, id);
};

export const listPlans = async (ctx: AppContext, auth: Auth, q: TPlanQuery) => {
  requirePermission(auth, 'plan.read');
  if (q.period && q.kind) checkPeriod(q.kind, q.period);
  let base = ctx.db
    .selectFrom('plan')
    .innerJoin('appUser as manager', 'manager.id', 'plan.managerId')
    .innerJoin('orgUnit as unit', 'unit.id', 'plan.orgUnitId')
    .where(inScope(auth, 'plan.read', planScope));
  if (q.kind) base = base.where('plan.kind', '=', q.kind);
  if (q.period) base = base.where('plan.period', '=', q.period);
  if (q.managerId) base = base.where('plan.managerId', '=', q.managerId);
  if (q.status) base = base.where('plan.status', '=', q.status);
  const now = ctx.clock.now();
  const page = await paginate<PlanRow>({
    query: q,
    base,
    select: (qb) => qb.selectAll('plan').select(['manager.displayName as managerName', 'unit.name as orgUnitName']) as any,
    sortable: { period: 'plan.period', dueAt: 'plan.dueAt', status: 'plan.status', updatedAt: 'plan.updatedAt' },
    defaultSort: '-period',
    idColumn: 'plan.id',
  });
  return { ...page, data: page.data.map((p) => presentPlan(p, now)) };
};

/** Targets with their actuals: frozen once the check was submitted, computed now otherwise. */
export const targetsOf = async (tx: Tx, plan: Pick<Row<'plan'>, 'id' | 'kind' | 'period' | 'managerId' | 'checkStatus'>): Promise<TPlanTarget[]> => {
  const rows = await tx
    .selectFrom('planTarget')
    .innerJoin('indicator', 'indicator.id', 'planTarget.indicatorId')
    .selectAll('indicator')
    .select(['planTarget.target', 'planTarget.actual', 'planTarget.numerator', 'planTarget.denominator'])
    .where('planTarget.planId', '=', plan.id)
    .orderBy('indicator.sortOrder')
    .orderBy('indicator.code')
    .execute();
  const frozen = plan.checkStatus === 'submitted' || plan.checkStatus === 'approved';
  const live = frozen ? new Map() : await measure(tx, rows as unknown as Row<'indicator'>[], [plan.managerId], plan.kind, plan.period);
  return rows.map((r) => {
    const m = frozen ? { value: r.actual == null ? null : num(r.actual), numerator: r.numerator == null ? null : num(r.numerator), denominator: r.denominator == null ? null : num(r.denominator) } : live.get(r.id)?.get(plan.managerId);
    const target = num(r.target);
    const actual = m?.value ?? null;
    return {
      indicatorId: r.id,
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      unit: r.unit,
      aggregation: r.aggregation,
      target,
      actual,
      numerator: m?.numerator ?? null,
      denominator: m?.denominator ?? null,
      ...completionOf(target, actual),
      frozen,
    };
  });
};

export const planVisits = async (tx: Tx, plan: Pick<Row<'plan'>, 'id' | 'kind' | 'period' | 'managerId'>) => {
  if (plan.kind !== 'week') return { visits: [], summary: null };
  const range = periodRange('week', plan.period);
  const rows = await tx
    .selectFrom('visit')
    .innerJoin('customer', 'customer.id', 'visit.customerId')
    .select(['visit.id', 'visit.customerId', 'customer.name as customerName', 'visit.startAt', 'visit.method', 'visit.purpose', 'visit.status', 'visit.planId', 'visit.version'])
    .where((eb) =>
      eb.or([
        eb('visit.planId', '=', plan.id),
        eb.and([eb('visit.managerId', '=', plan.managerId), eb('visit.status', '=', 'done'), eb('visit.startAt', '>=', range.from), eb('visit.startAt', '<', range.to)]),
      ]),
    )
    .orderBy('visit.startAt')
    .execute();
  const visits = rows.map((r) => ({ id: r.id, customerId: r.customerId, customerName: r.customerName, startAt: r.startAt, method: r.method, purpose: r.purpose, status: r.status, planned: r.planId === plan.id, version: num(r.version) }));
  const planned = visits.filter((v) => v.planned && v.status !== 'cancelled');
  return {
    visits,
    summary: {
      planned: planned.length,
      done: planned.filter((v) => v.status === 'done').length,
      missed: planned.filter((v) => v.status === 'missed').length,
      open: planned.filter((v) => v.status === 'planned').length,
      added: visits.filter((v) => !v.planned && v.status === 'done').length,
    },
  };
};

export const getPlan = async (ctx: AppContext, auth: Auth, id: string): Promise<TPlanDetail> => {
  const now = ctx.clock.now();
  const tx = ctx.db;
  const plan = await findPlan(tx, auth, id);
  const [targets, history, { visits, summary }] = await Promise.all([
    targetsOf(tx, plan),
    tx.selectFrom('planEvent').select(['at', 'actorName', 'action', 'fromStatus', 'toStatus', 'comment']).where('planId', '=', id).orderBy('at').orderBy('id').execute(),
    planVisits(tx, plan),
  ]);
  const developIds = json<string[]>(plan.developCustomerIds) ?? [];
  const developCustomers = developIds.length ? await tx.selectFrom('customer').select(['id', 'name', 'stage']).where('id', 'in', developIds).execute() : [];
  const own = plan.managerId === auth.userId;
  const writable = hasPermission(auth, 'plan.write') && (own || requirePermission(auth, 'plan.write') !== 'self');
  const approver = hasPermission(auth, 'plan.approve') && !own;
  const ended = toIso(now) >= periodRange(plan.kind, plan.period).to;
  return {
    ...presentPlan(plan, now),
    targets,
    history,
    developCustomers,
    visits,
    visitSummary: summary,
    can: {
      edit: writable && (plan.status === 'draft' || plan.status === 'returned'),
      submit: own && writable && (plan.status === 'draft' || plan.status === 'returned'),
      decide: approver && plan.status === 'submitted',
      submitCheck: own && writable && plan.status === 'approved' && ended && (plan.checkStatus === 'open' || plan.checkStatus === 'returned'),
      decideCheck: approver && plan.checkStatus === 'submitted',
    },
  };
};

const editable = (p: Row<'plan'>) => {
  if (p.status !== 'draft' && p.status !== 'returned') throw new AppError('invalid_state', [{ path: 'status', key: 'not_editable' }]);
};

/** Indicators by id, checked for a plan of this kind; problems name `targets.N.indicatorId`. */
const checkTargets = async (tx: Tx, kind: TPlanKind, targets: { indicatorId: string; target: number }[], path: string, problems: FieldProblem[]) => {
  const ids = [...new Set(targets.map((t) => t.indicatorId))];
  const found = ids.length ? await tx.selectFrom('indicator').selectAll().where('id', 'in', ids).where('enabled', '=', 1).execute() : [];
  const byId = new Map(found.map((i) => [i.id, i]));
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const ind = byId.get(t.indicatorId);
    if (!ind || seen.has(t.indicatorId)) problems.push({ path: `${path}.${i}.indicatorId`, key: ind ? 'duplicate_value' : 'unknown_indicator' });
    else if (kind === 'week' && ind.source === 'figure') problems.push({ path: `${path}.${i}.indicatorId`, key: 'indicator_not_for_week' });
    else if (ind.aggregation === 'ratio' && t.target > 100) problems.push({ path: `${path}.${i}.target`, key: 'percent_range' });
    seen.add(t.indicatorId);
  });
  return byId;
};

export const updatePlan = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TUpdatePlanBody): Promise<TPlanDetail> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const plan = await findPlan(tx, auth, id, 'plan.write');
    editable(plan);
    const problems: FieldProblem[] = [];
    if (input.targets && plan.kind === 'month') problems.push({ path: 'targets', key: 'not_editable' });
    if (input.targets) await checkTargets(tx, plan.kind, input.targets, 'targets', problems);
    if (input.developCustomerIds?.length) {
      const ids = [...new Set(input.developCustomerIds)];
      // Customers the plan's manager may develop: their own, or prospects and targets they can see.
      const found = await tx.selectFrom('customer').select('id').where('id', 'in', ids).where('ownerId', '=', plan.managerId).execute();
      if (found.length !== ids.length) problems.push({ path: 'developCustomerIds', key: 'unknown_customer' });
    }
    if (problems.length) throw new AppError('validation_failed', problems);
    const patch: Record<string, unknown> = {};
    for (const k of ['keyActions', 'analysisCustomer', 'analysisProduct', 'analysisMarket', 'improvements'] as const) if (input[k] !== undefined) patch[k] = input[k];
    if (input.developCustomerIds) patch.developCustomerIds = JSON.stringify([...new Set(input.developCustomerIds)]);
    if (input.workItems) patch.workItems = JSON.stringify(input.workItems.map((w) => ({ text: w.text, day: w.day ?? null })));
    await updateVersioned(tx, 'plan', id, input.version, patch, toIso(now));
    if (input.targets) {
      await tx.deleteFrom('planTarget').where('planId', '=', id).execute();
      if (input.targets.length) await tx.insertInto('planTarget').values(input.targets.map((t) => ({ planId: id, indicatorId: t.indicatorId, target: t.target, actual: null, numerator: null, denominator: null }))).execute();
    }
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'plan', entityId: id, detail: { fields: Object.keys(input).filter((k) => k !== 'version') } });
  });
  return getPlan(ctx, auth, id);
};

/** Who hears about a manager's plan: the leaders whose plan.approve scope holds it. */
const approversOf = async (tx: Tx, plan: Pick<Row<'plan'>, 'orgUnitId' | 'managerId'>): Promise<string[]> => {
  const unit = await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', plan.orgUnitId).executeTakeFirstOrThrow();
  const rows = await tx
    .selectFrom('appUser')
    .innerJoin('userRole', 'userRole.userId', 'appUser.id')
    .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.path', 'roleGrant.dataScope'])
    .where('roleGrant.permission', '=', 'plan.approve')
    .where('appUser.status', '=', 'active')
    .where('appUser.id', '!=', plan.managerId)
    .execute();
  return [
    ...new Set(
      rows
        .filter((r) => r.dataScope === 'all' || (r.dataScope === 'unitTree' && unit.path.startsWith(r.path)) || (r.dataScope === 'unit' && r.orgUnitId === unit.id))
        .map((r) => r.id),
    ),
  ];
};

const eventData = (p: PlanRow) => ({ kind: p.kind, period: p.period, managerName: p.managerName });

export const transitionPlan = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TPlanTransitionBody): Promise<TPlanDetail> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const plan = await findPlan(tx, auth, id, input.action === 'submit' ? 'plan.write' : 'plan.read');
    await lockRow(tx, 'plan', id);
    if (input.action === 'submit') {
      if (plan.managerId !== auth.userId) throw new AppError('permission_denied');
      editable(plan);
      const action = plan.status === 'returned' ? 'resubmit' : 'submit';
      await updateVersioned(tx, 'plan', id, input.version, { status: 'submitted', submittedAt: toIso(now) }, toIso(now));
      await recordEvent(tx, now, auth, id, action, plan.status, 'submitted');
      await publish(tx, now, { type: 'plan.submitted', entity: { type: 'plan', id }, recipients: await approversOf(tx, plan), data: { ...eventData(plan), resubmitted: action === 'resubmit' } });
    } else {
      requirePermission(auth, 'plan.approve');
      await findPlan(tx, auth, id, 'plan.approve');
      if (plan.managerId === auth.userId) throw new AppError('permission_denied');
      if (plan.status !== 'submitted') throw new AppError('invalid_state', [{ path: 'status', key: 'not_editable' }]);
      const to = input.action === 'approve' ? 'approved' : 'returned';
      await updateVersioned(tx, 'plan', id, input.version, { status: to, decidedAt: toIso(now), decidedBy: auth.userId, leaderComment: input.comment ?? null }, toIso(now));
      await recordEvent(tx, now, auth, id, input.action, plan.status, to, input.comment ?? null);
      if (to === 'returned') await publish(tx, now, { type: 'plan.returned', entity: { type: 'plan', id }, recipients: [plan.managerId], data: { ...eventData(plan), comment: input.comment ?? null } });
    }
    await recordAudit(tx, now, auth, meta, { action: input.action, entity: 'plan', entityId: id, detail: { kind: plan.kind, period: plan.period } });
  });
  return getPlan(ctx, auth, id);
};

/**
 * The achievement check of a plan (Forms 5 and 6): the manager submits it once the period has
 * ended, which freezes every target's actual as computed at that moment; the leader approves or
 * returns it; a returned check is submitted again (and frozen again).
 */
export const transitionCheck = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TCheckTransitionBody): Promise<TPlanDetail> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const plan = await findPlan(tx, auth, id, input.action === 'submit' ? 'plan.write' : 'plan.read');
    await lockRow(tx, 'plan', id);
    if (input.action === 'submit') {
      if (plan.managerId !== auth.userId) throw new AppError('permission_denied');
      if (plan.status !== 'approved' || (plan.checkStatus !== 'open' && plan.checkStatus !== 'returned')) throw new AppError('invalid_state', [{ path: 'checkStatus', key: 'not_editable' }]);
      if (toIso(now) < periodRange(plan.kind, plan.period).to) throw new AppError('invalid_state', [{ path: 'period', key: 'period_open' }]);
      await updateVersioned(
        tx,
        'plan',
        id,
        input.version,
        { checkStatus: 'submitted', checkSubmittedAt: toIso(now), checkExplanation: input.explanation ?? null, checkImprovement: input.improvement ?? null },
        toIso(now),
      );
      const live = await targetsOf(tx, { ...plan, checkStatus: 'open' });
      for (const t of live)
        await tx.updateTable('planTarget').set({ actual: t.actual, numerator: t.numerator, denominator: t.denominator }).where('planId', '=', id).where('indicatorId', '=', t.indicatorId).execute();
      await recordEvent(tx, now, auth, id, 'check_submit', plan.checkStatus, 'submitted');
      await publish(tx, now, { type: 'plan.submitted', entity: { type: 'plan', id }, recipients: await approversOf(tx, plan), data: { ...eventData(plan), check: true } });
    } else {
      await findPlan(tx, auth, id, 'plan.approve');
      if (plan.managerId === auth.userId) throw new AppError('permission_denied');
      if (plan.checkStatus !== 'submitted') throw new AppError('invalid_state', [{ path: 'checkStatus', key: 'not_editable' }]);
      const to = input.action === 'approve' ? 'approved' : 'returned';
      await updateVersioned(tx, 'plan', id, input.version, { checkStatus: to, checkDecidedAt: toIso(now), checkComment: input.comment ?? null }, toIso(now));
      await recordEvent(tx, now, auth, id, `check_${input.action}`, plan.checkStatus, to, input.comment ?? null);
      if (to === 'returned') await publish(tx, now, { type: 'plan.returned', entity: { type: 'plan', id }, recipients: [plan.managerId], data: { ...eventData(plan), check: true, comment: input.comment ?? null } });
    }
    await recordAudit(tx, now, auth, meta, { action: `check_${input.action}`, entity: 'plan', entityId: id, detail: { kind: plan.kind, period: plan.period } });
  });
  return getPlan(ctx, auth, id);
};

/** A planned visit of a week's plan: a real planned visit (visits module) carrying the plan's id. */
export const addPlanVisit = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TPlanVisitBody): Promise<TPlanDetail> => {
  await transaction(ctx.db, async (tx) => {
    const plan = await findPlan(tx, auth, id, 'plan.write');
    if (plan.kind !== 'week') throw new AppError('invalid_state', [{ path: 'kind', key: 'not_editable' }]);
    editable(plan);
    const range = periodRange('week', plan.period);
    const at = new Date(input.startAt).toISOString();
    if (at < range.from || at >= range.to) throw invalid('startAt', 'visit_outside_week');
    const customer = await tx
      .selectFrom('customer')
      .select('id')
      .where('id', '=', input.customerId)
      .where((eb) => eb.or([eb('ownerId', '=', plan.managerId), eb('ownerId', 'is', null)]))
      .executeTakeFirst();
    if (!customer) throw invalid('customerId', 'unknown_customer');
    await createVisit(ctx, auth, meta, {
      customerId: input.customerId,
      status: 'planned',
      managerId: plan.managerId,
      method: input.method,
      purpose: input.purpose,
      startAt: at,
      note: input.note ?? null,
      planId: id,
    });
  });
  return getPlan(ctx, auth, id);
};

/**
 * The workbench card: this week's and next month's plan with its due time (overdue when past it
 * and not submitted), plans returned to the caller, plans waiting for the caller's approval
 * (their scope, never their own), and how this week's planned visits stand.
 */
export const planWorkbench = async (ctx: AppContext, auth: Auth): Promise<TPlanWorkbench> => {
  requirePermission(auth, 'plan.read');
  const now = ctx.clock.now();
  const nowIso = toIso(now);
  const settings = await loadPlanSettings(ctx.db);
  // From Friday on, next week's plan (due at the Monday meeting) is on the list too.
  const weekday = new Date(Date.parse(`${localDate(now)}T00:00:00Z`)).getUTCDay();
  const periods: [TPlanKind, string][] = [
    ['week', isoWeekKey(now)],
    ...(weekday === 5 || weekday === 6 || weekday === 0 ? [['week', shiftPeriod('week', isoWeekKey(now), 1)] as [TPlanKind, string]] : []),
    ['month', shiftPeriod('month', monthKey(now), 1)],
  ];
  const own = hasPermission(auth, 'plan.write')
    ? await ctx.db
        .selectFrom('plan')
        .select(['id', 'kind', 'period', 'status', 'dueAt', 'leaderComment', 'checkStatus', 'checkComment'])
        .where('managerId', '=', auth.userId)
        .where((eb) => eb.or([...periods.map(([kind, period]) => eb.and([eb('kind', '=', kind), eb('period', '=', period)])), eb('status', '=', 'returned'), eb('checkStatus', '=', 'returned')]))
        .execute()
    : [];
  const deadlines = hasPermission(auth, 'plan.write')
    ? periods.map(([kind, period]) => {
        const p = own.find((x) => x.kind === kind && x.period === period);
        const dueAt = p?.dueAt ?? dueAtOf(kind, period, settings);
        return { kind, period, dueAt, planId: p?.id ?? null, status: p?.status ?? null, overdue: (!p || p.status === 'draft') && nowIso > dueAt };
      })
    : [];
  const returned = own
    .filter((p) => p.status === 'returned' || p.checkStatus === 'returned')
    .map((p) => ({ id: p.id, kind: p.kind, period: p.period, comment: p.status === 'returned' ? p.leaderComment : p.checkComment }));
  let waiting: TPlanWorkbench['waiting'] = [];
  let waitingCount = 0;
  if (hasPermission(auth, 'plan.approve')) {
    const base = ctx.db
      .selectFrom('plan')
      .innerJoin('appUser', 'appUser.id', 'plan.managerId')
      .where(inScope(auth, 'plan.approve', planScope))
      .where('plan.managerId', '!=', auth.userId)
      .where((eb) => eb.or([eb('plan.status', '=', 'submitted'), eb('plan.checkStatus', '=', 'submitted')]));
    waitingCount = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.select(['plan.id', 'plan.kind', 'plan.period', 'plan.status', 'plan.submittedAt', 'plan.checkSubmittedAt', 'appUser.displayName']).orderBy('plan.updatedAt').limit(8).execute();
    waiting = rows.map((r) => ({ id: r.id, kind: r.kind, period: r.period, managerName: r.displayName, submittedAt: r.status === 'submitted' ? r.submittedAt : r.checkSubmittedAt, check: r.status !== 'submitted' }));
  }
  const weekPlan = own.find((p) => p.kind === 'week' && p.period === periods[0]![1]);
  let week: TPlanWorkbench['week'] = null;
  if (weekPlan) {
    const c = await ctx.db
      .selectFrom('visit')
      .select([sql<number>`count(*)`.as('n'), sql<number>`sum(case when status = 'done' then 1 else 0 end)`.as('done')])
      .where('planId', '=', weekPlan.id)
      .where('status', '!=', 'cancelled')
      .executeTakeFirstOrThrow();
    week = { planId: weekPlan.id, period: weekPlan.period, planned: num(c.n), done: num(c.done) };
  }
  const overdueActions = await overdueActionsOf(ctx.db, auth.userId, localDate(now));
  return { deadlines, returned, waiting, waitingCount, week, overdueActions };
};
