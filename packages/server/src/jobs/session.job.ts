import type { JobDefinition } from './runner.js';
import { toIso } from '../db/dialect.js';
import { minutes } from '../clock.js';
import { purgeIdempotencyKeys } from '../http/idempotency.js';

/** Removes sessions past their absolute lifetime or idle timeout, and idempotency keys past theirs. */
export const sessionCleanupJob: JobDefinition = {
  name: 'session.cleanup',
  schedule: '17 * * * *',
  run: async (ctx, at) => {
    const idleCutoff = toIso(new Date(at.getTime() - minutes(ctx.config.sessionIdleMinutes)));
    const result = await ctx.db
      .deleteFrom('session')
      .where((eb) => eb.or([eb('expiresAt', '<=', toIso(at)), eb('lastSeenAt', '<=', idleCutoff)]))
      .executeTakeFirst();
    const idempotencyKeys = await purgeIdempotencyKeys(ctx, at);
    return { deleted: Number(result.numDeletedRows), idempotencyKeys };
  },
};
