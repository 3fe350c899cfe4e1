import { sql } from 'kysely';
import { type TAchievement, type TBreakdown, type TBreakdownBody, type TPlanKind, type TPlanTeam } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission, unitInScope } from '../../access/access.js';
import { AppError, type FieldProblem } from '../../errors.js';
import { likeEscape, num, toIso } from '../../db/dialect.js';
import type { Row, Tx } from '../../db/schema.js';
import { lockRow, transaction } from '../../db/transaction.js';
import { recordAudit } from '../auditLog/audit.js';
import { aggregate, completionOf, measure, type Measure } from './indicators.js';
import { checkPeriod, dueAtOf, ensurePlans, loadPlanSettings } from './plan.service.js';

/** The unit a caller asks about (their own by default), within their scope of `permission`; else 404. */
const unitFor = async (tx: Tx, auth: Auth, permission: 'plan.read' | 'plan.approve', orgUnitId: string | undefined) => {
  // A manager's own scope (self) holds their plans, not their unit's.
  if (requirePermission(auth, permission) === 'self') throw new AppError('not_found');
  const unit = await tx.selectFrom('orgUnit').select(['id', 'path', 'name']).where('id', '=', orgUnitId ?? auth.orgUnitId).executeTakeFirst();
  if (!unit || !unitInScope(auth, permission, unit)) throw new AppError('not_found');
  return unit;
};

/** Account managers of a unit's subtree: active users with the manager role (as the team view counts them). */
export const managersOf = (tx: Tx, unitPath: string) =>
  tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'orgUnit.name as orgUnitName'])
    .where(sql<boolean>`org_unit.path like ${likeEscape(unitPath) + '%'} escape '\\'`)
    .where('appUser.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('userRole').innerJoin('role', 'role.id', 'userRole.roleId').select('userRole.userId').whereRef('userRole.userId', '=', 'appUser.id').where('role.code', '=', 'manager'),
      ),
    )
    .orderBy('orgUnit.path')
    .orderBy('appUser.displayName')
    .execute();

const additive = (a: Row<'indicator'>['aggregation']) => a !== 'ratio';

/** The units directly below a unit (the sub-units a breakdown offers and the unit view totals). */
const childUnits = (tx: Tx, unitId: string) => tx.selectFrom('orgUnit').select(['id', 'name', 'path']).where('parentId', '=', unitId).orderBy('path').execute();

/** The version of a unit's month breakdown (decision 066): a unit and month never saved is at 1. */
const breakdownVersion = async (tx: Tx, orgUnitId: string, month: string): Promise<number> => {
  const row = await tx.selectFrom('unitBreakdown').select('version').where('orgUnitId', '=', orgUnitId).where('month', '=', month).executeTakeFirst();
  return row ? num(row.version) : 1;
};

/** One more version of these units' month breakdowns (the row made at 2 where missing). */
const bumpBreakdowns = async (tx: Tx, orgUnitIds: string[], month: string, stamp: string) => {
  for (const orgUnitId of orgUnitIds)
    await tx
      .insertInto('unitBreakdown')
      .values({ orgUnitId, month, version: 2, updatedAt: stamp })
      .onConflict((oc) => oc.columns(['orgUnitId', 'month']).doUpdateSet({ version: sql`unit_breakdown.version + 1`, updatedAt: stamp }))
      .execute();
};

