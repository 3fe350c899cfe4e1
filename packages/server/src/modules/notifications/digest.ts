import { sql } from 'kysely';
import type { Locale } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { NewRow } from '../../db/schema.js';
import { newId, toIso } from '../../db/dialect.js';
import { transaction } from '../../db/transaction.js';
import { digestSections, registerEventType, type DigestItem, type DigestUser } from './registry.js';
import { pairKey, visiblePairs } from './scope.js';
import { hhmm, shanghai } from './time.js';
import { renderDigestEmail, type DigestSectionOut } from './render.js';
import { smtpConfig } from './channels/email.js';
import { delivery, insertDeliveries, insertNotifications } from './fanout.js';
import { DEFAULT_DIGEST_TIME, loadPreferences, loadRequired, wants } from './preferences.js';

/** Lines per section in one digest; the rest is counted ("……另有 12 项"). */
const LINES_PER_SECTION = 10;
/** A digest missed (instances down) is still made within this many minutes of its time, same day. */
const CATCH_UP_MINUTES = 120;
const BATCH = 300;

registerEventType({
  type: 'digest.morning',
  label: { 'zh-CN': '晨间摘要', 'en-US': 'Morning digest' },
  description: { 'zh-CN': '每天早上一条：今日要办、即将到期的事项汇总', 'en-US': 'One message each morning with what today holds' },
  defaults: { inApp: true, email: true },
  title: (d, locale) => {
    const parts = digestSections()
      .filter((s) => Number(d[`n_${s.key}`] ?? 0) > 0)
      .map((s) => (locale === 'zh-CN' ? `${s.title['zh-CN']} ${d[`n_${s.key}`]} 项` : `${s.title['en-US']}: ${d[`n_${s.key}`]}`));
    return locale === 'zh-CN' ? `晨间摘要：${parts.join('，')}` : `Morning digest — ${parts.join(', ')}`;
  },
  link: () => '/notifications?type=digest.morning',
});

/**
 * Makes the morning digests that are due: users whose digest time (default 08:00 Asia/Shanghai)
 * has come today and who have none yet. Each section collects for the whole batch of users at
 * once; items outside a user's scope are dropped; a unique (user, date) row makes each digest
 * once cluster-wide. A digest with nothing in it is recorded but not sent.
 */
