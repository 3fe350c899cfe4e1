import os from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Row, Tx } from '../../db/schema.js';
import { newId, toIso } from '../../db/dialect.js';
import { isPostgres, transaction } from '../../db/transaction.js';
import { minutes } from '../../clock.js';
import { decryptSecret } from '../../security/secrets.js';
import { sendEmail, smtpConfig } from './channels/email.js';
import { RobotError, sendRobot } from './channels/robot.js';
import { foldRobotMessages, type EmailContent, type RobotContent } from './render.js';
import { fanOut } from './fanout.js';
import { makeDueDigests } from './digest.js';

const instance = `${os.hostname()}:${process.pid}`;

export const MAX_ATTEMPTS = 8;
/** A claim lapses after this; a worker that died mid-send leaves its deliveries to the next one. */
export const LEASE_MS = minutes(2);
/** 30 s, 1, 2, 4, 8 … minutes, at most an hour; a robot that says "too fast" waits 10 minutes. */
export const backoffMs = (attempt: number, rateLimited = false): number => {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return rateLimited ? Math.max(base, minutes(10)) : base;
};

type Claimed = Row<'notificationDelivery'> & { attemptId: string; attemptNo: number };

export type WorkerHooks = {
  /** Tests: runs after a message left and before it is marked sent (a throw here is a crash). */
  afterSend?: (deliveryIds: string[]) => void | Promise<void>;
};

export type RunResult = { fannedOut: number; digests: number; sent: number; retried: number; failed: number };

const dueWhere = (nowIso: string) =>
  sql<boolean>`((status = 'pending' and next_attempt_at <= ${nowIso}) or (status = 'sending' and lease_until < ${nowIso}))`;

/**
 * Claims due deliveries in a short transaction of their own, so no lock or SQLite connection is
 * held while a message is on the wire. A claim whose lease lapsed belonged to a worker that died
 * between send and mark: its attempt is recorded as interrupted and the message is sent again —
 * the one duplicate the design allows, counted in the figures.
 */
const claim = async (tx: Tx, rows: Row<'notificationDelivery'>[], now: Date, batchId: (r: Row<'notificationDelivery'>) => string): Promise<Claimed[]> => {
  if (!rows.length) return [];
  const nowIso = toIso(now);
  const ids = rows.map((r) => r.id);
  const lapsed = rows.filter((r) => r.status === 'sending').map((r) => r.id);
  if (lapsed.length)
    await tx.updateTable('notificationAttempt').set({ outcome: 'interrupted', finishedAt: nowIso, error: 'claim lapsed (worker stopped between send and mark)' }).where('deliveryId', 'in', lapsed).where('outcome', '=', 'sending').execute();
  await tx
    .updateTable('notificationDelivery')
    .set((eb) => ({ status: 'sending', leaseUntil: toIso(new Date(now.getTime() + LEASE_MS)), attempts: eb('attempts', '+', 1), updatedAt: nowIso }))
    .where('id', 'in', ids)
    .execute();
  const claimed = rows.map((r) => ({ ...r, attemptId: newId(), attemptNo: r.attempts + 1 }));
  await tx
    .insertInto('notificationAttempt')
    .values(claimed.map((r) => ({ id: r.attemptId, deliveryId: r.id, attempt: r.attemptNo, batchId: batchId(r), startedAt: nowIso, finishedAt: null, outcome: 'sending' as const, error: null, instance })))
    .execute();
  return claimed;
};