/** The breakdown of a unit's month: its targets and what each manager of the subtree carries. */
export const getBreakdown = async (ctx: AppContext, auth: Auth, q: { orgUnitId?: string; month: string }): Promise<TBreakdown> => {
  checkPeriod('month', q.month, 'month');
  const unit = await unitFor(ctx.db, auth, 'plan.approve', q.orgUnitId);
  const managers = await managersOf(ctx.db, unit.path);
  const ids = managers.map((m) => m.id);
  const [unitTargets, plans] = await Promise.all([
    ctx.db.selectFrom('unitTarget').selectAll().where('orgUnitId', '=', unit.id).where('month', '=', q.month).execute(),
    ids.length ? ctx.db.selectFrom('plan').select(['id', 'managerId', 'status']).where('kind', '=', 'month').where('period', '=', q.month).where('managerId', 'in', ids).execute() : [],
  ]);
  const planIds = plans.map((p) => p.id);
  const targets = planIds.length ? await ctx.db.selectFrom('planTarget').select(['planId', 'indicatorId', 'target']).where('planId', 'in', planIds).execute() : [];
  const [children, shares, version] = await Promise.all([
    childUnits(ctx.db, unit.id),
    ctx.db.selectFrom('unitTarget').select(['orgUnitId', 'indicatorId', 'target']).where('allocatedBy', '=', unit.id).where('month', '=', q.month).execute(),
    breakdownVersion(ctx.db, unit.id, q.month),
  ]);
  const managerOfPlan = new Map(plans.map((p) => [p.id, p.managerId]));
  const planOf = new Map(plans.map((p) => [p.managerId, p]));
  return {
    orgUnitId: unit.id,
    month: q.month,
    version,
    managers: managers.map((m) => ({ id: m.id, name: m.displayName, orgUnitName: m.orgUnitName, planId: planOf.get(m.id)?.id ?? null, planStatus: planOf.get(m.id)?.status ?? null })),
    subUnits: children.map((c) => ({ id: c.id, name: c.name })),
    targets: unitTargets.map((u) => ({
      indicatorId: u.indicatorId,
      unitTarget: num(u.target),
      allocatedBy: u.allocatedBy ?? null,
      differenceReason: u.differenceReason,
      managers: targets.filter((t) => t.indicatorId === u.indicatorId).map((t) => ({ managerId: managerOfPlan.get(t.planId)!, target: num(t.target) })),
      subUnits: shares.filter((x) => x.indicatorId === u.indicatorId).map((x) => ({ orgUnitId: x.orgUnitId, target: num(x.target) })),
    })),
  };
};

/**
 * A leader sets the unit's month targets and breaks them down to the subtree's managers and
 * units (decision 065). A sum or count breakdown must add up to the unit target, or carry the
 * reason for the difference; ratios are rates each manager or unit is held to, not parts of a
 * whole. A unit's share becomes its month target, fixed for its own leader, who breaks it down
 * further by the same rules. Recipients must not overlap (a manager inside a unit that got a
 * share, or a unit inside another). Managers' month plans are opened (drafts) where missing; a
 * plan already submitted or approved keeps its targets (409). The save carries the version it
 * read (decision 066): a stale one is 409 `version_conflict` and changes nothing; a save bumps
 * the unit's version, and the version of each unit below whose share changed.
 */
