import { madeOrJoined } from './visit.scope.js';
import { sql } from 'kysely';
import { addDays, dayRange, isoWeekKey, isoWeekRange, localDate, monthKey, type TWorkbench, type TWorkbenchCustomer } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { hasPermission } from '../../access/access.js';
import { bool, num, toIso } from '../../db/dialect.js';
import { complianceState, coverageByOwner, loadRules, periodFrame, requiredExpr } from './compliance.js';
import { presentVisits, selectVisit, type VisitRow } from './visit.presenter.js';

const LIST = 30;

/** The earlier of the two due times, portable (no LEAST on SQLite). */
const firstDue = sql<string | null>`(case when customer.onsite_due_at is null then customer.phone_due_at
  when customer.phone_due_at is null then customer.onsite_due_at
  when customer.onsite_due_at < customer.phone_due_at then customer.onsite_due_at else customer.phone_due_at end)`;

/**
 * The manager's morning 工作台, in the order of their day: today's visits, who is overdue by the
 * frequency rules (most overdue first), who is due this week, who is about to be reclaimed,
 * important dates of the next 7 days, and how the month and week stand. Everything is the
 * caller's own book (customers they own, visits they make or join) — a handful of indexed
 * queries, independent of the size of the whole database.
 */
export const getWorkbench = async (ctx: AppContext, auth: Auth): Promise<TWorkbench> => {
  const now = ctx.clock.now();
  const nowIso = toIso(now);
  const today = localDate(now);
  const day = dayRange(today);
  const week = isoWeekRange(isoWeekKey(now));
  const monthF = periodFrame('month', now);
  const weekF = periodFrame('week', now);
  const db = ctx.db;
  const readsCustomers = hasPermission(auth, 'customer.read');
  const readsVisits = hasPermission(auth, 'visit.read');

  const mine = (from: string, to: string) =>
    db
      .selectFrom('visit')
      .where(madeOrJoined(auth.userId, from, to));

  const todayRows = readsVisits
    ? ((await selectVisit(mine(day.from, day.to))
        .where('visit.status', 'in', ['planned', 'done'])
        .orderBy(sql`case when visit.status = 'planned' then 0 else 1 end`)
        .orderBy('visit.startAt')
        .limit(50)
        .execute()) as VisitRow[])
    : [];

  const weekCounts = readsVisits
    ? await mine(week.from, week.to)
        .select([
          sql<number>`sum(case when visit.status = 'done' then 1 else 0 end)`.as('done'),
          sql<number>`sum(case when visit.status = 'planned' then 1 else 0 end)`.as('planned'),
        ])
        .executeTakeFirst()
    : undefined;

  const owned = () => db.selectFrom('customer').where('customer.ownerId', '=', auth.userId);
  const rules = await loadRules(db);
  const required = [requiredExpr(rules, 'month').as('onsiteRequired'), requiredExpr(rules, 'week').as('phoneRequired')];
  const customerColumns = [
    'customer.id',
    'customer.name',
    'customer.grade',
    'customer.gradeOverride',
    'customer.isKey',
    'customer.lastContactAt',
    'customer.lastOnsiteAt',
    'customer.lastPhoneAt',
    'customer.onsiteDueAt',
    'customer.phoneDueAt',
  ] as const;
  type Due = { onsiteRequired: unknown; phoneRequired: unknown; id: string; name: string; grade: string | null; gradeOverride: string | null; isKey: unknown; lastContactAt: string | null; lastOnsiteAt: string | null; lastPhoneAt: string | null; onsiteDueAt: string | null; phoneDueAt: string | null };
  const toCustomer = (c: Due): TWorkbenchCustomer => {
    const onsite = complianceState(c.onsiteDueAt, now, monthF);
    const phone = complianceState(c.phoneDueAt, now, weekF);
    const overdueSince = [onsite === 'overdue' ? c.onsiteDueAt : null, phone === 'overdue' ? c.phoneDueAt : null].filter(Boolean).sort()[0] ?? null;
    const dueMethod =
      onsite === 'overdue' || (onsite === 'due' && phone !== 'overdue') ? 'onsite' : phone === 'overdue' || phone === 'due' ? 'phone' : null;
    return {
      id: c.id,
      name: c.name,
      grade: c.gradeOverride ?? c.grade,
      isKey: bool(c.isKey),
      lastContactAt: c.lastContactAt,
      compliance: {
        onsite: { state: onsite, dueAt: c.onsiteDueAt, last: c.lastOnsiteAt, required: num(c.onsiteRequired) },
        phone: { state: phone, dueAt: c.phoneDueAt, last: c.lastPhoneAt, required: num(c.phoneRequired) },
      },
      dueMethod,
      overdueSince,
    };
  };

  const empty = { count: 0, onsite: 0, phone: 0, customers: [] as TWorkbenchCustomer[] };
  let overdue = empty;
  let dueThisWeek = { count: 0, customers: [] as TWorkbenchCustomer[] };
  let reclaim: TWorkbench['reclaim'] = { count: 0, customers: [] };
  let keyDates: TWorkbench['keyDates'] = [];
  let customers = 0;
  if (readsCustomers) {
    const isOverdue = sql<boolean>`(customer.onsite_due_at <= ${nowIso} or customer.phone_due_at <= ${nowIso})`;
    const counts = await owned()
      .select([
        sql<number>`count(*)`.as('customers'),
        sql<number>`sum(case when ${isOverdue} then 1 else 0 end)`.as('overdue'),
        sql<number>`sum(case when customer.onsite_due_at <= ${nowIso} then 1 else 0 end)`.as('onsite'),
        sql<number>`sum(case when customer.phone_due_at <= ${nowIso} then 1 else 0 end)`.as('phone'),
        sql<number>`sum(case when not ${isOverdue} and (customer.onsite_due_at <= ${week.to} or customer.phone_due_at <= ${week.to}) then 1 else 0 end)`.as('dueWeek'),
        sql<number>`sum(case when customer.reclaim_warned_at is not null then 1 else 0 end)`.as('reclaim'),
      ])
      .executeTakeFirst();
    customers = num(counts?.customers);
    const overdueRows = (await owned().select(customerColumns).select(required).where(isOverdue).orderBy(firstDue).orderBy('customer.sortKey').limit(LIST).execute()) as Due[];
    overdue = { count: num(counts?.overdue), onsite: num(counts?.onsite), phone: num(counts?.phone), customers: overdueRows.map(toCustomer) };
    const dueRows = (await owned()
      .select(customerColumns)
      .select(required)
      .where(sql<boolean>`not ${isOverdue}`)
      .where((eb) => eb.or([eb('customer.onsiteDueAt', '<=', week.to), eb('customer.phoneDueAt', '<=', week.to)]))
      .orderBy(firstDue)
      .orderBy('customer.sortKey')
      .limit(LIST)
      .execute()) as Due[];
    dueThisWeek = { count: num(counts?.dueWeek), customers: dueRows.map(toCustomer) };
    const warned = await owned()
      .select(['customer.id', 'customer.name', 'customer.lastContactAt', 'customer.reclaimWarnedAt'])
      .where('customer.reclaimWarnedAt', 'is not', null)
      .orderBy('customer.reclaimWarnedAt')
      .limit(LIST)
      .execute();
    reclaim = { count: num(counts?.reclaim), customers: warned.map((c) => ({ id: c.id, name: c.name, lastContactAt: c.lastContactAt, warnedAt: c.reclaimWarnedAt! })) };

    const until = addDays(today, 7);
    const birthdays = await db
      .selectFrom('contact')
      .innerJoin('customer', 'customer.id', 'contact.customerId')
      .select(['contact.name as contactName', 'contact.nextBirthday', 'contact.birthdayCalendar', 'customer.id', 'customer.name'])
      .where('customer.ownerId', '=', auth.userId)
      .where('contact.nextBirthday', '>=', today)
      .where('contact.nextBirthday', '<=', until)
      .execute();
    const dates = await db
      .selectFrom('keyDate')
      .innerJoin('customer', 'customer.id', 'keyDate.customerId')
      .leftJoin('contact', 'contact.id', 'keyDate.contactId')
      .select(['keyDate.title', 'keyDate.nextDate', 'keyDate.calendar', 'contact.name as contactName', 'customer.id', 'customer.name'])
      .where('customer.ownerId', '=', auth.userId)
      .where('keyDate.nextDate', '>=', today)
      .where('keyDate.nextDate', '<=', until)
      .execute();
    keyDates = [
      ...birthdays.map((b) => ({ kind: 'birthday' as const, date: b.nextBirthday!, title: '', customerId: b.id, customerName: b.name, contactName: b.contactName, lunar: b.birthdayCalendar === 'lunar' })),
      ...dates.map((d) => ({ kind: 'keyDate' as const, date: d.nextDate, title: d.title, customerId: d.id, customerName: d.name, contactName: d.contactName, lunar: d.calendar === 'lunar' })),
    ].sort((a, b) => a.date.localeCompare(b.date) || a.customerName.localeCompare(b.customerName, 'zh-CN'));
  }

  const monthCov = (await coverageByOwner(db, readsCustomers ? [auth.userId] : [], 'month', monthKey(now))).get(auth.userId);
  const weekCov = (await coverageByOwner(db, readsCustomers ? [auth.userId] : [], 'week', isoWeekKey(now))).get(auth.userId);

  return {
    date: today,
    today: await presentVisits(db, todayRows),
    overdue,
    dueThisWeek,
    reclaim,
    keyDates,
    coverage: {
      customers,
      month: { key: monthKey(now), subject: monthCov?.subject ?? 0, met: monthCov?.met ?? 0 },
      week: { key: isoWeekKey(now), subject: weekCov?.subject ?? 0, met: weekCov?.met ?? 0 },
    },
    visits: { doneThisWeek: num(weekCounts?.done), plannedThisWeek: num(weekCounts?.planned) },
  };
};
