import { sql } from 'kysely';
import type { Auth } from '../../access/auth.js';
import { newId, toIso, toJson } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';

export type TicketActor = Pick<Auth, 'userId' | 'displayName'> | { userId: null; displayName: string };
export const systemActor: TicketActor = { userId: null, displayName: '系统' };

export type TicketEventInput = {
  ticketId: string;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  ownerId?: string | null;
  orgUnitId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown> | null;
};

/** One line of a ticket's history: who, when, what (SPEC §2.3 "each step records who, when and what"). */
export const insertTicketEvent = async (tx: Tx, at: Date, actor: TicketActor, e: TicketEventInput) => {
  await tx
    .insertInto('ticketEvent')
    .values({
      id: newId(),
      ticketId: e.ticketId,
      at: toIso(at),
      actorId: actor.userId,
      actorName: actor.displayName,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      ownerId: e.ownerId ?? null,
      orgUnitId: e.orgUnitId ?? null,
      reason: e.reason ?? null,
      detail: toJson(e.detail ?? null),
    })
    .execute();
};

/** The active users holding `permission` through a role, with their unit path (recipients). */
export const holdersOf = async (tx: Tx, permission: 'ticket.approve' | 'ticket.handle') =>
  tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.path'])
    .where('appUser.status', '=', 'active')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('userRole')
          .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
          .select(sql`1`.as('one'))
          .whereRef('userRole.userId', '=', 'appUser.id')
          .where('roleGrant.permission', '=', permission),
      ),
    )
    .execute();

/**
 * The leaders of a unit: holders of `ticket.approve` in the unit itself, else in the nearest
 * unit above it that has any (a team without its own leader answers to the city's).
 */
export const leadersFor = (holders: { id: string; orgUnitId: string }[], unitPath: string): string[] => {
  const ids = unitPath.split('/').filter(Boolean);
  for (let i = ids.length - 1; i >= 0; i--) {
    const found = holders.filter((h) => h.orgUnitId === ids[i]).map((h) => h.id);
    if (found.length) return found;
  }
  return [];
};