export const saveBreakdown = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TBreakdownBody): Promise<TBreakdown> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const unit = await unitFor(tx, auth, 'plan.approve', input.orgUnitId);
    // One breakdown of a unit at a time: the unit row is the lock.
    await lockRow(tx, 'orgUnit', unit.id);
    if ((await breakdownVersion(tx, unit.id, input.month)) !== input.version) throw new AppError('version_conflict');
    const managers = await managersOf(tx, unit.path);
    const byId = new Map(managers.map((m) => [m.id, m]));
    const managerPaths = new Map((managers.length ? await tx.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'orgUnit.path']).where('appUser.id', 'in', managers.map((m) => m.id)).execute() : []).map((r) => [r.id, r.path]));
    const problems: FieldProblem[] = [];
    // Units below this one that a share may go to: anywhere in the subtree but the unit itself.
    const wanted = [...new Set(input.targets.flatMap((t) => (t.subUnits ?? []).map((u) => u.orgUnitId)))];
    const below = wanted.length
      ? await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', 'in', wanted).where(sql<boolean>`path like ${likeEscape(unit.path) + '%'} escape '\\'`).where('id', '!=', unit.id).orderBy('path').execute()
      : [];
    const unitById = new Map(below.map((u) => [u.id, u]));
    const fixed = new Map(
      (await tx.selectFrom('unitTarget').select(['indicatorId', 'target', 'allocatedBy']).where('orgUnitId', '=', unit.id).where('month', '=', input.month).where('allocatedBy', 'is not', null).execute()).map((r) => [r.indicatorId, num(r.target)]),
    );
    const indicatorIds = [...new Set(input.targets.map((t) => t.indicatorId))];
    const indicators = indicatorIds.length ? await tx.selectFrom('indicator').selectAll().where('id', 'in', indicatorIds).where('enabled', '=', 1).execute() : [];
    const indById = new Map(indicators.map((i) => [i.id, i]));
    const seen = new Set<string>();
    for (const [i, t] of input.targets.entries()) {
      const ind = indById.get(t.indicatorId);
      if (!ind) problems.push({ path: `targets.${i}.indicatorId`, key: 'unknown_indicator' });
      else if (seen.has(t.indicatorId)) problems.push({ path: `targets.${i}.indicatorId`, key: 'duplicate_value' });
      seen.add(t.indicatorId);
      const mgrSeen = new Set<string>();
      for (const [j, m] of t.managers.entries()) {
        // A manager outside the leader's unit is not there for them: 404, as any record out of scope.
        if (!byId.has(m.managerId)) throw new AppError('not_found', [{ path: `targets.${i}.managers.${j}.managerId`, key: 'unknown_user' }]);
        if (mgrSeen.has(m.managerId)) problems.push({ path: `targets.${i}.managers.${j}.managerId`, key: 'duplicate_manager' });
        mgrSeen.add(m.managerId);
        if (ind?.aggregation === 'ratio' && m.target > 100) problems.push({ path: `targets.${i}.managers.${j}.target`, key: 'percent_range' });
      }
      const shareSeen = new Set<string>();
      const shares = t.subUnits ?? [];
      for (const [j, u] of shares.entries()) {
        const sub = unitById.get(u.orgUnitId);
        // A unit outside the leader's subtree (or the unit itself) is not there for them: 404.
        if (!sub) throw new AppError('not_found', [{ path: `targets.${i}.subUnits.${j}.orgUnitId`, key: 'unknown_org_unit' }]);
        if (shareSeen.has(u.orgUnitId)) problems.push({ path: `targets.${i}.subUnits.${j}.orgUnitId`, key: 'duplicate_value' });
        shareSeen.add(u.orgUnitId);
        if (shares.some((o) => o.orgUnitId !== u.orgUnitId && unitById.get(o.orgUnitId) && sub.path.startsWith(unitById.get(o.orgUnitId)!.path)))
          problems.push({ path: `targets.${i}.subUnits.${j}.orgUnitId`, key: 'overlapping_allocation' });
        if (ind?.aggregation === 'ratio' && u.target > 100) problems.push({ path: `targets.${i}.subUnits.${j}.target`, key: 'percent_range' });
      }
      for (const [j, m] of t.managers.entries()) {
        const home = managerPaths.get(m.managerId);
        if (home && shares.some((o) => unitById.get(o.orgUnitId) && home.startsWith(unitById.get(o.orgUnitId)!.path)))
          problems.push({ path: `targets.${i}.managers.${j}.managerId`, key: 'overlapping_allocation' });
      }
      const given = fixed.get(t.indicatorId);
      if (given != null && given !== t.unitTarget) problems.push({ path: `targets.${i}.unitTarget`, key: 'allocated_target', params: { target: given } });
      if (ind?.aggregation === 'ratio' && t.unitTarget > 100) problems.push({ path: `targets.${i}.unitTarget`, key: 'percent_range' });
      if (ind && additive(ind.aggregation)) {
        const sum = Math.round((t.managers.reduce((s, m) => s + m.target, 0) + shares.reduce((s, u) => s + u.target, 0)) * 100) / 100;
        if (Math.abs(sum - t.unitTarget) > 1e-6 && !t.differenceReason?.trim()) problems.push({ path: `targets.${i}.differenceReason`, key: 'breakdown_mismatch', params: { sum, target: t.unitTarget } });
      }
    }
    if (problems.length) throw new AppError('validation_failed', problems);

    const involved = [...new Set(input.targets.flatMap((t) => t.managers.map((m) => m.managerId)))];
    await ensurePlans(tx, now, 'month', input.month, involved.map((id) => ({ id, orgUnitId: byId.get(id)!.orgUnitId })));
    const plans = involved.length ? await tx.selectFrom('plan').select(['id', 'managerId', 'status']).where('kind', '=', 'month').where('period', '=', input.month).where('managerId', 'in', involved).execute() : [];
    const locked = plans.filter((p) => p.status === 'submitted' || p.status === 'approved');
    const planOf = new Map(plans.map((p) => [p.managerId, p]));
    // Targets of a plan that is waiting or approved do not change under it.
    const lockedTargets = locked.length ? await tx.selectFrom('planTarget').select(['planId', 'indicatorId', 'target']).where('planId', 'in', locked.map((p) => p.id)).execute() : [];
    for (const t of input.targets)
      for (const m of t.managers) {
        const p = planOf.get(m.managerId)!;
        if (p.status !== 'submitted' && p.status !== 'approved') continue;
        const had = lockedTargets.find((x) => x.planId === p.id && x.indicatorId === t.indicatorId);
        if (!had || num(had.target) !== m.target) throw new AppError('invalid_state', [{ path: 'targets', key: 'not_editable' }]);
      }

    const stamp = toIso(now);
    // The unit's own targets; one given by the unit above stays, with this leader's reason.
    await tx.deleteFrom('unitTarget').where('orgUnitId', '=', unit.id).where('month', '=', input.month).where('allocatedBy', 'is', null).execute();
    const own = input.targets.filter((t) => !fixed.has(t.indicatorId));
    if (own.length)
      await tx
        .insertInto('unitTarget')
        .values(own.map((t) => ({ orgUnitId: unit.id, month: input.month, indicatorId: t.indicatorId, target: t.unitTarget, differenceReason: t.differenceReason?.trim() || null, setBy: auth.userId, updatedAt: stamp, allocatedBy: null })))
        .execute();
    for (const t of input.targets.filter((x) => fixed.has(x.indicatorId)))
      await tx.updateTable('unitTarget').set({ differenceReason: t.differenceReason?.trim() || null, updatedAt: stamp }).where('orgUnitId', '=', unit.id).where('month', '=', input.month).where('indicatorId', '=', t.indicatorId).execute();

    // Shares to units below become their targets: replaced where given before, withdrawn where no longer given.
    const shares = input.targets.flatMap((t) => (t.subUnits ?? []).map((u) => ({ orgUnitId: u.orgUnitId, indicatorId: t.indicatorId, target: u.target })));
    for (const u of [...new Set(shares.map((x) => x.orgUnitId))].sort((a, b) => unitById.get(a)!.path.localeCompare(unitById.get(b)!.path))) await lockRow(tx, 'orgUnit', u);
    const before = await tx.selectFrom('unitTarget').select(['orgUnitId', 'indicatorId', 'target']).where('allocatedBy', '=', unit.id).where('month', '=', input.month).execute();
    // A unit whose share is given, changed or withdrawn sees a different breakdown: its version moves on.
    const key = (x: { orgUnitId: string; indicatorId: string; target: number }) => `${x.orgUnitId}:${x.indicatorId}:${num(x.target)}`;
    const had = new Set(before.map(key));
    const gives = new Set(shares.map(key));
    const moved = [...new Set([...before.filter((b) => !gives.has(key(b))), ...shares.filter((x) => !had.has(key(x)))].map((x) => x.orgUnitId))];
    for (const b of before)
      if (!shares.some((x) => x.orgUnitId === b.orgUnitId && x.indicatorId === b.indicatorId))
        await tx.deleteFrom('unitTarget').where('orgUnitId', '=', b.orgUnitId).where('month', '=', input.month).where('indicatorId', '=', b.indicatorId).execute();
    if (shares.length) {
      const existing = await tx.selectFrom('unitTarget').select(['orgUnitId', 'indicatorId']).where('month', '=', input.month).where('orgUnitId', 'in', [...new Set(shares.map((x) => x.orgUnitId))]).execute();
      const has = new Set(existing.map((e) => `${e.orgUnitId}:${e.indicatorId}`));
      for (const x of shares.filter((x) => has.has(`${x.orgUnitId}:${x.indicatorId}`)))
        await tx.updateTable('unitTarget').set({ target: x.target, allocatedBy: unit.id, setBy: auth.userId, updatedAt: stamp }).where('orgUnitId', '=', x.orgUnitId).where('month', '=', input.month).where('indicatorId', '=', x.indicatorId).execute();
      const fresh = shares.filter((x) => !has.has(`${x.orgUnitId}:${x.indicatorId}`));
      if (fresh.length) await tx.insertInto('unitTarget').values(fresh.map((x) => ({ ...x, month: input.month, differenceReason: null, setBy: auth.userId, updatedAt: stamp, allocatedBy: unit.id }))).execute();
    }
    const open = plans.filter((p) => p.status === 'draft' || p.status === 'returned').map((p) => p.id);
    if (open.length) await tx.deleteFrom('planTarget').where('planId', 'in', open).execute();
    const rows = input.targets.flatMap((t) =>
      t.managers.filter((m) => open.includes(planOf.get(m.managerId)!.id)).map((m) => ({ planId: planOf.get(m.managerId)!.id, indicatorId: t.indicatorId, target: m.target, actual: null, numerator: null, denominator: null })),
    );
    for (let i = 0; i < rows.length; i += 300) await tx.insertInto('planTarget').values(rows.slice(i, i + 300)).execute();
    if (open.length) await tx.updateTable('plan').set({ version: sql`version + 1`, updatedAt: stamp }).where('id', 'in', open).execute();
    await bumpBreakdowns(tx, [unit.id, ...moved], input.month, stamp);
    await recordAudit(tx, now, auth, meta, { action: 'breakdown', entity: 'unitTarget', entityId: unit.id, detail: { month: input.month, targets: input.targets.length, managers: involved.length, subUnits: new Set(shares.map((x) => x.orgUnitId)).size } });
  });
  return getBreakdown(ctx, auth, { orgUnitId: input.orgUnitId, month: input.month });
};

