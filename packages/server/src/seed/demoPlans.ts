import { addDays, isoWeekKey, localDate, monthKey, periodRange, shiftPeriod, type TPlanKind } from '@liaison/shared';
import type { Db, NewRow } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { measure } from '../modules/plans/indicators.js';
import { defaultPlanSettings, dueAtOf } from '../modules/plans/plan.service.js';

const rng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

const keyActions = ['重点推进新品上柜，做好陈列指导', '节前备货提醒，逐户电话确认订货量', '走访重点客户，落实诚信互助小组活动', '跟进零售终端建设，提升形象店覆盖', '梳理低活跃客户，制定唤醒方案'];
const customerNotes = ['老客户订货稳定，两户因装修暂停', '新开便利店两家，已建档跟进', '个别客户资金紧张，订货量下降'];
const productNotes = ['细支烟增长明显，高端品规走货偏慢', '新品动销一般，需加强推介', '常销品规供应充足，紧俏品规需合理分配'];
const marketNotes = ['周边新开商超，客流有所分流', '节日消费带动，整体需求上升', '学校周边管控加强，部分客户调整经营'];
const improvementNotes = ['每周电话回访重点客户，及时掌握需求', '按片区优化拜访路线，提高上门频次', '加强新品推介话术培训'];
const workItems = ['周一例会，分解本周任务', '整理新品陈列资料', '走访片区新开门店', '汇总客户需求反馈营销部', '周五复盘本周拜访'];
const serviceGoals = ['稳定月销量，推进高端品规上柜', '提升终端形象，完成形象店改造', '扩大细支烟销售，提高订货满足率'];
const serviceActionTitles = ['送高端品规样品并指导陈列', '协助店面形象改造方案', '回访上月投诉处理结果'];
const gapNotes = ['个别客户临时外出，拜访顺延', '新品到货延迟，推介推迟到下月', '月底两户装修停业，销量未达预期'];

/**
 * Plans for the demo managers, from the demo's visits and figures: the months and ISO weeks
 * before the current one approved with checks frozen on what happened; the current month
 * approved for most, manager2's waiting for leader1's approval and manager3's returned with a
 * comment; this week's plans carrying the week's planned visits — manager1's still a draft,
 * to submit on the first visit. A business-figure indicator (sales volume) shows the imported
 * figures beside the computed ones. Set-based inserts: a few statements per period.
 */
