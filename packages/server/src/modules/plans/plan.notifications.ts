import type { EventData } from '../notifications/registry.js';
import { registerDigestSection, registerEventType, registerScope } from '../notifications/registry.js';
import type { Locale } from '@liaison/shared';

/**
 * What plans tell people: `plan.submitted` (to the approving leaders), `plan.returned` (to the
 * manager), `plan.overdue` (to the manager and their unit's robots, from jobs/plan.jobs.ts); a
 * plan meets the data scope by its manager and unit for `plan.read`. The digest lists plans
 * waiting for the reader's approval and the reader's own plans due or returned.
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
    const approvers = await tx
      .selectFrom('userRole')
      .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
      .select('userRole.userId')
      .where('roleGrant.permission', '=', 'plan.approve')
      .where('userRole.userId', 'in', users.map((u) => u.id))
      .execute();
    const ids = new Set(approvers.map((a) => a.userId));
    const leaders = users.filter((u) => ids.has(u.id));
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
