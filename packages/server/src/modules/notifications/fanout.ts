import type { Locale } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { NewRow, Tx } from '../../db/schema.js';
import { bool, newId, toIso } from '../../db/dialect.js';
import { isPostgres, transaction } from '../../db/transaction.js';
import { eventType, type EventData } from './registry.js';
import { pairKey, visiblePairs } from './scope.js';
import { loadPreferences, loadRequired, wants } from './preferences.js';
import { quietUntil } from './time.js';
import { renderEventEmail, renderRobotLine } from './render.js';
import { smtpConfig } from './channels/email.js';

const chunked = async <T>(rows: T[], size: number, fn: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
};

export const insertNotifications = (tx: Tx, rows: NewRow<'notification'>[]) =>
  chunked(rows, 300, (c) => tx.insertInto('notification').values(c).onConflict((oc) => oc.columns(['eventId', 'userId']).doNothing()).execute());
export const insertDeliveries = (tx: Tx, rows: NewRow<'notificationDelivery'>[]) =>
  chunked(rows, 200, (c) => tx.insertInto('notificationDelivery').values(c).onConflict((oc) => oc.columns(['eventId', 'channel', 'targetId']).doNothing()).execute());

/**
 * Turns published events into what people receive, once: claims a batch of unprocessed outbox
 * rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances take different batches; SQLite has
 * one writer), drops recipients outside the record's scope, applies preferences and leaders'
 * rules, writes the in-app entries and the outside deliveries, and marks the events processed —
 * all in one transaction, so a crash leaves the batch for the next worker and nothing twice.
 */
export const fanOut = async (ctx: AppContext, limit = 200): Promise<number> =>
  transaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const nowIso = toIso(now);
    let q = tx.selectFrom('outboxEvent').selectAll().where('processedAt', 'is', null).orderBy('createdAt').orderBy('id').limit(limit);
    if (isPostgres(tx)) q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    if (!rows.length) return 0;
    const events = rows.map((r) => ({
      id: r.id,
      type: r.type,
      entity: { type: r.entityType, id: r.entityId },
      orgUnitId: r.orgUnitId,
      recipients: JSON.parse(r.recipients) as string[],
      data: JSON.parse(r.payload) as EventData,
      payload: r.payload,
    }));

    const pairs = events.flatMap((e) => e.recipients.map((userId) => ({ userId, entity: e.entity })));
    const visible = await visiblePairs(tx, pairs);
    const userIds = [...new Set(pairs.filter((p) => visible.has(pairKey(p))).map((p) => p.userId))];
    const users = new Map<string, { email: string | null; locale: Locale; orgUnitPath: string }>();
    for (let i = 0; i < userIds.length; i += 500) {
      const found = await tx
        .selectFrom('appUser')
        .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
        .select(['appUser.id', 'appUser.email', 'appUser.locale', 'orgUnit.path'])
        .where('appUser.id', 'in', userIds.slice(i, i + 500))
        .execute();
      for (const u of found) users.set(u.id, { email: u.email, locale: u.locale, orgUnitPath: u.path });
    }
    const prefs = await loadPreferences(tx, userIds);
    const required = await loadRequired(tx, [...users].map(([id, u]) => ({ id, orgUnitPath: u.orgUnitPath })));
    const smtp = await smtpConfig(ctx, tx).catch(() => null);

    const notifications: NewRow<'notification'>[] = [];
    const deliveries: NewRow<'notificationDelivery'>[] = [];
    for (const e of events) {
      for (const userId of new Set(e.recipients)) {
        if (!visible.has(pairKey({ userId, entity: e.entity }))) continue;
        const user = users.get(userId);
        const p = prefs.get(userId);
        if (!user || !p) continue;
        const req = required.get(userId);
        if (wants(p, req, e.type, 'inApp'))
          notifications.push({ id: newId(), eventId: e.id, userId, type: e.type, entityType: e.entity.type, entityId: e.entity.id, payload: e.payload, createdAt: nowIso, readAt: null });
        if (smtp && user.email && eventType(e.type) && wants(p, req, e.type, 'email')) {
          const content = renderEventEmail(e, user.locale, ctx.config.publicUrl);
          const due = quietUntil(p.quietHours, now) ?? now;
          deliveries.push(delivery(e.id, 'email', userId, content.subject, { text: content.text, html: content.html }, due, nowIso));
        }
      }
    }

    // Unit-level events reach the group robots of their unit and of the units above it.
    const robotEvents = events.filter((e) => e.orgUnitId && eventType(e.type)?.robot);
    if (robotEvents.length) {
      const robots = await tx
        .selectFrom('notificationRobot')
        .innerJoin('orgUnit', 'orgUnit.id', 'notificationRobot.orgUnitId')
        .select(['notificationRobot.id', 'notificationRobot.kind', 'notificationRobot.eventTypes', 'notificationRobot.enabled', 'orgUnit.path'])
        .execute();
      const unitIds = [...new Set(robotEvents.map((e) => e.orgUnitId!))];
      const units = new Map((await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', 'in', unitIds).execute()).map((u) => [u.id, u.path]));
      for (const e of robotEvents) {
        const path = units.get(e.orgUnitId!);
        if (!path) continue;
        for (const r of robots) {
          const types = JSON.parse(r.eventTypes) as string[];
          if (!bool(r.enabled) || !path.startsWith(r.path) || (types.length && !types.includes(e.type))) continue;
          const line = renderRobotLine(e, ctx.config.publicUrl);
          deliveries.push(delivery(e.id, r.kind, r.id, line.title, line, now, nowIso));
        }
      }
    }

    await insertNotifications(tx, notifications);
    await insertDeliveries(tx, deliveries);
    await chunked(
      events.map((e) => e.id),
      500,
      (ids) => tx.updateTable('outboxEvent').set({ processedAt: nowIso }).where('id', 'in', ids).execute(),
    );
    return events.length;
  });

export const delivery = (
  eventId: string,
  channel: 'email' | 'wecom' | 'dingtalk',
  targetId: string,
  subject: string,
  content: unknown,
  due: Date,
  nowIso: string,
): NewRow<'notificationDelivery'> => ({
  id: newId(),
  eventId,
  channel,
  targetId,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: toIso(due),
  leaseUntil: null,
  subject,
  content: JSON.stringify(content),
  lastError: null,
  sentAt: null,
  createdAt: nowIso,
  updatedAt: nowIso,
});