/** Each manager of a unit and their plan for the period: missing and late plans stand out. */
export const planTeam = async (ctx: AppContext, auth: Auth, q: { orgUnitId?: string; kind: TPlanKind; period: string }): Promise<TPlanTeam> => {
  checkPeriod(q.kind, q.period);
  const unit = await unitFor(ctx.db, auth, 'plan.read', q.orgUnitId);
  const now = ctx.clock.now();
  const managers = await managersOf(ctx.db, unit.path);
  const ids = managers.map((m) => m.id);
  const plans = ids.length ? await ctx.db.selectFrom('plan').selectAll().where('kind', '=', q.kind).where('period', '=', q.period).where('managerId', 'in', ids).execute() : [];
  const planOf = new Map(plans.map((p) => [p.managerId, p]));
  const dueAt = dueAtOf(q.kind, q.period, await loadPlanSettings(ctx.db));
  const nowIso = toIso(now);
  return {
    kind: q.kind,
    period: q.period,
    dueAt,
    rows: managers.map((m) => {
      const p = planOf.get(m.id);
      const submitted = p?.submittedAt ?? null;
      const waiting = !p || p.status === 'draft' || (p.status === 'returned' && !submitted);
      return {
        managerId: m.id,
        managerName: m.displayName,
        orgUnitName: m.orgUnitName,
        planId: p?.id ?? null,
        status: p?.status ?? null,
        checkStatus: p?.checkStatus ?? null,
        submittedAt: submitted,
        late: submitted ? submitted > (p?.dueAt ?? dueAt) : nowIso > (p?.dueAt ?? dueAt),
        missing: waiting && nowIso > (p?.dueAt ?? dueAt),
      };
    }),
  };
};

