import type { DigestItem, EventData } from '../notifications/registry.js';
import { registerDigestSection, registerEventType, registerScope } from '../notifications/registry.js';
import { grantsAmong } from '../notifications/scope.js';
import { isoWeekKey, monthKey, shiftPeriod, type Locale, type TPlanKind } from '@liaison/shared';
import { toIso } from '../../db/dialect.js';
import { dueAtOf, loadPlanSettings } from './plan.service.js';

/**
 * What plans tell people: `plan.submitted` (to the approving leaders), `plan.returned` (to the
 * manager), `plan.overdue` (to the manager and their unit's robots, from jobs/plan.jobs.ts); a
 * plan meets the data scope by its manager and unit for `plan.read`. The digest lists plans
 * waiting for the reader's approval and the reader's own plans due within three days, late or
 * returned (`plansMine`) — the latter only once the organisation has written any plan.
 */
registerScope('plan', {
  permission: 'plan.read',
  load: (tx, ids) =>
    tx
      .selectFrom('plan')
      .innerJoin('orgUnit', 'orgUnit.id', 'plan.orgUnitId')
      .select(['plan.id', 'plan.managerId as ownerId', 'plan.orgUnitId', 'orgUnit.path as orgUnitPath'])
      .where('plan.id', 'in', ids)
      .execute(),
});

const kindText = (d: EventData, locale: Locale) => {
  const check = Boolean(d.check);
  if (locale === 'zh-CN') return `${d.period} ${d.kind === 'month' ? '月' : '周'}${check ? '计划达成检查' : '计划'}`;
  return `${d.kind === 'month' ? 'month' : 'week'} ${check ? 'achievement check' : 'plan'} ${d.period}`;
};

registerEventType({
  type: 'plan.submitted',
  label: { 'zh-CN': '计划待审批', 'en-US': 'Plan waiting for approval' },
  description: { 'zh-CN': '客户经理提交（或重新提交）了月/周计划或达成检查', 'en-US': 'A manager submitted (or resubmitted) a plan or achievement check' },
  defaults: { inApp: true, email: false },
  title: (d, locale) => (locale === 'zh-CN' ? `${d.managerName} 提交了 ${kindText(d, locale)}，请审批` : `${d.managerName} submitted the ${kindText(d, locale)} for approval`),
  link: (e) => `/plans/${e.id}`,
});

registerEventType({
  type: 'plan.returned',
  label: { 'zh-CN': '计划被退回', 'en-US': 'Plan returned' },
  description: { 'zh-CN': '主管退回了您的计划或达成检查，附意见', 'en-US': 'Your leader returned your plan or check with a comment' },
  defaults: { inApp: true, email: true },
  title: (d, locale) => (locale === 'zh-CN' ? `您的 ${kindText(d, locale)} 被退回：${d.comment ?? ''}` : `Your ${kindText(d, locale)} was returned: ${d.comment ?? ''}`),
  link: (e) => `/plans/${e.id}`,
});

registerEventType({
  type: 'plan.overdue',
  label: { 'zh-CN': '计划逾期未交', 'en-US': 'Plan overdue' },
  description: { 'zh-CN': '月/周计划过了提交时间仍未提交', 'en-US': 'A month or week plan is past its due time and not submitted' },
  defaults: { inApp: true, email: false },
  robot: true,
  title: (d, locale) => (locale === 'zh-CN' ? `${d.managerName} 的 ${kindText(d, locale)} 已逾期未提交` : `${d.managerName}'s ${kindText(d, locale)} is overdue`),
  link: (e) => `/plans/${e.id}`,
});

registerDigestSection({
  key: 'plansWaiting',
  order: 30,
  title: { 'zh-CN': '待审批的计划', 'en-US': 'Plans waiting for your approval' },
  collect: async (tx, users) => {
    // Leaders among the batch: whoever holds plan.approve; scope is filtered afterwards by fan-out rules.
    const approvers = await grantsAmong(tx, users.map((u) => u.id), 'plan.approve');
    const leaders = users.filter((u) => approvers.has(u.id));
    if (!leaders.length) return [];
    const rows = await tx
      .selectFrom('plan')
      .innerJoin('appUser', 'appUser.id', 'plan.managerId')
      .innerJoin('orgUnit', 'orgUnit.id', 'plan.orgUnitId')
      .select(['plan.id', 'plan.kind', 'plan.period', 'plan.managerId', 'plan.submittedAt', 'plan.checkStatus', 'plan.status', 'appUser.displayName', 'orgUnit.path'])
      .where((eb) => eb.or([eb('plan.status', '=', 'submitted'), eb('plan.checkStatus', '=', 'submitted')]))
      .execute();
    return leaders.flatMap((u) =>
      rows
        .filter((r) => r.path.startsWith(u.orgUnitPath) && r.managerId !== u.id)
        .map((r) => ({ userId: u.id, entity: { type: 'plan', id: r.id }, data: { managerName: r.displayName, kind: r.kind, period: r.period, check: r.status !== 'submitted' }, sortKey: r.submittedAt ?? r.period })),
    );
  },
  line: (d, locale) => `${d.managerName} · ${kindText(d, locale)}`,
  link: (e) => `/plans/${e.id}`,
});

