import { newId, toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';

/**
 * What happened, for whom: an event a module publishes inside the transaction of the change that
 * causes it (the transactional outbox). If the change commits, the event exists; if it rolls
 * back, it never did. The notifications module turns events into deliveries per recipient and
 * channel (in-app, digest, email, group robots) once, also with several app instances.
 */
export type NotificationEvent = {
  /** Dotted event type, e.g. `visit.due`, `customer.reclaimWarning`, `ticket.breached`. */
  type: string;
  /** The record the event is about; the in-app entry links to it. */
  entity: { type: string; id: string };
  /** Users to tell. Publishers name only users who may see the record (their data scope). */
  recipients: string[];
  /** The org unit whose group robots hear unit-level events (breaches, overdue plans), if any. */
  orgUnitId?: string | null;
  /** Text parameters for the templates: labels and times, never phones or ID numbers. */
  data?: Record<string, string | number | boolean | null>;
  /** Publishing the same key twice is a no-op (a job that runs again, a retried request). */
  dedupeKey?: string;
};

export const publish = async (tx: Tx, now: Date, event: NotificationEvent): Promise<void> => {
  const recipients = [...new Set(event.recipients)];
  if (!recipients.length && !event.orgUnitId) return;
  let q = tx.insertInto('outboxEvent').values({
    id: newId(),
    type: event.type,
    entityType: event.entity.type,
    entityId: event.entity.id,
    orgUnitId: event.orgUnitId ?? null,
    recipients: JSON.stringify(recipients),
    payload: JSON.stringify(event.data ?? {}),
    dedupeKey: event.dedupeKey ?? null,
    createdAt: toIso(now),
    processedAt: null,
  });
  if (event.dedupeKey) q = q.onConflict((oc) => oc.column('dedupeKey').doNothing());
  await q.execute();
};

/**
 * Many events in a few statements (a job that warns a thousand customers): the same rules as
 * `publish` — inside the caller's transaction, events without anyone to tell are dropped, a
 * dedupe key already published is a no-op.
 */
export const publishMany = async (tx: Tx, now: Date, events: NotificationEvent[]): Promise<void> => {
  const rows = events
    .map((event) => ({ event, recipients: [...new Set(event.recipients)] }))
    .filter(({ event, recipients }) => recipients.length || event.orgUnitId)
    .map(({ event, recipients }) => ({
      id: newId(),
      type: event.type,
      entityType: event.entity.type,
      entityId: event.entity.id,
      orgUnitId: event.orgUnitId ?? null,
      recipients: JSON.stringify(recipients),
      payload: JSON.stringify(event.data ?? {}),
      dedupeKey: event.dedupeKey ?? null,
      createdAt: toIso(now),
      processedAt: null,
    }));
  for (let i = 0; i < rows.length; i += 300) {
    await tx
      .insertInto('outboxEvent')
      .values(rows.slice(i, i + 300))
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .execute();
  }
};
