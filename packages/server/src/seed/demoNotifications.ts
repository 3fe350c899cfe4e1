import type { AppContext } from '../context.js';
import { newId, toIso } from '../db/dialect.js';
import { nextOccurrence } from '../modules/customers/birthday.js';
import { addDays } from '@liaison/shared';
import { shanghai } from '../modules/notifications/time.js';
import { runKeyDateReminders } from '../jobs/keyDate.job.js';
import { runReclaim } from '../jobs/reclaim.job.js';
import { runVisitDue } from '../jobs/visit.jobs.js';
import { fanOut } from '../modules/notifications/fanout.js';

/**
 * The demo's first day of reminders, made the way production makes them: a few important dates
 * in the coming days for each manager's customers, then the real reclaim job's warnings (without
 * reclaiming anyone), the key-date job and the visit-due job publish through the outbox, and one fan-out turns
 * the events into what each manager's bell shows on first sign-in.
 */
export const seedDemoNotifications = async (ctx: AppContext, at: Date): Promise<void> => {
  const today = shanghai(at).date;
  const managers = await ctx.db.selectFrom('appUser').select('id').where('username', 'like', 'manager%').orderBy('username').execute();
  const rows = [];
  const plan = [
    { kind: 'openingAnniversary', title: '开业纪念日', inDays: 1 },
    { kind: 'partnershipAnniversary', title: '合作纪念日', inDays: 2 },
    { kind: 'foundingAnniversary', title: '成立纪念日', inDays: 3 },
  ];
  for (const m of managers) {
    const customers = await ctx.db.selectFrom('customer').select('id').where('ownerId', '=', m.id).orderBy('sortKey').limit(plan.length).execute();
    for (const [i, c] of customers.entries()) {
      const p = plan[i]!;
      const date = addDays(today, p.inDays);
      const month = Number(date.slice(5, 7));
      const day = Number(date.slice(8, 10));
      rows.push({
        id: newId(),
        customerId: c.id,
        contactId: null,
        kind: p.kind,
        title: p.title,
        calendar: 'solar' as const,
        year: Number(date.slice(0, 4)) - 3 - i,
        month,
        day,
        leapMonth: 0,
        nextDate: nextOccurrence({ calendar: 'solar', month, day }, at),
        remindDaysBefore: 3,
        version: 1,
        createdAt: toIso(at),
        updatedAt: toIso(at),
      });
    }
  }
  if (rows.length) await ctx.db.insertInto('keyDate').values(rows).execute();
  // Warnings first, then dates, then today's visits: the most pressing are the newest in the bell.
  await runReclaim(ctx, at, { warnOnly: true });
  await runKeyDateReminders(ctx, at);
  await runVisitDue(ctx, at);
  while ((await fanOut(ctx)) > 0);
};
