import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Permission } from '@liaison/shared';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission } from '../../access/access.js';
import { customerScope } from '../customers/customer.scope.js';

/** How visits meet the data scope: their manager (self) and the manager's unit when made. */
export const visitScope = { owner: 'visit.managerId', orgUnit: 'visit.orgUnitId' };

/**
 * How the visibility rule is written (the rule is the same):
 * - `union`: one IN over a UNION of index lookups — gathers the whole scope's visits; right when
 *   the scope is small (a manager, a small unit).
 * - `walk`: an OR on the visit row and its customer — right for walking the feed's order index
 *   over a wide scope, where a page is found after a few hundred rows (decision 076).
 * - `own`: only the visits made in the scope (by manager and unit), for probing the scope's size.
 */
export type VisitScopeForm = 'union' | 'walk' | 'own';

/**
 * Which visits a caller sees, for a permission (`visit.read`, `visit.update`, `visit.export`):
 * those in their scope by manager and unit; for reading, also the joint visits they took part
 * in and every visit of a customer they may see (a customer's file includes its visit history,
 * so a successor after handover reads the predecessor's visits). The query must join `customer`.
 */
export const visibleVisits =
  (auth: Auth, permission: Permission, form: VisitScopeForm = 'union') =>
  (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const own = inScope(auth, permission, visitScope)(eb);
    if (form === 'own') return own;
    if (permission !== 'visit.read' && permission !== 'visit.export') return own;
    const scope = requirePermission(auth, permission);
    if (scope === 'all') return own;
    if (form === 'walk' && (scope === 'unitTree' || scope === 'unit')) {
      // Row by row, on the visit and its (joined) customer: the same three rules, for a walk of
      // the feed's order index that stops at a page (decision 076).
      const units = scope === 'unitTree' ? [...auth.orgUnitSubtree] : [auth.orgUnitId];
      return eb.or([
        eb('visit.orgUnitId', 'in', units),
        eb('customer.orgUnitId', 'in', units),
        eb('visit.id', 'in', eb.selectFrom('visitParticipant as vp').select('vp.visitId').where('vp.userId', '=', auth.userId)),
      ]);
    }
    // One IN over a UNION rather than an OR of three conditions: each part is an index lookup
    // (manager or unit; the scope's customers' visits; joint visits), where the OR made both
    // databases walk every visit (26 s for a manager's feed at 1,000,000 visits on SQLite).
    // Inside the subqueries `visit` and `customer` name the inner tables, so the scope helpers'
    // column references apply unchanged.
    return eb(
      'visit.id',
      'in',
      eb
        .selectFrom('visit')
        .select('visit.id')
        .where((e) => inScope(auth, permission, visitScope)(e))
        .union(
          eb
            .selectFrom('visit')
            .innerJoin('customer', 'customer.id', 'visit.customerId')
            .select('visit.id')
            .where((e) => inScope(auth, permission, customerScope)(e)),
        )
        .union(eb.selectFrom('visitParticipant as vp').select('vp.visitId as id').where('vp.userId', '=', auth.userId)) as any,
    );
  };

/**
 * The visits `userId` made or joined that start in [from, to): one IN over a UNION of two index
 * lookups (their own visits in the range by visit_manager_idx, joint ones by
 * visit_participant_user_idx). An OR of the two made PostgreSQL walk every visit of the range in
 * start order — a week of a province's visits, 1.1–1.5 s for one manager's workbench at 10,000,000
 * visits. The range is applied inside; the caller adds none on `visit` (with one, SQLite walks the
 * range and checks the list instead of fetching the few visits in it).
 */
export const madeOrJoined =
  (userId: string, from: string, to: string) =>
  (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    eb(
      'visit.id',
      'in',
      eb
        .selectFrom('visit as own')
        .select('own.id')
        .where('own.managerId', '=', userId)
        .where('own.startAt', '>=', from)
        .where('own.startAt', '<', to)
        .union(
          eb
            .selectFrom('visitParticipant as vp')
            .innerJoin('visit as joint', 'joint.id', 'vp.visitId')
            .select('vp.visitId as id')
            .where('vp.userId', '=', userId)
            .where('joint.startAt', '>=', from)
            .where('joint.startAt', '<', to),
        ) as any,
    );
