import { sql } from 'kysely';
import type { Locale, NotificationChannel, RobotKind, TEventType, TNotification, TNotificationPreferences, TRobot } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission, unitInScope } from '../../access/access.js';
import { AppError, type FieldProblem } from '../../errors.js';
import { bool, newId, num, toIso } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { lockRow, transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { paginate } from '../../http/list.js';
import { recordAudit } from '../auditLog/audit.js';
import { allEventTypes, eventType, titleOf, type EventData } from './registry.js';
import { loadPreferences, loadRequired } from './preferences.js';
import { encryptSecret, decryptSecret } from '../../security/secrets.js';
import { sendRobot, webhookHint, webhookProblems } from './channels/robot.js';
import { previewDigest } from './digest.js';

// ---------------------------------------------------------------- the bell and the list

export const presentNotification = (r: Row<'notification'>, locale: Locale): TNotification => {
  const data = JSON.parse(r.payload) as EventData;
  const def = eventType(r.type);
  const entity = { type: r.entityType, id: r.entityId };
  return {
    id: r.id,
    type: r.type,
    title: titleOf(r.type, data, locale),
    body: def?.body?.(data, locale) ?? null,
    link: def?.link(entity, data) ?? null,
    entityType: r.entityType,
    entityId: r.entityId,
    createdAt: r.createdAt,
    readAt: r.readAt,
  };
};

export const listNotifications = async (ctx: AppContext, auth: Auth, query: { page?: number; perPage?: number; status?: 'unread' | 'all'; type?: string }) => {
  let base = ctx.db.selectFrom('notification').where('userId', '=', auth.userId);
  if (query.status === 'unread') base = base.where('readAt', 'is', null);
  if (query.type) base = base.where('type', '=', query.type);
  const page = await paginate<Row<'notification'>>({
    query: { page: query.page, perPage: query.perPage },
    base,
    select: (qb) => qb.selectAll() as any,
    sortable: { createdAt: 'createdAt' },
    defaultSort: '-createdAt',
    idColumn: 'id',
  });
  return { ...page, data: page.data.map((r) => presentNotification(r, auth.locale)) };
};

export const unreadCount = async (ctx: AppContext, auth: Auth) => {
  const row = await ctx.db
    .selectFrom('notification')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('createdAt').as('latestAt')])
    .where('userId', '=', auth.userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return { count: num(row?.count), latestAt: (row?.latestAt as string | null | undefined) ?? null };
};

export const markRead = async (ctx: AppContext, auth: Auth, id: string) => {
  const now = toIso(ctx.clock.now());
  const found = await ctx.db.selectFrom('notification').select(['id', 'readAt']).where('id', '=', id).where('userId', '=', auth.userId).executeTakeFirst();
  if (!found) throw new AppError('not_found');
  if (!found.readAt) await ctx.db.updateTable('notification').set({ readAt: now }).where('id', '=', id).where('userId', '=', auth.userId).where('readAt', 'is', null).execute();
  const row = await ctx.db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return presentNotification(row, auth.locale);
};

/** Marks everything unread up to `before` (what the user saw) as read, so a newer arrival stays unread. */
export const markAllRead = async (ctx: AppContext, auth: Auth, input: { before?: string; type?: string }) => {
  let q = ctx.db.updateTable('notification').set({ readAt: toIso(ctx.clock.now()) }).where('userId', '=', auth.userId).where('readAt', 'is', null);
  if (input.before) q = q.where('createdAt', '<=', input.before);
  if (input.type) q = q.where('type', '=', input.type);
  const res = await q.executeTakeFirst();
  return { updated: Number(res.numUpdatedRows ?? 0) };
};

// ---------------------------------------------------------------- preferences

const requiredFor = async (ctx: AppContext, auth: Auth) => (await loadRequired(ctx.db, [{ id: auth.userId, orgUnitPath: auth.orgUnitPath }])).get(auth.userId) ?? new Set<string>();

export const listEventTypes = async (ctx: AppContext, auth: Auth): Promise<TEventType[]> => {
  const required = await requiredFor(ctx, auth);
  return allEventTypes().map((d) => ({
    type: d.type,
    label: d.label[auth.locale],
    description: d.description[auth.locale],
    defaults: d.defaults,
    required: (['inApp', 'email'] as const).filter((c) => required.has(`${d.type}|${c}`)),
    robot: Boolean(d.robot),
  }));
};

