import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Permission } from '@liaison/shared';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission } from '../../access/access.js';
import { customerScope } from '../customers/customer.scope.js';

/** How visits meet the data scope: their manager (self) and the manager's unit when made. */
export const visitScope = { owner: 'visit.managerId', orgUnit: 'visit.orgUnitId' };

/**
 * Which visits a caller sees, for a permission (`visit.read`, `visit.update`, `visit.export`):
 * those in their scope by manager and unit; for reading, also the joint visits they took part
 * in and every visit of a customer they may see (a customer's file includes its visit history,
 * so a successor after handover reads the predecessor's visits). The query must join `customer`.
 */
export const visibleVisits =
  (auth: Auth, permission: Permission) =>
  (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const own = inScope(auth, permission, visitScope)(eb);
    if (permission !== 'visit.read' && permission !== 'visit.export') return own;
    if (requirePermission(auth, permission) === 'all') return own;
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
