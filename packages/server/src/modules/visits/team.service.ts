import { sql } from 'kysely';
import { isoWeekKey, monthKey, periodRange, type TCoverage, type TCoverageRow } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission, unitInScope } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { likeEscape, num, toIso } from '../../db/dialect.js';
import { coverageByOwner } from './compliance.js';

/**
 * The leader's team view: for each account manager of a unit's subtree, coverage % of the month
 * and week (by the frequency rules), visits done / planned / missed, overdue customers and
 * flagged check-ins. Grouped queries over the subtree; the unit total adds counts, so its
 * coverage is the share of all its customers, not an average of percentages.
 */
export const teamCoverage = async (ctx: AppContext, auth: Auth, q: { orgUnitId?: string; month?: string; week?: string }): Promise<TCoverage> => {
  requirePermission(auth, 'team.read');
  const now = ctx.clock.now();
  const unit = await ctx.db.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', q.orgUnitId ?? auth.orgUnitId).executeTakeFirst();
  if (!unit || !unitInScope(auth, 'team.read', unit)) throw new AppError('not_found');
  const month = q.month ?? monthKey(now);
  const week = q.week ?? isoWeekKey(now);
  const range = periodRange('month', month);
  const subtree = `${likeEscape(unit.path)}%`;

  // Account managers of the subtree: whoever holds customers there or has the manager role.
  const people = await ctx.db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'orgUnit.name as orgUnitName'])
    .where(sql<boolean>`org_unit.path like ${subtree} escape '\\'`)
    .where('appUser.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('customer').select('customer.id').whereRef('customer.ownerId', '=', 'appUser.id')),
        eb.exists(
          eb
            .selectFrom('userRole')
            .innerJoin('role', 'role.id', 'userRole.roleId')
            .select('userRole.userId')
            .whereRef('userRole.userId', '=', 'appUser.id')
            .where('role.code', '=', 'manager'),
        ),
      ]),
    )
    .orderBy('orgUnit.path')
    .orderBy('appUser.displayName')
    .execute();
  const ids = people.map((p) => p.id);
  const [monthCov, weekCov] = await Promise.all([coverageByOwner(ctx.db, ids, 'month', month), coverageByOwner(ctx.db, ids, 'week', week)]);
  const nowIso = toIso(now);
  const overdue = ids.length
    ? await ctx.db
        .selectFrom('customer')
        .select(['customer.ownerId', sql<number>`count(*)`.as('n')])
        .where('customer.ownerId', 'in', ids)
        .where((eb) => eb.or([eb('customer.onsiteDueAt', '<=', nowIso), eb('customer.phoneDueAt', '<=', nowIso)]))
        .groupBy('customer.ownerId')
        .execute()
    : [];
  const visits = ids.length
    ? await ctx.db
        .selectFrom('visit')
        .select([
          'visit.managerId',
          sql<number>`sum(case when visit.status = 'done' then 1 else 0 end)`.as('done'),
          sql<number>`sum(case when visit.status = 'planned' then 1 else 0 end)`.as('planned'),
          sql<number>`sum(case when visit.status = 'missed' then 1 else 0 end)`.as('missed'),
          sql<number>`sum(case when visit.check_in_flag is not null then 1 else 0 end)`.as('flagged'),
        ])
        .where('visit.managerId', 'in', ids)
        .where('visit.startAt', '>=', range.from)
        .where('visit.startAt', '<', range.to)
        .groupBy('visit.managerId')
        .execute()
    : [];
  const overdueBy = new Map(overdue.map((o) => [o.ownerId!, num(o.n)]));
  const visitsBy = new Map(visits.map((v) => [v.managerId, v]));
  const rows: TCoverageRow[] = people.map((p) => {
    const m = monthCov.get(p.id);
    const w = weekCov.get(p.id);
    const v = visitsBy.get(p.id);
    return {
      managerId: p.id,
      managerName: p.displayName,
      orgUnitId: p.orgUnitId,
      orgUnitName: p.orgUnitName,
      customers: m?.customers ?? 0,
      monthSubject: m?.subject ?? 0,
      monthMet: m?.met ?? 0,
      weekSubject: w?.subject ?? 0,
      weekMet: w?.met ?? 0,
      overdue: overdueBy.get(p.id) ?? 0,
      visitsDone: num(v?.done),
      visitsPlanned: num(v?.planned),
      visitsMissed: num(v?.missed),
      flaggedCheckIns: num(v?.flagged),
    };
  });
  const sum = (k: keyof TCoverage['total']) => rows.reduce((s, r) => s + r[k], 0);
  const total = {
    customers: sum('customers'),
    monthSubject: sum('monthSubject'),
    monthMet: sum('monthMet'),
    weekSubject: sum('weekSubject'),
    weekMet: sum('weekMet'),
    overdue: sum('overdue'),
    visitsDone: sum('visitsDone'),
    visitsPlanned: sum('visitsPlanned'),
    visitsMissed: sum('visitsMissed'),
    flaggedCheckIns: sum('flaggedCheckIns'),
  };
  return { month, week, rows, total };
};