/**
 * A manager's own plan of a period, whether or not its row exists yet (a plan not started is
 * due all the same): the entity id is `userId:kind:period`, in scope for whoever may read that
 * manager's plans — the manager themself, here.
 */
registerScope('planDue', {
  permission: 'plan.read',
  load: async (tx, ids) => {
    const userIds = [...new Set(ids.map((id) => id.split(':')[0]!))];
    const users = await tx.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.path']).where('appUser.id', 'in', userIds).execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.flatMap((id) => {
      const u = byId.get(id.split(':')[0]!);
      return u ? [{ id, ownerId: u.id, orgUnitId: u.orgUnitId, orgUnitPath: u.path }] : [];
    });
  },
});

/** "12月7日 09:00" / "2026-12-07 09:00", Beijing time. */
const localTime = (iso: string, locale: Locale) => {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return locale === 'zh-CN' ? `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日 ${d.slice(11, 16)}` : `${d.slice(0, 10)} ${d.slice(11, 16)}`;
};

const DUE_SOON_MS = 3 * 86_400_000;

registerDigestSection({
  key: 'plansMine',
  order: 35,
  title: { 'zh-CN': '我的计划', 'en-US': 'Your plans' },
  collect: async (tx, users, { now }) => {
    // Managers among the batch: whoever writes plans.
    const writers = await grantsAmong(tx, users.map((u) => u.id), 'plan.write');
    const ids = users.filter((u) => writers.has(u.id)).map((u) => u.id);
    if (!ids.length) return [];
    // An organisation that has never written a plan does not work with plans (yet): no deadlines
    // to remind anyone of, so no section (decision 066).
    if (!(await tx.selectFrom('plan').select('id').limit(1).executeTakeFirst())) return [];
    const settings = await loadPlanSettings(tx);
    const nowIso = toIso(now);
    const soon = toIso(new Date(now.getTime() + DUE_SOON_MS));
    // This and next week's plan, this and next month's: those not submitted and due within three days or already late.
    const periods: [TPlanKind, string][] = [
      ['week', isoWeekKey(now)],
      ['week', shiftPeriod('week', isoWeekKey(now), 1)],
      ['month', monthKey(now)],
      ['month', shiftPeriod('month', monthKey(now), 1)],
    ];
    const due = periods.map(([kind, period]) => ({ kind, period, dueAt: dueAtOf(kind, period, settings) })).filter((p) => p.dueAt <= soon);
    const plans = await tx
      .selectFrom('plan')
      .select(['id', 'managerId', 'kind', 'period', 'status', 'dueAt', 'submittedAt', 'checkStatus', 'leaderComment', 'checkComment'])
      .where('managerId', 'in', ids)
      .where((eb) => eb.or([...due.map((p) => eb.and([eb('kind', '=', p.kind), eb('period', '=', p.period)])), eb('status', '=', 'returned'), eb('checkStatus', '=', 'returned')]))
      .execute();
    const items: DigestItem[] = [];
    for (const userId of ids) {
      const mine = plans.filter((p) => p.managerId === userId);
      for (const p of mine.filter((x) => x.status === 'returned' || x.checkStatus === 'returned')) {
        const check = p.status !== 'returned';
        items.push({ userId, entity: { type: 'plan', id: p.id }, data: { what: 'returned', planId: p.id, kind: p.kind, period: p.period, check, comment: check ? p.checkComment : p.leaderComment }, sortKey: `0|${p.period}` });
      }
      for (const d of due) {
        const p = mine.find((x) => x.kind === d.kind && x.period === d.period);
        if (p && p.status !== 'draft') continue; // submitted, approved, or returned (listed above)
        const dueAt = p?.dueAt ?? d.dueAt;
        items.push({
          userId,
          entity: p ? { type: 'plan', id: p.id } : { type: 'planDue', id: `${userId}:${d.kind}:${d.period}` },
          data: { what: dueAt < nowIso ? 'overdue' : 'due', planId: p?.id ?? null, kind: d.kind, period: d.period, dueAt },
          sortKey: `1|${dueAt}`,
        });
      }
    }
    return items;
  },
  line: (d, locale) => {
    if (d.what === 'returned') return locale === 'zh-CN' ? `${kindText(d, locale)} 被退回：${d.comment ?? ''}` : `${kindText(d, locale)} returned: ${d.comment ?? ''}`;
    const at = localTime(String(d.dueAt), locale);
    if (d.what === 'overdue') return locale === 'zh-CN' ? `${kindText(d, locale)} 已逾期（${at} 截止）` : `${kindText(d, locale)} is overdue (due ${at})`;
    return locale === 'zh-CN' ? `${kindText(d, locale)} 请在 ${at} 前提交` : `${kindText(d, locale)} due by ${at}`;
  },
  link: (_e, d) => (d.planId ? `/plans/${d.planId}` : '/plans'),
});
