import { sql } from 'kysely';
import { handoverHooks } from '../handover/handover.service.js';
import { refreshCompliance } from './compliance.js';

/**
 * Planned visits move with their customers at handover: the successor inherits the leaver's
 * plans for those customers (done visits stay the leaver's record). Due times follow the new
 * owner (whose first full period starts with the handover).
 */
handoverHooks.push({
  name: 'plannedVisits',
  run: async (tx, move) => {
    if (!move.customerIds.length) return 0;
    let moved = 0;
    for (let i = 0; i < move.customerIds.length; i += 500) {
      const ids = move.customerIds.slice(i, i + 500);
      const res = await tx
        .updateTable('visit')
        .set({
          managerId: move.toUserId,
          orgUnitId: sql`(select org_unit_id from app_user where id = ${move.toUserId})`,
          updatedAt: move.at.toISOString(),
          version: sql`version + 1`,
        })
        .where('status', '=', 'planned')
        .where('managerId', '=', move.fromUserId)
        .where('customerId', 'in', ids)
        .executeTakeFirst();
      moved += Number(res.numUpdatedRows);
    }
    await refreshCompliance(tx, move.at, { ids: move.customerIds });
    return moved;
  },
});