export const makeDueDigests = async (ctx: AppContext, now: Date): Promise<number> => {
  const { date, minute } = shanghai(now);
  const from = hhmm(Math.max(0, minute - CATCH_UP_MINUTES + 1));
  const to = hhmm(minute);
  let made = 0;
  for (let round = 0; round < 20; round++) {
    const rows = await ctx.db
      .selectFrom('appUser')
      .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
      .leftJoin('notificationPreference as pref', 'pref.userId', 'appUser.id')
      .select(['appUser.id', 'appUser.displayName', 'appUser.email', 'appUser.locale', 'appUser.orgUnitId', 'orgUnit.path'])
      .where('appUser.status', '=', 'active')
      .where(sql<boolean>`coalesce(pref.digest_enabled, 1) = 1`)
      .where(sql<boolean>`coalesce(pref.digest_time, ${DEFAULT_DIGEST_TIME}) between ${from} and ${to}`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('notificationDigest as d').select('d.id').whereRef('d.userId', '=', 'appUser.id').where('d.digestDate', '=', date))),
      )
      .orderBy('appUser.id')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    const users: DigestUser[] = rows.map((r) => ({ id: r.id, orgUnitId: r.orgUnitId, orgUnitPath: r.path, locale: r.locale }));
    const sections = digestSections();
    const collected: { key: string; items: DigestItem[] }[] = [];
    for (const s of sections) collected.push({ key: s.key, items: await s.collect(ctx.db, users, { date, now }) });
    const visible = await visiblePairs(
      ctx.db,
      collected.flatMap((c) => c.items),
    );
    const smtp = await smtpConfig(ctx).catch(() => null);
    const prefs = await loadPreferences(ctx.db, users.map((u) => u.id));
    const required = await loadRequired(ctx.db, users.map((u) => ({ id: u.id, orgUnitPath: u.orgUnitPath })));
    made += await transaction(ctx.db, async (tx) => {
      const nowIso = toIso(now);
      const digestRows = rows.map((r) => ({ id: newId(), userId: r.id, digestDate: date, itemCount: 0, createdAt: nowIso }));
      const byUser = new Map<string, { key: string; items: DigestItem[] }[]>();
      for (const c of collected)
        for (const it of c.items) {
          if (!visible.has(pairKey(it))) continue;
          const list = byUser.get(it.userId) ?? [];
          let entry = list.find((e) => e.key === c.key);
          if (!entry) list.push((entry = { key: c.key, items: [] }));
          entry.items.push(it);
          byUser.set(it.userId, list);
        }
      for (const d of digestRows) d.itemCount = (byUser.get(d.userId) ?? []).reduce((n, s) => n + s.items.length, 0);
      // Only the instance whose insert lands makes the digest's messages.
      const won = new Set<string>();
      for (const d of digestRows) {
        const res = await tx.insertInto('notificationDigest').values(d).onConflict((oc) => oc.columns(['userId', 'digestDate']).doNothing()).executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) won.add(d.id);
      }
      const notifications: NewRow<'notification'>[] = [];
      const deliveries: NewRow<'notificationDelivery'>[] = [];
      for (const d of digestRows) {
        if (!won.has(d.id) || d.itemCount === 0) continue;
        const user = rows.find((r) => r.id === d.userId)!;
        const userSections = byUser.get(d.userId)!;
        const counts = Object.fromEntries(userSections.map((s) => [`n_${s.key}`, s.items.length]));
        const payload = JSON.stringify({ date, total: d.itemCount, ...counts });
        const p = prefs.get(d.userId)!;
        const req = required.get(d.userId);
        if (wants(p, req, 'digest.morning', 'inApp'))
          notifications.push({ id: newId(), eventId: d.id, userId: d.userId, type: 'digest.morning', entityType: 'digest', entityId: d.id, payload, createdAt: nowIso, readAt: null });
        if (smtp && user.email && wants(p, req, 'digest.morning', 'email')) {
          const content = renderDigestEmail(user.displayName, date, renderSections(userSections, user.locale), user.locale, ctx.config.publicUrl);
          deliveries.push(delivery(d.id, 'email', d.userId, content.subject, { text: content.text, html: content.html }, now, nowIso));
        }
      }
      await insertNotifications(tx, notifications);
      await insertDeliveries(tx, deliveries);
      return won.size;
    });
    if (rows.length < BATCH) break;
  }
  return made;
};

const renderSections = (list: { key: string; items: DigestItem[] }[], locale: Locale): DigestSectionOut[] =>
  digestSections().flatMap((s) => {
    const found = list.find((l) => l.key === s.key);
    if (!found?.items.length) return [];
    const items = [...found.items].sort((a, b) => a.sortKey.localeCompare(b.sortKey));
    return [
      {
        title: locale === 'zh-CN' ? `${s.title[locale]}（${items.length}）` : `${s.title[locale]} (${items.length})`,
        lines: items.slice(0, LINES_PER_SECTION).map((it) => ({ text: s.line(it.data, locale), link: s.link(it.entity, it.data) })),
        more: Math.max(0, items.length - LINES_PER_SECTION),
      },
    ];
  });

/** Today's digest for one user, for a preview on the settings page (not recorded, not sent). */
export const previewDigest = async (ctx: AppContext, user: DigestUser, now: Date): Promise<DigestSectionOut[]> => {
  const { date } = shanghai(now);
  const collected: { key: string; items: DigestItem[] }[] = [];
  for (const s of digestSections()) collected.push({ key: s.key, items: await s.collect(ctx.db, [user], { date, now }) });
  const visible = await visiblePairs(
    ctx.db,
    collected.flatMap((c) => c.items),
  );
  return renderSections(
    collected.map((c) => ({ key: c.key, items: c.items.filter((i) => visible.has(pairKey(i))) })),
    user.locale,
  );
};