export const seedDemoPlans = async (db: Db, at: Date): Promise<number> => {
  if (await db.selectFrom('plan').select('id').limit(1).executeTakeFirst()) return 0;
  const rand = rng(20261202);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const stamp = toIso(at);
  const managers = await db
    .selectFrom('appUser')
    .innerJoin('userRole', 'userRole.userId', 'appUser.id')
    .innerJoin('role', 'role.id', 'userRole.roleId')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.username', 'appUser.displayName', 'appUser.orgUnitId', 'orgUnit.path'])
    .where('role.code', '=', 'manager')
    .orderBy('appUser.username')
    .execute();
  if (!managers.length) return 0;
  const leaders = await db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'orgUnit.path'])
    .where('appUser.username', 'in', ['leader1', 'leader2'])
    .execute();
  const leaderOf = (path: string) => leaders.find((l) => path.startsWith(l.path));

  await db
    .insertInto('indicator')
    .values({ id: newId(), code: 'salesVolume', nameZh: '卷烟销量', nameEn: 'Sales volume', unit: '条', source: 'figure', field: 'volume', aggregation: 'sum', builtin: 0, enabled: 1, sortOrder: 200, version: 1, createdAt: stamp, updatedAt: stamp })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const indicators = await db.selectFrom('indicator').selectAll().where('code', 'in', ['visits', 'onsiteVisits', 'coverage', 'wonCustomers', 'salesVolume', 'plannedCompletion', 'phoneContacts']).execute();
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const monthIndicators = ['visits', 'onsiteVisits', 'coverage', 'wonCustomers', 'salesVolume'].map((c) => byCode.get(c)!).filter(Boolean);
  const weekIndicators = ['visits', 'phoneContacts', 'plannedCompletion'].map((c) => byCode.get(c)!).filter(Boolean);
  const ids = managers.map((m) => m.id);

  const thisMonth = monthKey(at);
  const thisWeek = isoWeekKey(at);
  const periods: { kind: TPlanKind; period: string; past: boolean }[] = [
    ...[-3, -2, -1].map((n) => ({ kind: 'month' as const, period: shiftPeriod('month', thisMonth, n), past: true })),
    { kind: 'month', period: thisMonth, past: false },
    ...[-3, -2, -1].map((n) => ({ kind: 'week' as const, period: shiftPeriod('week', thisWeek, n), past: true })),
    { kind: 'week', period: thisWeek, past: false },
  ];

  const plans: NewRow<'plan'>[] = [];
  const targets: NewRow<'planTarget'>[] = [];
  const events: NewRow<'planEvent'>[] = [];
  const unitTargets = new Map<string, NewRow<'unitTarget'>>();
  const linkVisits: { planId: string; managerId: string; from: string; to: string }[] = [];
  let count = 0;

  for (const p of periods) {
    const range = periodRange(p.kind, p.period);
    const dueAt = dueAtOf(p.kind, p.period, defaultPlanSettings);
    const inds = p.kind === 'month' ? monthIndicators : weekIndicators;
    // What happened (or, for the current period, the previous one as the basis for targets).
    const basis = await measure(db, inds, ids, p.kind, p.past ? p.period : shiftPeriod(p.kind, p.period, -1));
    const frozen = p.past ? basis : null;
    for (const m of managers) {
      const id = newId();
      const leader = leaderOf(m.path);
      let status: 'draft' | 'submitted' | 'approved' | 'returned' = 'approved';
      if (!p.past && p.kind === 'month' && m.username === 'manager2') status = 'submitted';
      if (!p.past && p.kind === 'month' && m.username === 'manager3') status = 'returned';
      if (!p.past && p.kind === 'week' && m.username === 'manager1') status = 'draft';
      if (!p.past && p.kind === 'week' && m.username === 'manager2') status = 'submitted';
      const submittedAt = status === 'draft' ? null : new Date(Date.parse(dueAt) - (m.username === 'manager4' ? -6 : 20) * 3_600_000).toISOString();
      const decidedAt = status === 'approved' || status === 'returned' ? new Date(Date.parse(submittedAt!) + 5 * 3_600_000).toISOString() : null;
      const checkApproved = p.past;
      plans.push({
        id,
        kind: p.kind,
        period: p.period,
        managerId: m.id,
        orgUnitId: m.orgUnitId,
        status,
        keyActions: p.kind === 'month' ? pick(keyActions) : null,
        developCustomerIds: '[]',
        analysisCustomer: p.kind === 'month' ? pick(customerNotes) : null,
        analysisProduct: p.kind === 'month' ? pick(productNotes) : null,
        analysisMarket: p.kind === 'month' ? pick(marketNotes) : null,
        improvements: p.kind === 'month' ? pick(improvementNotes) : null,
        workItems: JSON.stringify(p.kind === 'week' ? workItems.slice(0, 3 + Math.floor(rand() * 3)).map((text, i) => ({ text, day: i === 0 ? 1 : null })) : []),
        leaderComment: status === 'returned' ? '拟开发客户偏少，请补充两户潜在客户后重新提交' : status === 'approved' ? '同意' : null,
        dueAt,
        submittedAt,
        decidedAt,
        decidedBy: decidedAt ? (leader?.id ?? null) : null,
        checkStatus: checkApproved ? 'approved' : 'open',
        checkExplanation: checkApproved ? pick(gapNotes) : null,
        checkImprovement: checkApproved ? pick(improvementNotes) : null,
        checkComment: checkApproved ? '已阅，按改进措施落实' : null,
        checkSubmittedAt: checkApproved ? range.to : null,
        checkDecidedAt: checkApproved ? new Date(Date.parse(range.to) + 26 * 3_600_000).toISOString() : null,
        overdueNotifiedAt: null,
        version: 1,
        createdAt: new Date(Date.parse(dueAt) - 3 * 86_400_000).toISOString(),
        updatedAt: stamp,
      });
      count++;
      const actor = (a: string, from: string | null, to: string, atIso: string, byLeader: boolean, comment: string | null = null) =>
        events.push({ id: newId(), planId: id, at: atIso, actorId: byLeader ? (leader?.id ?? null) : m.id, actorName: byLeader ? (leader?.displayName ?? null) : m.displayName, action: a, fromStatus: from, toStatus: to, comment });
      if (submittedAt) actor('submit', 'draft', 'submitted', submittedAt, false);
      if (decidedAt) actor(status === 'returned' ? 'return' : 'approve', 'submitted', status, decidedAt, true, status === 'returned' ? '拟开发客户偏少，请补充两户潜在客户后重新提交' : '同意');
      if (checkApproved) {
        actor('check_submit', 'open', 'submitted', range.to, false);
        actor('check_approve', 'submitted', 'approved', new Date(Date.parse(range.to) + 26 * 3_600_000).toISOString(), true, '已阅，按改进措施落实');
      }
      for (const ind of inds) {
        const b = basis.get(ind.id)?.get(m.id);
        if (ind.source === 'figure' && b?.value == null) continue;
        const base = b?.value ?? 0;
        const target = ind.aggregation === 'ratio' ? Math.min(100, Math.round(80 + rand() * 15)) : Math.max(1, Math.round(base * (0.95 + rand() * 0.25)));
        const f = frozen?.get(ind.id)?.get(m.id);
        targets.push({ planId: id, indicatorId: ind.id, target, actual: f ? f.value : null, numerator: f ? f.numerator : null, denominator: f ? f.denominator : null });
        if (p.kind === 'month' && leader) {
          const key = `${leader.orgUnitId}:${p.period}:${ind.id}`;
          const u = unitTargets.get(key) ?? { orgUnitId: leader.orgUnitId, month: p.period, indicatorId: ind.id, target: 0, differenceReason: null, setBy: leader.id, updatedAt: stamp };
          u.target = ind.aggregation === 'ratio' ? 90 : Number(u.target) + target;
          unitTargets.set(key, u);
        }
      }
      if (p.kind === 'week') linkVisits.push({ planId: id, managerId: m.id, from: range.from, to: range.to });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < plans.length; i += 200) await tx.insertInto('plan').values(plans.slice(i, i + 200)).execute();
    for (let i = 0; i < targets.length; i += 500) await tx.insertInto('planTarget').values(targets.slice(i, i + 500)).execute();
    for (let i = 0; i < events.length; i += 500) await tx.insertInto('planEvent').values(events.slice(i, i + 500)).execute();
    if (unitTargets.size) await tx.insertInto('unitTarget').values([...unitTargets.values()]).execute();
    // Each week's planned visits belong to that week's plan; so do its on-site visits (planned ahead at the Monday meeting).
    for (const l of linkVisits)
      await tx
        .updateTable('visit')
        .set({ planId: l.planId })
        .where('managerId', '=', l.managerId)
        .where('startAt', '>=', l.from)
        .where('startAt', '<', l.to)
        .where((eb) => eb.or([eb('status', 'in', ['planned', 'missed']), eb.and([eb('status', '=', 'done'), eb('method', '=', 'onsite')])]))
        .execute();
  });
  // Form 7: each manager's first two key customers get this month's service plan — one action
  // overdue, one done, one due later with the leader as owner.
  const keyCustomers = await db
    .selectFrom('customer')
    .select(['id', 'ownerId', 'name'])
    .where('isKey', '=', 1)
    .where('ownerId', 'in', ids)
    .orderBy('ownerId')
    .orderBy('id')
    .execute();
  const servicePlans: NewRow<'servicePlan'>[] = [];
  const serviceActions: NewRow<'serviceAction'>[] = [];
  const today = localDate(at);
  const seen = new Map<string, number>();
  for (const c of keyCustomers) {
    const n = seen.get(c.ownerId!) ?? 0;
    if (n >= 2) continue;
    seen.set(c.ownerId!, n + 1);
    const m = managers.find((x) => x.id === c.ownerId)!;
    const leader = leaderOf(m.path);
    const planId = newId();
    servicePlans.push({ id: planId, customerId: c.id, managerId: m.id, orgUnitId: m.orgUnitId, period: thisMonth, goals: pick(serviceGoals), status: 'active', version: 1, createdAt: stamp, updatedAt: stamp });
    const action = (title: string, dueDate: string, ownerId: string, done: boolean) =>
      serviceActions.push({ id: newId(), planId, title, dueDate, ownerId, status: done ? 'done' : 'open', visitId: null, doneAt: done ? stamp : null, version: 1, createdAt: stamp, updatedAt: stamp });
    action(pick(serviceActionTitles), addDays(today, -2 - n), m.id, false);
    action('节前走访，送达节日问候', addDays(today, -6), m.id, true);
    action('主管陪同拜访，了解经营规划', addDays(today, 8 + n), leader?.id ?? m.id, false);
  }
  if (servicePlans.length) {
    await db.insertInto('servicePlan').values(servicePlans).execute();
    await db.insertInto('serviceAction').values(serviceActions).execute();
  }
  // Past weekly checks froze planned-visit completion: now that visits carry their plans, freeze it again.
  const pc = byCode.get('plannedCompletion');
  if (pc)
    for (const p of periods.filter((x) => x.kind === 'week' && x.past)) {
      const m = await measure(db, [pc], ids, 'week', p.period);
      for (const plan of plans.filter((x) => x.kind === 'week' && x.period === p.period)) {
        const v = m.get(pc.id)?.get(plan.managerId!);
        await db.updateTable('planTarget').set({ actual: v?.value ?? null, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null }).where('planId', '=', plan.id!).where('indicatorId', '=', pc.id).execute();
      }
    }
  return count;
};
