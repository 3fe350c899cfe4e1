import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { toIso } from '../db/dialect.js';
import { transaction } from '../db/transaction.js';
import { requireAuth } from './request.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Keys are kept this long; a client retrying later than that is making a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

const KEY_RE = /^[\x21-\x7e]{8,200}$/;

const fingerprintOf = (req: FastifyRequest, extra?: string): string =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify({ m: req.method, r: req.routeOptions.url, p: req.params ?? null, b: req.body ?? null, x: extra ?? null }))
    .digest('hex');

/**
 * `Idempotency-Key` for creates (docs/API.md). The key, the request's fingerprint and the answer
 * are stored in the same transaction as the record the request creates, so:
 * - a retried or replayed request with the same key and body gets the first answer again
 *   (`Idempotent-Replayed: true`) and creates nothing;
 * - two copies racing on several app instances: the second waits on the key's unique index
 *   until the first commits, then replays it;
 * - a request that failed stored nothing, so its retry runs afresh;
 * - the same key with a different body is 409 `idempotency_mismatch`.
 * Keys belong to the signed-in user. Without the header the request simply runs.
 * `extra` adds to the fingerprint what the parsed body lacks (an uploaded file's hash).
 */
export const idempotent = async <T>(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, run: () => Promise<T>, extra?: string): Promise<T> => {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return run();
  if (typeof raw !== 'string' || !KEY_RE.test(raw)) throw new AppError('validation_failed', [{ path: 'idempotency-key', key: 'invalid_idempotency_key' }]);
  const auth = requireAuth(req);
  const requestHash = fingerprintOf(req, extra);
  return transaction(ctx.db, async (tx) => {
    const claimed = await tx
      .insertInto('idempotencyKey')
      .values({ userId: auth.userId, key: raw, requestHash, statusCode: 0, response: null, createdAt: toIso(ctx.clock.now()) })
      .onConflict((oc) => oc.columns(['userId', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
      const prior = await tx.selectFrom('idempotencyKey').selectAll().where('userId', '=', auth.userId).where('key', '=', raw).executeTakeFirstOrThrow();
      if (prior.requestHash !== requestHash) throw new AppError('idempotency_mismatch', [{ path: 'idempotency-key', key: 'idempotency_key_reused' }]);
      reply.header('idempotent-replayed', 'true');
      reply.status(prior.statusCode);
      return (prior.response === null ? null : JSON.parse(prior.response)) as T;
    }
    const result = await run();
    await tx
      .updateTable('idempotencyKey')
      .set({ statusCode: reply.statusCode, response: result === undefined ? null : JSON.stringify(result) })
      .where('userId', '=', auth.userId)
      .where('key', '=', raw)
      .execute();
    return result;
  });
};

/** Forgets keys past their time; run by the nightly clean-up. */
export const purgeIdempotencyKeys = async (ctx: AppContext, now: Date): Promise<number> => {
  const cutoff = toIso(new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000));
  const res = await ctx.db.deleteFrom('idempotencyKey').where('createdAt', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
};
