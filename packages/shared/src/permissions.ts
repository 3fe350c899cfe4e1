/**
 * Permissions are verbs on resources; each grant in a role carries the data scope it applies
 * with. A user holding several roles gets, per permission, the widest scope among them.
 */
export const dataScopes = ['self', 'unit', 'unitTree', 'all'] as const;
export type DataScope = (typeof dataScopes)[number];

export const scopeRank: Record<DataScope, number> = { self: 0, unit: 1, unitTree: 2, all: 3 };

export const widestScope = (a: DataScope, b: DataScope): DataScope =>
  scopeRank[a] >= scopeRank[b] ? a : b;

export const permissions = [
  'orgUnit.read',
  'orgUnit.manage',
  'user.read',
  'user.manage',
  'role.manage',
  'dictionary.manage',
  'auditLog.read',
  'job.manage',
  'customer.read',
  'customer.create',
  'customer.update',
  'customer.reveal',
  'customer.export',
  'customer.exportUnmasked',
  'customer.assign',
  'customer.approve',
  'customer.import',
  'pool.claim',
  'pool.manage',
  'handover.manage',
  'grading.manage',
  'departureAudit.read',
  'visit.read',
  'visit.create',
  'visit.update',
  'visit.export',
  'contactRule.manage',
  'team.read',
  'notification.manage',
  'notification.admin',
  'ticket.read',
  'ticket.create',
  'ticket.handle',
  'ticket.assign',
  'ticket.approve',
  'ticket.callback',
  'ticket.stats',
  'sla.manage',
  'plan.read',
  'plan.write',
  'plan.approve',
  'indicator.manage',
] as const;
export type Permission = (typeof permissions)[number];

export type Grant = { permission: Permission; dataScope: DataScope };

export const builtinRoles = ['manager', 'leader', 'handler', 'riskOfficer', 'auditor', 'admin'] as const;
export type BuiltinRole = (typeof builtinRoles)[number];

const grants = (scope: DataScope, ...perms: Permission[]): Grant[] =>
  perms.map((permission) => ({ permission, dataScope: scope }));

/** The six roles of SPEC §1 as shipped; admins may edit them or add custom roles. */
export const builtinRoleGrants: Record<BuiltinRole, Grant[]> = {
  manager: [
    ...grants('self', 'customer.read', 'customer.create', 'customer.update', 'customer.reveal', 'customer.export', 'pool.claim'),
    ...grants('self', 'visit.read', 'visit.create', 'visit.update', 'visit.export'),
    ...grants('unit', 'user.read', 'orgUnit.read'),
    // Tickets of their customers and the ones they opened or own; they call the customer back.
    ...grants('self', 'ticket.read', 'ticket.create', 'ticket.callback', 'ticket.stats'),
    // Their own month and week plans and checks.
    ...grants('self', 'plan.read', 'plan.write'),
  ],
  leader: [
    ...grants(
      'unitTree',
      'customer.read',
      'customer.create',
      'customer.update',
      'customer.reveal',
      'customer.export',
      'customer.assign',
      'customer.approve',
      'customer.import',
      'pool.claim',
      'pool.manage',
      'handover.manage',
      'departureAudit.read',
      'user.read',
      'orgUnit.read',
      'visit.read',
      'visit.create',
      'visit.update',
      'visit.export',
      'team.read',
      'notification.manage',
      'ticket.read',
      'ticket.create',
      'ticket.handle',
      'ticket.assign',
      'ticket.approve',
      'ticket.callback',
      'ticket.stats',
      'plan.read',
      'plan.write',
      'plan.approve',
    ),
  ],
  handler: [
    ...grants('unit', 'user.read', 'orgUnit.read', 'customer.read'),
    // The unit's ticket queue: accept, dispatch, work every step but the leader's approval; they
    // take calls about any customer below their unit.
    ...grants('unit', 'ticket.read', 'ticket.handle', 'ticket.assign', 'ticket.callback', 'ticket.stats'),
    ...grants('unitTree', 'ticket.create'),
  ],
  riskOfficer: [...grants('unitTree', 'customer.read', 'user.read', 'orgUnit.read', 'visit.read')],
  auditor: [
    ...grants('all', 'auditLog.read', 'customer.read', 'user.read', 'orgUnit.read', 'departureAudit.read', 'visit.read', 'team.read', 'ticket.read', 'ticket.stats', 'plan.read'),
  ],
  admin: [
    ...grants(
      'all',
      'orgUnit.read',
      'orgUnit.manage',
      'user.read',
      'user.manage',
      'role.manage',
      'dictionary.manage',
      'auditLog.read',
      'job.manage',
      'grading.manage',
      'contactRule.manage',
      'notification.manage',
      'notification.admin',
      'sla.manage',
      'indicator.manage',
    ),
  ],
};