export const getPreferences = async (ctx: AppContext, auth: Auth): Promise<TNotificationPreferences> => {
  const p = (await loadPreferences(ctx.db, [auth.userId])).get(auth.userId)!;
  const user = await ctx.db.selectFrom('appUser').select('email').where('id', '=', auth.userId).executeTakeFirst();
  return { ...p, email: user?.email ?? null };
};

export const updatePreferences = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { digestEnabled?: boolean; digestTime?: string; quietHours?: string | null; channels?: Record<string, { inApp: boolean; email: boolean }>; version: number },
): Promise<TNotificationPreferences> => {
  const problems: FieldProblem[] = [];
  for (const type of Object.keys(input.channels ?? {})) if (!eventType(type)) problems.push({ path: `channels.${type}`, key: 'unknown_event_type' });
  if (problems.length) throw new AppError('validation_failed', problems);
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const current = (await loadPreferences(tx, [auth.userId])).get(auth.userId)!;
    const stored = await tx.selectFrom('notificationPreference').select('userId').where('userId', '=', auth.userId).executeTakeFirst();
    if (current.version !== input.version) throw new AppError('version_conflict');
    // A leader's rule wins over the user's choice; storing "off" would only mislead the page.
    const required = (await loadRequired(tx, [{ id: auth.userId, orgUnitPath: auth.orgUnitPath }])).get(auth.userId)!;
    const channels = { ...current.channels };
    for (const [type, c] of Object.entries(input.channels ?? {}))
      channels[type] = { inApp: c.inApp || required.has(`${type}|inApp`), email: c.email || required.has(`${type}|email`) };
    const next = {
      digestEnabled: input.digestEnabled ?? current.digestEnabled,
      digestTime: input.digestTime ?? current.digestTime,
      quietHours: input.quietHours === undefined ? current.quietHours : input.quietHours,
    };
    const values = { digestEnabled: next.digestEnabled ? 1 : 0, digestTime: next.digestTime, quietHours: next.quietHours, channels: JSON.stringify(channels), updatedAt: toIso(now) };
    if (!stored) {
      const res = await tx
        .insertInto('notificationPreference')
        .values({ userId: auth.userId, ...values, version: 2 })
        .onConflict((oc) => oc.column('userId').doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw new AppError('version_conflict');
    } else {
      const res = await tx.updateTable('notificationPreference').set({ ...values, version: current.version + 1 }).where('userId', '=', auth.userId).where('version', '=', input.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new AppError('version_conflict');
    }
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'notificationPreference', entityId: auth.userId, detail: { ...next, channels: Object.keys(input.channels ?? {}) } });
  });
  return getPreferences(ctx, auth);
};

export const digestPreview = async (ctx: AppContext, auth: Auth) =>
  previewDigest(ctx, { id: auth.userId, orgUnitId: auth.orgUnitId, orgUnitPath: auth.orgUnitPath, locale: auth.locale }, ctx.clock.now());

// ---------------------------------------------------------------- leaders' rules

const unitFor = async (ctx: AppContext, auth: Auth, orgUnitId: string) => {
  const unit = await ctx.db.selectFrom('orgUnit').select(['id', 'path', 'name']).where('id', '=', orgUnitId).executeTakeFirst();
  if (!unit || !unitInScope(auth, 'notification.manage', unit)) throw new AppError('not_found');
  return unit;
};

export const listRules = async (ctx: AppContext, auth: Auth) => {
  requirePermission(auth, 'notification.manage');
  const rows = await ctx.db
    .selectFrom('notificationRule')
    .innerJoin('orgUnit', 'orgUnit.id', 'notificationRule.orgUnitId')
    .select(['notificationRule.orgUnitId', 'orgUnit.name as orgUnitName', 'orgUnit.path', 'notificationRule.eventType', 'notificationRule.channel'])
    .orderBy('orgUnit.path')
    .execute();
  return rows.filter((r) => unitInScope(auth, 'notification.manage', { id: r.orgUnitId, path: r.path })).map(({ path: _p, ...r }) => r);
};

