import { sql } from 'kysely';
import { newId, toIso } from '../../db/dialect.js';
import type { HandoverHook } from '../handover/handover.service.js';

/**
 * At handover the departing manager's open tickets on the customers that moved go to the
 * successor, each with a line in its history; the ticket keeps its responsible unit.
 */
export const moveTicketsAtHandover: HandoverHook = async (tx, { fromUserId, toUserId, customerIds, at }) => {
  const now = toIso(at);
  const successor = await tx.selectFrom('appUser').select('displayName').where('id', '=', toUserId).executeTakeFirstOrThrow();
  let moved = 0;
  for (let i = 0; i < customerIds.length; i += 500) {
    const chunk = customerIds.slice(i, i + 500);
    const where = sql<boolean>`ticket.owner_id = ${fromUserId} and ticket.status <> 'closed' and ticket.customer_id in (${sql.join(chunk)})`;
    await sql`insert into ticket_event (id, ticket_id, at, actor_id, actor_name, action, from_status, to_status, owner_id, org_unit_id, reason, detail)
      select ${`handover:${newId()}:`} || ticket.id, ticket.id, ${now}, null, ${'系统'}, 'handover', ticket.status, ticket.status, ${toUserId}, ticket.org_unit_id, null,
        ${JSON.stringify({ from: fromUserId, to: toUserId, toName: successor.displayName })}
      from ticket where ${where}`.execute(tx);
    const res = await sql`update ticket set owner_id = ${toUserId}, updated_at = ${now}, version = version + 1 where ${where}`.execute(tx);
    moved += Number(res.numAffectedRows ?? 0);
  }
  return moved;
};
