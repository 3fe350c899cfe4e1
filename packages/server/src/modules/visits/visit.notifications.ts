import { sql } from 'kysely';
import { dayRange, localTime, type Locale } from '@liaison/shared';
import { registerDigestSection, registerEventType, registerScope } from '../notifications/registry.js';

/**
 * What visits tell people (see modules/notifications/registry.ts): `visit.due` (jobs/visit.jobs.ts),
 * how a visit meets the data scope — its manager and unit for `visit.read`, plus the joint-visit
 * participants and the customer's owner, as `visibleVisits` lets them read it — and the digest's
 * "today's planned visits" and "overdue customers".
 */

registerScope('visit', {
  permission: 'visit.read',
  load: (tx, ids) =>
    tx
      .selectFrom('visit')
      .innerJoin('orgUnit', 'orgUnit.id', 'visit.orgUnitId')
      .select(['visit.id', 'visit.managerId as ownerId', 'visit.orgUnitId', 'orgUnit.path as orgUnitPath'])
      .where('visit.id', 'in', ids)
      .execute(),
  alsoVisibleTo: async (tx, ids) => {
    const participants = await tx.selectFrom('visitParticipant').select(['visitId as id', 'userId']).where('visitId', 'in', ids).execute();
    const owners = await tx
      .selectFrom('visit')
      .innerJoin('customer', 'customer.id', 'visit.customerId')
      .select(['visit.id', 'customer.ownerId'])
      .where('visit.id', 'in', ids)
      .where('customer.ownerId', 'is not', null)
      .execute();
    return [...participants, ...owners.map((o) => ({ id: o.id, userId: o.ownerId! }))];
  },
});

const methods: Record<string, Record<Locale, string>> = {
  onsite: { 'zh-CN': '上门', 'en-US': 'on-site' },
  phone: { 'zh-CN': '电话', 'en-US': 'phone' },
  sms: { 'zh-CN': '短信', 'en-US': 'SMS' },
  wechat: { 'zh-CN': '微信', 'en-US': 'WeChat' },
  video: { 'zh-CN': '视频', 'en-US': 'video' },
  meeting: { 'zh-CN': '会议', 'en-US': 'meeting' },
  letter: { 'zh-CN': '信函', 'en-US': 'letter' },
};
const method = (m: unknown, locale: Locale) => methods[String(m)]?.[locale] ?? String(m ?? '');

registerEventType({
  type: 'visit.due',
  label: { 'zh-CN': '今日拜访提醒', 'en-US': 'Visits planned today' },
  description: { 'zh-CN': '当天早上提醒今天计划的拜访（含陪访）', 'en-US': 'In the morning: the visits planned for today, joint visits included' },
  defaults: { inApp: true, email: false },
  title: (d, locale) =>
    locale === 'zh-CN'
      ? `今天 ${localTime(String(d.startAt))} ${method(d.method, locale)}拜访客户「${d.customerName}」`
      : `Today ${localTime(String(d.startAt))}: ${method(d.method, locale)} visit to ${d.customerName}`,
  link: () => '/calendar',
});

registerDigestSection({
  key: 'visitsToday',
  order: 10,
  title: { 'zh-CN': '今日计划拜访', 'en-US': 'Visits planned today' },
  collect: async (tx, users, { date }) => {
    const day = dayRange(date);
    const rows = await tx
      .selectFrom('visit')
      .innerJoin('customer', 'customer.id', 'visit.customerId')
      .select(['visit.id', 'visit.managerId', 'visit.startAt', 'visit.method', 'customer.name as customerName'])
      .where('visit.managerId', 'in', users.map((u) => u.id))
      .where('visit.status', '=', 'planned')
      .where('visit.startAt', '>=', day.from)
      .where('visit.startAt', '<', day.to)
      .execute();
    return rows.map((r) => ({ userId: r.managerId, entity: { type: 'visit', id: r.id }, data: { customerName: r.customerName, startAt: r.startAt, method: r.method }, sortKey: r.startAt }));
  },
  line: (d, locale) => `${localTime(String(d.startAt))} · ${d.customerName} · ${method(d.method, locale)}`,
  link: () => '/calendar',
});

registerDigestSection({
  key: 'overdue',
  order: 20,
  title: { 'zh-CN': '逾期未联系的客户', 'en-US': 'Customers overdue for contact' },
  collect: async (tx, users, { now }) => {
    const nowIso = now.toISOString();
    const rows = await tx
      .selectFrom('customer')
      .select(['customer.id', 'customer.name', 'customer.ownerId', 'customer.onsiteDueAt', 'customer.phoneDueAt'])
      .where('customer.ownerId', 'in', users.map((u) => u.id))
      .where(sql<boolean>`(customer.onsite_due_at < ${nowIso} or customer.phone_due_at < ${nowIso})`)
      .execute();
    return rows.map((r) => {
      const onsite = Boolean(r.onsiteDueAt && r.onsiteDueAt < nowIso);
      const since = [r.onsiteDueAt, r.phoneDueAt].filter((x): x is string => Boolean(x && x < nowIso)).sort()[0]!;
      return { userId: r.ownerId!, entity: { type: 'customer', id: r.id }, data: { customerName: r.name, onsite, since: since.slice(0, 10) }, sortKey: since };
    });
  },
  line: (d, locale) =>
    locale === 'zh-CN'
      ? `${d.customerName}（${d.onsite ? '上门' : '电话'}联系自 ${d.since} 起逾期）`
      : `${d.customerName} (${d.onsite ? 'on-site' : 'phone'} contact overdue since ${d.since})`,
  link: (e) => `/customers/${e.id}`,
});