/**
 * The unit view of achievement (Forms 5/6 for a unit): every manager's target, actual and
 * completion per indicator; the unit total by each indicator's aggregation — additive ones sum,
 * ratios divide the summed numerators by the summed denominators. The unit total's target is
 * the unit target when the leader set one, else the sum of the managers' (additive only).
 */
export const achievement = async (ctx: AppContext, auth: Auth, q: { orgUnitId?: string; kind: TPlanKind; period: string }): Promise<TAchievement> => {
  checkPeriod(q.kind, q.period);
  const unit = await unitFor(ctx.db, auth, 'plan.read', q.orgUnitId);
  const managers = await managersOf(ctx.db, unit.path);
  const ids = managers.map((m) => m.id);
  const plans = ids.length ? await ctx.db.selectFrom('plan').select(['id', 'managerId', 'checkStatus']).where('kind', '=', q.kind).where('period', '=', q.period).where('managerId', 'in', ids).execute() : [];
  const planIds = plans.map((p) => p.id);
  const targets = planIds.length ? await ctx.db.selectFrom('planTarget').selectAll().where('planId', 'in', planIds).execute() : [];
  const indicatorIds = [...new Set(targets.map((t) => t.indicatorId))];
  const unitTargets = q.kind === 'month' ? await ctx.db.selectFrom('unitTarget').selectAll().where('orgUnitId', '=', unit.id).where('month', '=', q.period).execute() : [];
  for (const u of unitTargets) if (!indicatorIds.includes(u.indicatorId)) indicatorIds.push(u.indicatorId);
  const indicators = indicatorIds.length ? await ctx.db.selectFrom('indicator').selectAll().where('id', 'in', indicatorIds).orderBy('sortOrder').orderBy('code').execute() : [];
  const live = await measure(ctx.db, indicators, ids, q.kind, q.period);
  const planOf = new Map(plans.map((p) => [p.managerId, p]));
  const targetOf = new Map(targets.map((t) => [`${t.planId}:${t.indicatorId}`, t]));
  const measures = new Map<string, Measure[]>();
  const rows = managers.map((m) => {
    const p = planOf.get(m.id);
    const frozen = p && (p.checkStatus === 'submitted' || p.checkStatus === 'approved');
    const cells: TAchievement['rows'][number]['cells'] = {};
    const mine = new Map<string, Measure>();
    for (const ind of indicators) {
      const t = p ? targetOf.get(`${p.id}:${ind.id}`) : undefined;
      const mm: Measure = frozen && t ? { value: t.actual == null ? null : num(t.actual), numerator: t.numerator == null ? null : num(t.numerator), denominator: t.denominator == null ? null : num(t.denominator) } : (live.get(ind.id)?.get(m.id) ?? { value: null, numerator: null, denominator: null });
      const target = t ? num(t.target) : null;
      cells[ind.id] = { target, actual: mm.value, numerator: mm.numerator, denominator: mm.denominator, completion: completionOf(target, mm.value).completion };
      measures.set(ind.id, [...(measures.get(ind.id) ?? []), mm]);
      mine.set(ind.id, mm);
    }
    return { managerId: m.id, managerName: m.displayName, orgUnitName: m.orgUnitName, planId: p?.id ?? null, cells, measures: mine };
  });
  const total: TAchievement['total'] = {};
  for (const ind of indicators) {
    const agg = aggregate(ind.aggregation, measures.get(ind.id) ?? []);
    const ut = unitTargets.find((u) => u.indicatorId === ind.id);
    const memberTargets = rows.map((r) => r.cells[ind.id]!.target).filter((v): v is number => v != null);
    const target = ut ? num(ut.target) : additive(ind.aggregation) && memberTargets.length ? memberTargets.reduce((s, v) => s + v, 0) : null;
    total[ind.id] = { target, actual: agg.value, numerator: agg.numerator, denominator: agg.denominator, completion: completionOf(target, agg.value).completion };
  }
  // Each unit directly below: its subtree's managers aggregated by the indicator's rule (a ratio
  // as Σnumerator ÷ Σdenominator), against the unit's own month target.
  const children = await childUnits(ctx.db, unit.id);
  const childTargets = q.kind === 'month' && children.length ? await ctx.db.selectFrom('unitTarget').selectAll().where('orgUnitId', 'in', children.map((c) => c.id)).where('month', '=', q.period).execute() : [];
  const pathOf = new Map((ids.length ? await ctx.db.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'orgUnit.path']).where('appUser.id', 'in', ids).execute() : []).map((r) => [r.id, r.path]));
  const subUnits = children.map((c) => {
    const members = rows.filter((r) => pathOf.get(r.managerId)?.startsWith(c.path));
    const cells: TAchievement['total'] = {};
    for (const ind of indicators) {
      const agg = aggregate(ind.aggregation, members.map((r) => r.measures.get(ind.id)!));
      const ut = childTargets.find((u) => u.orgUnitId === c.id && u.indicatorId === ind.id);
      const memberTargets = members.map((r) => r.cells[ind.id]!.target).filter((v): v is number => v != null);
      const target = ut ? num(ut.target) : additive(ind.aggregation) && memberTargets.length ? memberTargets.reduce((s, v) => s + v, 0) : null;
      cells[ind.id] = { target, actual: agg.value, numerator: agg.numerator, denominator: agg.denominator, completion: completionOf(target, agg.value).completion };
    }
    return { orgUnitId: c.id, name: c.name, cells };
  });
  return {
    kind: q.kind,
    period: q.period,
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, unit: i.unit, aggregation: i.aggregation })),
    rows: rows.map(({ measures: _m, ...r }) => r),
    subUnits,
    total,
  };
};