export const replaceRules = async (ctx: AppContext, auth: Auth, meta: RequestMeta, orgUnitId: string, required: { eventType: string; channel: NotificationChannel }[]) => {
  requirePermission(auth, 'notification.manage');
  const unit = await unitFor(ctx, auth, orgUnitId);
  const problems: FieldProblem[] = [];
  required.forEach((r, i) => {
    if (!eventType(r.eventType)) problems.push({ path: `requiredEvents.${i}.eventType`, key: 'unknown_event_type' });
  });
  if (problems.length) throw new AppError('validation_failed', problems);
  const now = ctx.clock.now();
  const unique = [...new Map(required.map((r) => [`${r.eventType}|${r.channel}`, r])).values()];
  await transaction(ctx.db, async (tx) => {
    await lockRow(tx, 'orgUnit', unit.id);
    await tx.deleteFrom('notificationRule').where('orgUnitId', '=', unit.id).execute();
    if (unique.length)
      await tx
        .insertInto('notificationRule')
        .values(unique.map((r) => ({ id: newId(), orgUnitId: unit.id, eventType: r.eventType, channel: r.channel, createdBy: auth.userId, createdAt: toIso(now) })))
        .execute();
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'notificationRule', entityId: unit.id, detail: { required: unique } });
  });
  return (await listRules(ctx, auth)).filter((r) => r.orgUnitId === unit.id);
};

// ---------------------------------------------------------------- group robots

const presentRobot = (r: Row<'notificationRobot'> & { orgUnitName: string }): TRobot => ({
  id: r.id,
  orgUnitId: r.orgUnitId,
  orgUnitName: r.orgUnitName,
  robotKind: r.kind,
  name: r.name,
  webhookHint: r.urlHint,
  hasSecret: Boolean(r.secretEnc),
  eventTypes: JSON.parse(r.eventTypes) as string[],
  enabled: bool(r.enabled),
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const robotsQuery = (ctx: AppContext) =>
  ctx.db.selectFrom('notificationRobot').innerJoin('orgUnit', 'orgUnit.id', 'notificationRobot.orgUnitId').selectAll('notificationRobot').select(['orgUnit.name as orgUnitName', 'orgUnit.path as orgUnitPath']);

export const listRobots = async (ctx: AppContext, auth: Auth): Promise<TRobot[]> => {
  requirePermission(auth, 'notification.manage');
  const rows = await robotsQuery(ctx).orderBy('orgUnit.path').orderBy('notificationRobot.createdAt').execute();
  return rows.filter((r) => unitInScope(auth, 'notification.manage', { id: r.orgUnitId, path: r.orgUnitPath })).map(presentRobot);
};

const findRobot = async (ctx: AppContext, auth: Auth, id: string) => {
  requirePermission(auth, 'notification.manage');
  const r = await robotsQuery(ctx).where('notificationRobot.id', '=', id).executeTakeFirst();
  if (!r || !unitInScope(auth, 'notification.manage', { id: r.orgUnitId, path: r.orgUnitPath })) throw new AppError('not_found');
  return r;
};

const checkRobot = (ctx: AppContext, kind: RobotKind, input: { webhookUrl?: string; signingSecret?: string | null; eventTypes?: string[] }, hadSecret: boolean) => {
  const problems: FieldProblem[] = input.webhookUrl !== undefined ? webhookProblems(ctx.config, kind, input.webhookUrl) : [];
  const secretAfter = input.signingSecret === undefined ? hadSecret : Boolean(input.signingSecret);
  if (kind === 'dingtalk' && !secretAfter) problems.push({ path: 'signingSecret', key: 'secret_required' });
  (input.eventTypes ?? []).forEach((t, i) => {
    if (!eventType(t)?.robot) problems.push({ path: `eventTypes.${i}`, key: 'unknown_event_type' });
  });
  if (problems.length) throw new AppError('validation_failed', problems);
};

export const createRobot = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  input: { orgUnitId: string; robotKind: RobotKind; name: string; webhookUrl: string; signingSecret?: string | null; eventTypes?: string[]; enabled?: boolean },
) => {
  requirePermission(auth, 'notification.manage');
  const unit = await unitFor(ctx, auth, input.orgUnitId).catch(() => {
    throw new AppError('validation_failed', [{ path: 'orgUnitId', key: 'unknown_org_unit' }]);
  });
  checkRobot(ctx, input.robotKind, input, false);
  const now = toIso(ctx.clock.now());
  const id = newId();
  await transaction(ctx.db, async (tx) => {
    await tx
      .insertInto('notificationRobot')
      .values({
        id,
        orgUnitId: unit.id,
        kind: input.robotKind,
        name: input.name,
        urlEnc: encryptSecret(ctx, input.webhookUrl),
        secretEnc: input.signingSecret ? encryptSecret(ctx, input.signingSecret) : null,
        urlHint: webhookHint(input.webhookUrl),
        eventTypes: JSON.stringify(input.eventTypes ?? []),
        enabled: input.enabled === false ? 0 : 1,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    // The audit names the robot, never its address or secret.
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'create', entity: 'notificationRobot', entityId: id, detail: { orgUnitId: unit.id, kind: input.robotKind, name: input.name } });
  });
  return presentRobot(await findRobot(ctx, auth, id));
};

export const updateRobot = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  id: string,
  input: { name?: string; webhookUrl?: string; signingSecret?: string | null; eventTypes?: string[]; enabled?: boolean; version: number },
) => {
  const before = await findRobot(ctx, auth, id);
  checkRobot(ctx, before.kind, input, Boolean(before.secretEnc));
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.webhookUrl !== undefined) {
    patch.urlEnc = encryptSecret(ctx, input.webhookUrl);
    patch.urlHint = webhookHint(input.webhookUrl);
  }
  if (input.signingSecret !== undefined) patch.secretEnc = input.signingSecret ? encryptSecret(ctx, input.signingSecret) : null;
  if (input.eventTypes !== undefined) patch.eventTypes = JSON.stringify(input.eventTypes);
  if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
  await transaction(ctx.db, async (tx) => {
    await updateVersioned(tx, 'notificationRobot', id, input.version, patch, toIso(ctx.clock.now()));
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'update', entity: 'notificationRobot', entityId: id, detail: { fields: Object.keys(input).filter((k) => k !== 'version') } });
  });
  return presentRobot(await findRobot(ctx, auth, id));
};

