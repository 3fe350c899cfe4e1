import { sql } from 'kysely';
import type { Locale } from '@liaison/shared';
import { registerDigestSection, registerEventType, registerScope, type EventData } from '../notifications/registry.js';
import { addDays } from '@liaison/shared';

/**
 * What the customer archive tells people: reclaim warnings and important dates (published by
 * jobs/reclaim.job.ts and jobs/keyDate.job.ts), how customers and org units meet the data
 * scope, and the digest's "important dates" and "about to be reclaimed" sections.
 */

registerScope('customer', {
  permission: 'customer.read',
  load: (tx, ids) =>
    tx
      .selectFrom('customer')
      .innerJoin('orgUnit', 'orgUnit.id', 'customer.orgUnitId')
      .select(['customer.id', 'customer.ownerId', 'customer.orgUnitId', 'orgUnit.path as orgUnitPath'])
      .where('customer.id', 'in', ids)
      .execute(),
});

registerScope('orgUnit', {
  permission: 'orgUnit.read',
  load: async (tx, ids) =>
    (await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', 'in', ids).execute()).map((u) => ({ id: u.id, ownerId: null, orgUnitId: u.id, orgUnitPath: u.path })),
});

const md = (date: string, locale: Locale) => (locale === 'zh-CN' ? `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日` : date);
const when = (daysLeft: number, date: string, locale: Locale): string => {
  if (locale === 'zh-CN') return daysLeft <= 0 ? '今天' : daysLeft === 1 ? '明天' : daysLeft === 2 ? '后天' : `${daysLeft} 天后（${md(date, locale)}）`;
  return daysLeft <= 0 ? 'Today' : daysLeft === 1 ? 'Tomorrow' : `In ${daysLeft} days (${date})`;
};

/** "王伟的生日（农历）" / "founding anniversary" — who and what, without phones. */
const whatDay = (d: EventData, locale: Locale): string => {
  const lunar = d.lunar ? (locale === 'zh-CN' ? '（农历）' : ' (lunar)') : '';
  const title = d.kind === 'birthday' ? (locale === 'zh-CN' ? '生日' : 'birthday') : d.title;
  if (locale === 'zh-CN') return `${d.contactName ? `${d.contactName}的` : ''}${title}${lunar}`;
  return `${d.contactName ? `${d.contactName}'s ` : ''}${title}${lunar}`;
};

registerEventType({
  type: 'keyDate.upcoming',
  label: { 'zh-CN': '重要日期提醒', 'en-US': 'Important date coming' },
  description: { 'zh-CN': '客户及联系人的生日（含农历）、纪念日等临近时提醒', 'en-US': 'Birthdays (lunar too), anniversaries and other dates of your customers' },
  defaults: { inApp: true, email: false },
  title: (d, locale) =>
    locale === 'zh-CN'
      ? `${when(Number(d.daysLeft), String(d.date), locale)}是客户「${d.customerName}」${whatDay(d, locale)}`
      : `${when(Number(d.daysLeft), String(d.date), locale)}: ${whatDay(d, locale)} — ${d.customerName}`,
  body: (d, locale) => (locale === 'zh-CN' ? `日期：${d.date}。可安排问候或拜访。` : `Date: ${d.date}. A good moment for a greeting or a visit.`),
  link: (e) => `/customers/${e.id}`,
});

registerEventType({
  type: 'customer.reclaimWarning',
  label: { 'zh-CN': '客户即将被回收', 'en-US': 'Customer about to be reclaimed' },
  description: { 'zh-CN': '名下客户长期未跟进，即将自动回收到公海', 'en-US': 'A customer of yours has not been followed up and will return to the pool' },
  defaults: { inApp: true, email: true },
  title: (d, locale) =>
    locale === 'zh-CN' ? `客户「${d.customerName}」将于 ${d.reclaimOn} 被回收到公海` : `${d.customerName} returns to the public pool on ${d.reclaimOn}`,
  body: (d, locale) =>
    locale === 'zh-CN' ? `已 ${d.idleDays} 天未跟进（规则：${d.days} 天），跟进一次即可保留。` : `No follow-up for ${d.idleDays} days (rule: ${d.days}); one follow-up keeps the customer.`,
  link: (e) => `/customers/${e.id}`,
});

registerEventType({
  type: 'customer.reclaimSummary',
  label: { 'zh-CN': '团队客户回收预警', 'en-US': 'Team reclaim warnings' },
  description: { 'zh-CN': '发到机构的群机器人：本机构今日有多少客户即将被回收', 'en-US': 'To the unit\'s group robots: how many of the unit\'s customers are about to be reclaimed' },
  defaults: { inApp: false, email: false },
  robot: true,
  title: (d, locale) =>
    locale === 'zh-CN' ? `${d.unitName}：${d.count} 位客户即将被回收到公海，请尽快跟进` : `${d.unitName}: ${d.count} customers are about to return to the pool`,
  link: () => '/customers?reclaimWarned=1',
});

registerDigestSection({
  key: 'keyDates',
  order: 30,
  title: { 'zh-CN': '近 3 天的重要日期', 'en-US': 'Important dates in the next 3 days' },
  collect: async (tx, users, { date }) => {
    const ids = users.map((u) => u.id);
    const until = addDays(date, 3);
    const dates = await tx
      .selectFrom('keyDate')
      .innerJoin('customer', 'customer.id', 'keyDate.customerId')
      .leftJoin('contact', 'contact.id', 'keyDate.contactId')
      .select(['keyDate.id', 'keyDate.title', 'keyDate.calendar', 'keyDate.nextDate', 'customer.id as customerId', 'customer.name as customerName', 'customer.ownerId', 'contact.name as contactName'])
      .where('customer.ownerId', 'in', ids)
      .where('keyDate.nextDate', '>=', date)
      .where('keyDate.nextDate', '<=', until)
      .execute();
    const births = await tx
      .selectFrom('contact')
      .innerJoin('customer', 'customer.id', 'contact.customerId')
      .select(['contact.id', 'contact.name as contactName', 'contact.birthdayCalendar', 'contact.nextBirthday', 'customer.id as customerId', 'customer.name as customerName', 'customer.ownerId'])
      .where('customer.ownerId', 'in', ids)
      .where('contact.nextBirthday', '>=', date)
      .where('contact.nextBirthday', '<=', until)
      .execute();
    const days = (d: string) => Math.round((Date.parse(d) - Date.parse(date)) / 86_400_000);
    return [
      ...dates.map((r) => ({
        userId: r.ownerId!,
        entity: { type: 'customer', id: r.customerId },
        data: { customerName: r.customerName, contactName: r.contactName, title: r.title, date: r.nextDate, daysLeft: days(r.nextDate), lunar: r.calendar === 'lunar' },
        sortKey: `${r.nextDate}|${r.customerName}`,
      })),
      ...births.map((r) => ({
        userId: r.ownerId!,
        entity: { type: 'customer', id: r.customerId },
        data: { customerName: r.customerName, contactName: r.contactName, kind: 'birthday', title: null, date: r.nextBirthday!, daysLeft: days(r.nextBirthday!), lunar: r.birthdayCalendar === 'lunar' },
        sortKey: `${r.nextBirthday}|${r.customerName}`,
      })),
    ];
  },
  line: (d, locale) => `${when(Number(d.daysLeft), String(d.date), locale)} · ${d.customerName} · ${whatDay(d, locale)}`,
  link: (e) => `/customers/${e.id}`,
});

registerDigestSection({
  key: 'reclaim',
  order: 40,
  title: { 'zh-CN': '即将被回收的客户', 'en-US': 'Customers about to be reclaimed' },
  collect: async (tx, users) => {
    const rows = await tx
      .selectFrom('customer')
      .select(['customer.id', 'customer.name', 'customer.ownerId', 'customer.lastContactAt', 'customer.reclaimWarnedAt'])
      .where('customer.ownerId', 'in', users.map((u) => u.id))
      .where('customer.reclaimWarnedAt', 'is not', null)
      .where(sql<boolean>`coalesce(customer.last_contact_at, '') < customer.reclaim_warned_at`)
      .execute();
    return rows.map((r) => ({
      userId: r.ownerId!,
      entity: { type: 'customer', id: r.id },
      data: { customerName: r.name, lastContact: r.lastContactAt ? r.lastContactAt.slice(0, 10) : null },
      sortKey: `${r.lastContactAt ?? ''}|${r.name}`,
    }));
  },
  line: (d, locale) =>
    locale === 'zh-CN'
      ? `${d.customerName}（${d.lastContact ? `最近跟进 ${d.lastContact}` : '从未跟进'}）`
      : `${d.customerName} (${d.lastContact ? `last follow-up ${d.lastContact}` : 'never followed up'})`,
  link: (e) => `/customers/${e.id}`,
});

// A change request is the requester's: they hear its outcome even when an approved owner change
// took the customer out of their scope.
registerScope('changeRequest', {
  permission: 'customer.read',
  load: (tx, ids) =>
    tx
      .selectFrom('changeRequest')
      .innerJoin('customer', 'customer.id', 'changeRequest.customerId')
      .innerJoin('orgUnit', 'orgUnit.id', 'customer.orgUnitId')
      .select(['changeRequest.id', 'changeRequest.requestedBy as ownerId', 'customer.orgUnitId', 'orgUnit.path as orgUnitPath'])
      .where('changeRequest.id', 'in', ids)
      .execute(),
});

const requestField = (field: unknown, locale: Locale) =>
  ({ ownerId: { 'zh-CN': '客户经理', 'en-US': 'account manager' }, grade: { 'zh-CN': '客户分级', 'en-US': 'grade' }, creditCode: { 'zh-CN': '统一社会信用代码', 'en-US': 'credit code' } })[String(field)]?.[locale] ?? String(field);

registerEventType({
  type: 'changeRequest.decided',
  label: { 'zh-CN': '变更申请有结果', 'en-US': 'Change request decided' },
  description: { 'zh-CN': '您提交的变更申请被批准或驳回时通知您', 'en-US': 'When a change you asked for is approved or rejected' },
  defaults: { inApp: true, email: false },
  title: (d, locale) =>
    locale === 'zh-CN'
      ? `客户「${d.customerName}」的${requestField(d.field, locale)}变更申请已${d.approved ? '批准' : '驳回'}`
      : `Your ${requestField(d.field, locale)} change for ${d.customerName} was ${d.approved ? 'approved' : 'rejected'}`,
  body: (d, locale) => {
    const by = d.decidedBy ? (locale === 'zh-CN' ? `审批人：${d.decidedBy}。` : `By ${d.decidedBy}. `) : '';
    return `${by}${d.comment ? (locale === 'zh-CN' ? `意见：${d.comment}` : `Comment: ${d.comment}`) : ''}`;
  },
  link: () => '/change-requests?status=all',
});