export class NotificationWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private lastDigestMinute = '';
  hooks: WorkerHooks = {};

  constructor(private ctx: AppContext) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runOnce().catch((err) => this.ctx.log.error({ err }, 'notification worker failed'));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.ctx.config.notifyPollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: fan out the outbox, make due digests, send what is due. Safe to run on every instance at once. */
  async runOnce(): Promise<RunResult> {
    const result: RunResult = { fannedOut: 0, digests: 0, sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const n = await fanOut(this.ctx);
      result.fannedOut += n;
      if (n < 200) break;
    }
    const minute = toIso(this.ctx.clock.now()).slice(0, 16);
    if (minute !== this.lastDigestMinute) {
      result.digests = await makeDueDigests(this.ctx, this.ctx.clock.now());
      this.lastDigestMinute = minute;
    }
    await this.sendEmails(result);
    await this.sendRobots(result);
    return result;
  }

  private async finish(claimed: Claimed[], error: Error | null, result: RunResult, rateLimited = false) {
    const now = this.ctx.clock.now();
    const nowIso = toIso(now);
    await transaction(this.ctx.db, async (tx) => {
      const attemptIds = claimed.map((c) => c.attemptId);
      const ids = claimed.map((c) => c.id);
      if (!error) {
        await tx.updateTable('notificationDelivery').set({ status: 'sent', sentAt: nowIso, leaseUntil: null, lastError: null, updatedAt: nowIso }).where('id', 'in', ids).where('status', '=', 'sending').execute();
        await tx.updateTable('notificationAttempt').set({ outcome: 'sent', finishedAt: nowIso }).where('id', 'in', attemptIds).execute();
        result.sent += ids.length;
        return;
      }
      const message = error.message.slice(0, 500);
      await tx.updateTable('notificationAttempt').set({ outcome: 'error', finishedAt: nowIso, error: message }).where('id', 'in', attemptIds).execute();
      const giveUp = claimed.filter((c) => c.attemptNo >= MAX_ATTEMPTS).map((c) => c.id);
      if (giveUp.length) {
        await tx.updateTable('notificationDelivery').set({ status: 'failed', leaseUntil: null, lastError: message, updatedAt: nowIso }).where('id', 'in', giveUp).execute();
        result.failed += giveUp.length;
      }
      // Attempts are equal within one claim (a robot batch is retried together), so one update per attempt number.
      const retry = new Map<number, string[]>();
      for (const c of claimed) if (c.attemptNo < MAX_ATTEMPTS) retry.set(c.attemptNo, [...(retry.get(c.attemptNo) ?? []), c.id]);
      for (const [attemptNo, list] of retry) {
        const next = toIso(new Date(now.getTime() + backoffMs(attemptNo, rateLimited)));
        await tx.updateTable('notificationDelivery').set({ status: 'pending', nextAttemptAt: next, leaseUntil: null, lastError: message, updatedAt: nowIso }).where('id', 'in', list).execute();
        result.retried += list.length;
      }
    });
  }

  private async sendEmails(result: RunResult) {
    const cfg = await smtpConfig(this.ctx).catch((err) => {
      this.ctx.log.error({ err }, 'SMTP settings unreadable');
      return null;
    });
    if (!cfg) return;
    for (;;) {
      const now = this.ctx.clock.now();
      const claimed = await transaction(this.ctx.db, async (tx) => {
        let q = tx.selectFrom('notificationDelivery').selectAll().where('channel', '=', 'email').where(dueWhere(toIso(now))).orderBy('nextAttemptAt').limit(20);
        if (isPostgres(tx)) q = q.forUpdate().skipLocked();
        return claim(tx, await q.execute(), now, () => newId());
      });
      if (!claimed.length) return;
      const emails = new Map(
        (await this.ctx.db.selectFrom('appUser').select(['id', 'email']).where('id', 'in', [...new Set(claimed.map((c) => c.targetId))]).execute()).map((u) => [u.id, u.email]),
      );
      for (const c of claimed) {
        const to = emails.get(c.targetId);
        const content = { subject: c.subject, ...(JSON.parse(c.content) as Omit<EmailContent, 'subject'>) };
        let error: Error | null = null;
        try {
          if (!to) throw new Error('recipient has no email address');
          await sendEmail(this.ctx, cfg, to, content, c.id);
        } catch (err) {
          error = err as Error;
        }
        if (!error) await this.hooks.afterSend?.([c.id]);
        await this.finish([c], error, result);
      }
      if (claimed.length < 20) return;
    }
  }

  private async sendRobots(result: RunResult) {
    for (let round = 0; round < 10; round++) {
      const now = this.ctx.clock.now();
      const nowIso = toIso(now);
      const targets = await this.ctx.db
        .selectFrom('notificationDelivery')
        .select('targetId')
        .distinct()
        .where('channel', 'in', ['wecom', 'dingtalk'])
        .where(dueWhere(nowIso))
        .limit(20)
        .execute();
      let progressed = false;
      for (const { targetId } of targets) {
        const batchId = newId();
        const taken = await transaction(this.ctx.db, async (tx) => {
          let rq = tx.selectFrom('notificationRobot').selectAll().where('id', '=', targetId);
          if (isPostgres(tx)) rq = rq.forUpdate().skipLocked();
          const robot = await rq.executeTakeFirst();
          if (!robot) {
            // The robot was deleted: its deliveries can never leave.
            await tx.updateTable('notificationDelivery').set({ status: 'failed', lastError: 'robot deleted', leaseUntil: null, updatedAt: nowIso }).where('targetId', '=', targetId).where('status', 'in', ['pending', 'sending']).execute();
            return null;
          }
          // About 20 messages a minute per webhook (both vendors); a folded batch is one message.
          const recent = await sql<{ n: number }>`select count(distinct a.batch_id) as n from notification_attempt a
              join notification_delivery d on d.id = a.delivery_id
              where d.target_id = ${targetId} and a.started_at > ${toIso(new Date(now.getTime() - 60_000))}`.execute(tx);
          if (Number(recent.rows[0]?.n ?? 0) >= this.ctx.config.robotRatePerMinute) return null;
          let dq = tx.selectFrom('notificationDelivery').selectAll().where('targetId', '=', targetId).where(dueWhere(nowIso)).orderBy('createdAt').limit(50);
          if (isPostgres(tx)) dq = dq.forUpdate().skipLocked();
          const claimed = await claim(tx, await dq.execute(), now, () => batchId);
          return claimed.length ? { robot, claimed } : null;
        });
        if (!taken) continue;
        progressed = true;
        const { robot, claimed } = taken;
        let error: Error | null = null;
        let rateLimited = false;
        try {
          const url = decryptSecret(this.ctx, robot.urlEnc);
          const secret = robot.secretEnc ? decryptSecret(this.ctx, robot.secretEnc) : null;
          // A burst becomes one message: everything due for this robot right now, folded.
          const content = foldRobotMessages(claimed.map((c) => JSON.parse(c.content) as RobotContent));
          await sendRobot({ kind: robot.kind, url, secret }, content, { now: new Date(), timeoutMs: this.ctx.config.notifyHttpTimeoutMs });
        } catch (err) {
          error = err as Error;
          rateLimited = err instanceof RobotError && err.rateLimited;
        }
        if (!error) await this.hooks.afterSend?.(claimed.map((c) => c.id));
        await this.finish(claimed, error, result, rateLimited);
      }
      if (!progressed) return;
    }
  }
}
