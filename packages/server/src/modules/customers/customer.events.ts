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
