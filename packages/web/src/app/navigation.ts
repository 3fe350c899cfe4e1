import type { Permission, TMe } from '@liaison/shared';
import type { Messages } from './locales/zh-CN';

export type NavKey = keyof Messages['nav'];
/** `hiddenWith`: the entry gives way to another for holders of that permission (我的申请 → 变更审批). */
export type NavItem = { key: NavKey; path: string; permission?: Permission; hiddenWith?: Permission };
export type NavGroup = { key: NavKey; items: NavItem[] };

export const workbenchItem: NavItem = { key: 'workbench', path: '/' };

/** Customer work: the archive and pool for everyone with customer access, the rest by permission. */
/** The day's work: visits, the calendar and, for leaders, the team's coverage. */
export const visitGroup: NavGroup = {
  key: 'visitGroup',
  items: [
    { key: 'visits', path: '/visits', permission: 'visit.read' },
    { key: 'calendar', path: '/calendar', permission: 'visit.read' },
    { key: 'team', path: '/team', permission: 'team.read' },
    { key: 'plans', path: '/plans', permission: 'plan.read' },
  ],
};

export const customerGroup: NavGroup = {
  key: 'customerGroup',
  items: [
    { key: 'customers', path: '/customers', permission: 'customer.read' },
    { key: 'pool', path: '/pool', permission: 'pool.claim' },
    { key: 'myRequests', path: '/change-requests', permission: 'customer.read', hiddenWith: 'customer.approve' },
    { key: 'changeRequests', path: '/change-requests', permission: 'customer.approve' },
    { key: 'imports', path: '/customers/import', permission: 'customer.import' },
    { key: 'handover', path: '/handover', permission: 'handover.manage' },
    { key: 'departureAudit', path: '/departure-audit', permission: 'departureAudit.read' },
    { key: 'gradingRules', path: '/admin/grading', permission: 'customer.approve', hiddenWith: 'grading.manage' },
  ],
};

/** Service tickets: the list for everyone who sees tickets, statistics by permission. */
export const ticketGroup: NavGroup = {
  key: 'ticketGroup',
  items: [
    { key: 'tickets', path: '/tickets', permission: 'ticket.read' },
    { key: 'ticketStats', path: '/tickets/stats', permission: 'ticket.stats' },
  ],
};

/**
 * Administration pages appear for the permission that lets one act there. Read-only
 * `user.read`/`orgUnit.read` (which managers hold for their own unit) does not open them.
 */
export const adminGroup: NavGroup = {
  key: 'admin',
  items: [
    { key: 'orgUnits', path: '/admin/org-units', permission: 'orgUnit.manage' },
    { key: 'users', path: '/admin/users', permission: 'user.manage' },
    { key: 'roles', path: '/admin/roles', permission: 'role.manage' },
    { key: 'dictionaries', path: '/admin/dictionaries', permission: 'dictionary.manage' },
    { key: 'jobs', path: '/admin/jobs', permission: 'job.manage' },
    { key: 'grading', path: '/admin/grading', permission: 'grading.manage' },
    { key: 'slaSettings', path: '/admin/sla', permission: 'sla.manage' },
    { key: 'contactRules', path: '/admin/contact-rules', permission: 'contactRule.manage' },
    { key: 'indicators', path: '/admin/indicators', permission: 'indicator.manage' },
    { key: 'auditLog', path: '/admin/audit-log', permission: 'auditLog.read' },
    { key: 'notificationAdmin', path: '/admin/notifications', permission: 'notification.manage' },
  ],
};

export const visibleItems = (me: Pick<TMe, 'permissions'>, items: NavItem[]): NavItem[] =>
  items.filter((i) => (!i.permission || Boolean(me.permissions[i.permission])) && !(i.hiddenWith && me.permissions[i.hiddenWith]));

/** The menu entry to highlight for a path: the longest matching item path. */
export const selectedKey = (pathname: string, items: NavItem[]): NavKey | undefined =>
  [...items]
    .sort((a, b) => b.path.length - a.path.length)
    .find((i) => (i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`)))?.key;
