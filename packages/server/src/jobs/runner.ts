import os from 'node:os';
import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import { newId, toIso, toJson } from '../db/dialect.js';

export type JobDefinition = {
  name: string;
  /** Cron pattern in the server's time zone (Asia/Shanghai by default). */
  schedule: string;
  run: (ctx: AppContext, at: Date) => Promise<Record<string, unknown> | void>;
};

const instanceId = `${os.hostname()}:${process.pid}`;
export const TIMEZONE = 'Asia/Shanghai';

/** A slot is the scheduled minute; a manual run gets its own slot so it never collides. */
const slotOf = (at: Date) => toIso(new Date(Math.floor(at.getTime() / 60_000) * 60_000));

export class JobRunner {
  private crons: Cron[] = [];
  constructor(
    private ctx: AppContext,
    readonly jobs: JobDefinition[],
  ) {}

  start(): void {
    for (const job of this.jobs) {
      this.crons.push(
        new Cron(job.schedule, { timezone: TIMEZONE, protect: true, catch: true }, async () => {
          await this.runSlot(job, slotOf(this.ctx.clock.now()));
        }),
      );
    }
  }

  stop(): void {
    for (const c of this.crons) c.stop();
    this.crons = [];
  }

  nextRun(name: string): Date | null {
    const job = this.jobs.find((j) => j.name === name);
    return job ? new Cron(job.schedule, { timezone: TIMEZONE, paused: true }).nextRun() : null;
  }

  runNow(name: string): Promise<string | null> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return Promise.resolve(null);
    return this.runSlot(job, `manual:${toIso(this.ctx.clock.now())}:${newId()}`);
  }

  /**
   * Claims the slot by inserting its run row; the unique (job, slot) key lets exactly one
   * instance win when several share one database. Returns the run id, or null if another won.
   */
  async runSlot(job: JobDefinition, slot: string): Promise<string | null> {
    const id = newId();
    const startedAt = this.ctx.clock.now();
    const claimed = await this.ctx.db
      .insertInto('jobRun')
      .values({ id, job: job.name, slot, status: 'running', instance: instanceId, startedAt: toIso(startedAt), finishedAt: null, message: null, result: null })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    try {
      const result = await job.run(this.ctx, startedAt);
      await this.finish(id, 'succeeded', null, result ?? null);
    } catch (err) {
      this.ctx.log.error({ err, job: job.name }, 'job failed');
      await this.finish(id, 'failed', err instanceof Error ? err.message.slice(0, 1000) : String(err), null);
    }
    return id;
  }

  private async finish(id: string, status: 'succeeded' | 'failed', message: string | null, result: Record<string, unknown> | null) {
    await this.ctx.db
      .updateTable('jobRun')
      .set({ status, message, result: toJson(result), finishedAt: toIso(this.ctx.clock.now()) })
      .where('id', '=', id)
      .execute();
  }
}
