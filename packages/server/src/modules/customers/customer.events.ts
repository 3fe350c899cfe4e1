import { newId, toIso, toJson } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import type { Changes } from '../auditLog/audit.js';

export type Actor = { userId: string | null; displayName: string | null };
export const systemActor: Actor = { userId: null, displayName: '系统' };

/** One entry on a customer's timeline. */
export const recordCustomerEvent = (
  tx: Tx,
  at: Date,
  actor: Actor,
  customerId: string,
  kind: string,
  extra: { changes?: Changes | null; reason?: string | null; detail?: Record<string, unknown> | null } = {},
) =>
  tx
    .insertInto('customerEvent')
    .values({
      id: newId(),
      customerId,
      at: toIso(at),
      actorId: actor.userId,
      actorName: actor.displayName,
      kind,
      changes: extra.changes && Object.keys(extra.changes).length ? toJson(extra.changes) : null,
      reason: extra.reason ?? null,
      detail: toJson(extra.detail ?? null),
    })
    .execute();

type EventInput = { customerId: string; kind: string; reason?: string | null; changes?: unknown; detail?: unknown };

/** Many timeline entries in batched inserts. */
export const insertEvents = async (tx: Tx, at: Date, actor: { userId: string | null; displayName: string | null }, events: EventInput[]) => {
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    if (!chunk.length) break;
    await tx
      .insertInto('customerEvent')
      .values(
        chunk.map((e) => ({
          id: newId(),
          customerId: e.customerId,
          at: toIso(at),
          actorId: actor.userId,
          actorName: actor.displayName,
          kind: e.kind,
          changes: e.changes ? JSON.stringify(e.changes) : null,
          reason: e.reason ?? null,
          detail: e.detail ? JSON.stringify(e.detail) : null,
        })),
      )
      .execute();
  }
};
