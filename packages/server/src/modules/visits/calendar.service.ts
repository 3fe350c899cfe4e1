import { madeOrJoined } from './visit.scope.js';
import ical, { ICalEventStatus } from 'ical-generator';
import { redactNumbers } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { newId, toIso } from '../../db/dialect.js';
import { transaction } from '../../db/transaction.js';
import { randomToken, sha256 } from '../auth/tokens.js';
import { recordAudit } from '../auditLog/audit.js';

export const CALENDAR_PREFIX = 'cal_';
const PAST_DAYS = 30;
const FUTURE_DAYS = 90;

const methodZh: Record<string, string> = { onsite: '上门', phone: '电话', sms: '短信', wechat: '微信', video: '视频', meeting: '会议', letter: '信函' };

export const calendarTokenStatus = async (ctx: AppContext, auth: Auth) => {
  const row = await ctx.db.selectFrom('calendarToken').select(['id', 'createdAt']).where('userId', '=', auth.userId).where('revokedAt', 'is', null).executeTakeFirst();
  return row ? { id: row.id, createdAt: row.createdAt, url: null } : null;
};

/**
 * A personal calendar feed token: shown once, stored hashed, one live token per user (making a
 * new one revokes the old). Whoever holds the URL reads the user's planned visits — names of
 * customers and purposes, never phones — so it is revocable from the user menu and audited.
 */
export const createCalendarToken = async (ctx: AppContext, auth: Auth, meta: RequestMeta, baseUrl: string) => {
  requirePermission(auth, 'visit.read');
  const now = ctx.clock.now();
  const token = CALENDAR_PREFIX + randomToken(24);
  const id = newId();
  await transaction(ctx.db, async (tx) => {
    await tx.updateTable('calendarToken').set({ revokedAt: toIso(now) }).where('userId', '=', auth.userId).where('revokedAt', 'is', null).execute();
    await tx.insertInto('calendarToken').values({ id, userId: auth.userId, tokenHash: sha256(token), createdAt: toIso(now), revokedAt: null }).execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'calendarToken', entityId: id });
  });
  return { id, createdAt: toIso(now), url: `${baseUrl}/api/v1/calendar/${token}.ics` };
};

export const revokeCalendarToken = async (ctx: AppContext, auth: Auth, meta: RequestMeta) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const res = await tx.updateTable('calendarToken').set({ revokedAt: toIso(now) }).where('userId', '=', auth.userId).where('revokedAt', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found');
    await recordAudit(tx, now, auth, meta, { action: 'revoke', entity: 'calendarToken' });
  });
};

/**
 * The feed (RFC 5545): the user's visits from 30 days back to 90 ahead, planned and done, as
 * UTC times (a zone on floating dates shifts events by 8 hours in some clients), with stable
 * UIDs so a phone's calendar updates an event instead of adding a copy; cancelled ones say so.
 */
export const calendarFeed = async (ctx: AppContext, token: string): Promise<string> => {
  if (!token.startsWith(CALENDAR_PREFIX) || token.length > 100) throw new AppError('not_found');
  const owner = await ctx.db
    .selectFrom('calendarToken')
    .innerJoin('appUser', 'appUser.id', 'calendarToken.userId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.status'])
    .where('calendarToken.tokenHash', '=', sha256(token))
    .where('calendarToken.revokedAt', 'is', null)
    .executeTakeFirst();
  if (!owner || owner.status !== 'active') throw new AppError('not_found');
  const now = ctx.clock.now();
  const from = toIso(new Date(now.getTime() - PAST_DAYS * 86_400_000));
  const to = toIso(new Date(now.getTime() + FUTURE_DAYS * 86_400_000));
  const rows = await ctx.db
    .selectFrom('visit')
    .innerJoin('customer', 'customer.id', 'visit.customerId')
    .leftJoin('dictionaryItem as purpose', (j) => j.onRef('purpose.value', '=', 'visit.purpose').on('purpose.dictionaryCode', '=', 'visitPurpose'))
    .select(['visit.id', 'visit.status', 'visit.method', 'visit.startAt', 'visit.endAt', 'visit.updatedAt', 'visit.note', 'customer.name as customerName', 'purpose.labelZh as purposeLabel', 'visit.purpose'])
    .where(madeOrJoined(owner.id, from, to))
    .where('visit.status', 'in', ['planned', 'done', 'cancelled'])
    .orderBy('visit.startAt')
    .limit(5000)
    .execute();
  const cal = ical({ name: `拜访日程 · ${owner.displayName}`, prodId: { company: 'Liaison', product: 'visits', language: 'ZH' }, ttl: 15 * 60 });
  for (const v of rows) {
    const start = new Date(v.startAt);
    const end = v.endAt ? new Date(v.endAt) : new Date(start.getTime() + 60 * 60_000);
    cal.createEvent({
      id: `${v.id}@liaison`,
      start,
      end: end > start ? end : new Date(start.getTime() + 30 * 60_000),
      summary: `${v.status === 'done' ? '✓ ' : ''}拜访 ${v.customerName}（${methodZh[v.method] ?? v.method}）`,
      description: redactNumbers([v.purposeLabel ?? v.purpose, v.note].filter(Boolean).join('\n')),
      status: v.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(v.updatedAt),
      lastModified: new Date(v.updatedAt),
    });
  }
  return cal.toString();
};
