import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Permission } from '@liaison/shared';
import type { Auth } from '../../access/auth.js';
import { inScope } from '../../access/access.js';
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
    return eb.or([
      own,
      inScope(auth, permission, customerScope)(eb),
      eb.exists(eb.selectFrom('visitParticipant as vp').select('vp.visitId').whereRef('vp.visitId', '=', 'visit.id').where('vp.userId', '=', auth.userId)),
    ]);
  };
