import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import { transaction } from '../db/transaction.js';
import { nextOccurrence } from '../modules/customers/birthday.js';
import { publishMany, type NotificationEvent } from '../modules/notifications/publish.js';
import { addDays } from '@liaison/shared';
import { shanghai } from '../modules/notifications/time.js';

/** How many days ahead contacts' birthdays are announced (key dates carry their own `remindDaysBefore`). */
export const BIRTHDAY_REMIND_DAYS = 3;

/**
 * Important dates, daily: first moves every date that has passed to its next occurrence (one
 * UPDATE per distinct calendar date, not per row — lunar dates need the calendar library), then
 * publishes `keyDate.upcoming` to the owner of each customer with a date within its reminder
 * window. Dedupe keys name the date and its occurrence, so a second run the same day (or a
 * manual run) tells no one twice.
 */
export const runKeyDateReminders = async (ctx: AppContext, at: Date) => {
  const today = shanghai(at).date;
  let refreshed = 0;
  await transaction(ctx.db, async (tx) => {
    const staleDates = await tx.selectFrom('keyDate').select(['calendar', 'month', 'day', 'leapMonth']).distinct().where('nextDate', '<', today).execute();
    for (const s of staleDates) {
      const next = nextOccurrence({ calendar: s.calendar, month: s.month, day: s.day, leapMonth: s.leapMonth === 1 }, at);
      const res = await tx
        .updateTable('keyDate')
        .set({ nextDate: next })
        .where('calendar', '=', s.calendar)
        .where('month', '=', s.month)
        .where('day', '=', s.day)
        .where('leapMonth', '=', s.leapMonth)
        .where('nextDate', '<', today)
        .executeTakeFirst();
      refreshed += Number(res.numUpdatedRows ?? 0);
    }
    const staleBirthdays = await tx
      .selectFrom('contact')
      .select(['birthdayCalendar', 'birthMonth', 'birthDay', 'birthLeapMonth'])
      .distinct()
      .where('nextBirthday', '<', today)
      .where('birthdayCalendar', 'is not', null)
      .where('birthMonth', 'is not', null)
      .where('birthDay', 'is not', null)
      .execute();
    for (const s of staleBirthdays) {
      const next = nextOccurrence({ calendar: s.birthdayCalendar!, month: s.birthMonth!, day: s.birthDay!, leapMonth: s.birthLeapMonth === 1 }, at);
      const res = await tx
        .updateTable('contact')
        .set({ nextBirthday: next })
        .where('birthdayCalendar', '=', s.birthdayCalendar)
        .where('birthMonth', '=', s.birthMonth)
        .where('birthDay', '=', s.birthDay)
        .where('birthLeapMonth', '=', s.birthLeapMonth)
        .where('nextBirthday', '<', today)
        .executeTakeFirst();
      refreshed += Number(res.numUpdatedRows ?? 0);
    }
  });

  const daysLeft = (d: string) => Math.round((Date.parse(d) - Date.parse(today)) / 86_400_000);
  const events: NotificationEvent[] = [];
  const dates = await ctx.db
    .selectFrom('keyDate')
    .innerJoin('customer', 'customer.id', 'keyDate.customerId')
    .leftJoin('contact', 'contact.id', 'keyDate.contactId')
    .select(['keyDate.id', 'keyDate.title', 'keyDate.calendar', 'keyDate.nextDate', 'keyDate.remindDaysBefore', 'customer.id as customerId', 'customer.name as customerName', 'customer.ownerId', 'contact.name as contactName'])
    .where('customer.ownerId', 'is not', null)
    .where('keyDate.nextDate', '>=', today)
    .where('keyDate.nextDate', '<=', addDays(today, 60))
    .execute();
  for (const r of dates) {
    const left = daysLeft(r.nextDate);
    if (left > r.remindDaysBefore) continue;
    events.push({
      type: 'keyDate.upcoming',
      entity: { type: 'customer', id: r.customerId },
      recipients: [r.ownerId!],
      data: { customerName: r.customerName, contactName: r.contactName, title: r.title, date: r.nextDate, daysLeft: left, lunar: r.calendar === 'lunar' },
      dedupeKey: `keyDate.upcoming:keyDate:${r.id}:${r.nextDate}`,
    });
  }
  const births = await ctx.db
    .selectFrom('contact')
    .innerJoin('customer', 'customer.id', 'contact.customerId')
    .select(['contact.id', 'contact.name', 'contact.birthdayCalendar', 'contact.nextBirthday', 'customer.id as customerId', 'customer.name as customerName', 'customer.ownerId'])
    .where('customer.ownerId', 'is not', null)
    .where('contact.nextBirthday', '>=', today)
    .where('contact.nextBirthday', '<=', addDays(today, BIRTHDAY_REMIND_DAYS))
    .execute();
  for (const r of births)
    events.push({
      type: 'keyDate.upcoming',
      entity: { type: 'customer', id: r.customerId },
      recipients: [r.ownerId!],
      data: { customerName: r.customerName, contactName: r.name, kind: 'birthday', title: null, date: r.nextBirthday!, daysLeft: daysLeft(r.nextBirthday!), lunar: r.birthdayCalendar === 'lunar' },
      dedupeKey: `keyDate.upcoming:birthday:${r.id}:${r.nextBirthday}`,
    });
  await transaction(ctx.db, (tx) => publishMany(tx, at, events));
  return { refreshed, published: events.length };
};

export const keyDateJob: JobDefinition = { name: 'keyDate.reminders', schedule: '0 6 * * *', run: runKeyDateReminders };
