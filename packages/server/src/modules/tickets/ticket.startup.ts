import type { AppContext } from '../../context.js';
import { syncPackageCalendar } from '../../calendar/calendar.store.js';
import { seedTicketCauses } from '../../db/migrations/0009_tickets.js';
import { toIso } from '../../db/dialect.js';
import { recomputeDeadlines } from './ticket.sla.js';
import { handoverHooks } from '../handover/handover.service.js';
import { moveTicketsAtHandover } from './ticket.handover.js';

if (!handoverHooks.some((h) => h.name === 'tickets')) handoverHooks.push({ name: 'tickets', run: moveTicketsAtHandover });

/**
 * At start-up: the installed holiday package's years go into the calendar table (a new or
 * corrected year recomputes open deadlines), and the cause dictionary exists.
 */
export const startTickets = async (ctx: AppContext): Promise<void> => {
  const now = ctx.clock.now();
  if (await ctx.db.selectFrom('dictionary').select('code').limit(1).executeTakeFirst()) {
    try {
      await seedTicketCauses(ctx.db as never, toIso(now));
    } catch (err) {
      // Another instance seeded it at the same moment.
      if (!(await ctx.db.selectFrom('dictionary').select('code').where('code', '=', 'ticketCause').executeTakeFirst())) throw err;
    }
  }
  const changed = await syncPackageCalendar(ctx.db, now);
  if (changed.length) {
    const recomputed = await recomputeDeadlines(ctx.db, 'open');
    ctx.log.info({ years: changed, recomputed }, 'working calendar loaded from holiday-calendar');
  }
};