export const deleteRobot = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string) => {
  await findRobot(ctx, auth, id);
  await transaction(ctx.db, async (tx) => {
    await tx.deleteFrom('notificationRobot').where('id', '=', id).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'delete', entity: 'notificationRobot', entityId: id });
  });
};

/** Sends one test message right away (not through the outbox) and reports what the robot answered. */
export const testRobot = async (ctx: AppContext, auth: Auth, id: string) => {
  const r = await findRobot(ctx, auth, id);
  try {
    await sendRobot(
      { kind: r.kind, url: decryptSecret(ctx, r.urlEnc), secret: r.secretEnc ? decryptSecret(ctx, r.secretEnc) : null },
      { title: '客户经理工作台：测试消息', markdown: `**客户经理工作台：测试消息**\n> ${r.orgUnitName} 的群机器人「${r.name}」已接通。` },
      { now: new Date(), timeoutMs: ctx.config.notifyHttpTimeoutMs },
    );
    return { ok: true, error: null };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
};

// ---------------------------------------------------------------- delivery figures

/**
 * Per channel: sent, retried (needed more than one attempt), failed (gave up), duplicate (sent
 * again after a worker stopped between send and mark: possibly received twice), pending.
 * Counted from the delivery and attempt tables, grouped in the database.
 */
export const deliveryFigures = async (ctx: AppContext, auth: Auth) => {
  requirePermission(auth, 'notification.admin');
  const rows = await sql<{ channel: string; sent: number; retried: number; failed: number; pending: number; duplicate: number }>`
    select d.channel,
      sum(case when d.status = 'sent' then 1 else 0 end) as sent,
      sum(case when d.attempts > 1 then 1 else 0 end) as retried,
      sum(case when d.status = 'failed' then 1 else 0 end) as failed,
      sum(case when d.status in ('pending', 'sending') then 1 else 0 end) as pending,
      sum(case when d.status = 'sent' and exists (select 1 from notification_attempt a where a.delivery_id = d.id and a.outcome = 'interrupted') then 1 else 0 end) as duplicate
    from notification_delivery d group by d.channel`.execute(ctx.db);
  const byChannel = new Map(rows.rows.map((r) => [r.channel, r]));
  const data = (['email', 'wecom', 'dingtalk'] as const).map((channel) => {
    const r = byChannel.get(channel);
    return { channel, sent: num(r?.sent), retried: num(r?.retried), failed: num(r?.failed), duplicate: num(r?.duplicate), pending: num(r?.pending) };
  });
  const inApp = await ctx.db
    .selectFrom('notification')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>(sql`case when read_at is null then 1 else 0 end`).as('unread')])
    .executeTakeFirst();
  const outbox = await ctx.db.selectFrom('outboxEvent').select((eb) => eb.fn.countAll<number>().as('n')).where('processedAt', 'is', null).executeTakeFirst();
  return { data, inApp: { total: num(inApp?.total), unread: num(inApp?.unread) }, outbox: { pending: num(outbox?.n) } };
};
