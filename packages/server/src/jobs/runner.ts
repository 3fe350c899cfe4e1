import os from 'node:os';
import { Cron } from 'croner';
import type { AppContext } from '../context.js';
import { newId, toIso, toJson } from '../db/dialect.js';
import { ambientTx, transaction } from '../db/transaction.js';
import type { Db, Tx } from '../db/schema.js';

export type JobDefinition = {
  name: string;
  /** Cron pattern in the server's time zone (Asia/Shanghai by default). */
  schedule: string;
  /**
   * Must be safe to run again for the same slot: a run whose instance died is run once more by
   * another instance after its lease expires (decision 073).
   */
  run: (ctx: AppContext, at: Date) => Promise<Record<string, unknown> | void>;
};

type RunResult = Record<string, unknown> | void;

/**
 * Work started on demand rather than by the clock — an import, the recompute after a rule
 * change — that holds a `job_run` row and a lease exactly like a scheduled slot (decision 081):
 * `runTask` claims a key unique to the task, renews the lease while the work runs, and when its
 * instance dies another instance's sweep finds the expired lease.
 */
export type TaskDefinition = {
  name: string;
  /** Run by the instance that takes over an expired lease. Must be safe to run again, like a job's `run`. */
  rerun?: (ctx: AppContext, at: Date, run: { slot: string }) => Promise<RunResult>;
  /**
   * For work that cannot move to another instance (an import reads a file only its instance
   * had): called once, in the transaction that marks the expired run abandoned (by the instance
   * whose sweep wins it), instead of running it again.
   */
  interrupted?: (tx: Tx, at: Date, run: { slot: string; instance: string }) => Promise<void>;
};

export type RunnerOptions = {
  /** How long a run holds its slot without a heartbeat (default 2 minutes). */
  leaseMs?: number;
  /** How often the running instance renews the lease (default a third of the lease). */
  heartbeatMs?: number;
  /** Attempts at one slot, the first included, before it is marked abandoned (default 3). */
  maxAttempts?: number;
  /** A run started longer ago than this is abandoned, not run again: later slots did its work (default 24 h). */
  staleMs?: number;
  /** Name of this instance in the run history (default host:pid). */
  instance?: string;
  /** On-demand work this runner can start (`runTask`) and take over (default none). */
  tasks?: TaskDefinition[];
};

export const TIMEZONE = 'Asia/Shanghai';

/** A slot is the scheduled minute; a manual run gets its own slot so it never collides. */
const slotOf = (at: Date) => toIso(new Date(Math.floor(at.getTime() / 60_000) * 60_000));

export class JobRunner {
  private crons: Cron[] = [];
  private beats = new Set<NodeJS.Timeout>();
  readonly instance: string;
  private leaseMs: number;
  private heartbeatMs: number;
  private maxAttempts: number;
  private staleMs: number;
  readonly tasks: TaskDefinition[];

  constructor(
    private ctx: AppContext,
    readonly jobs: JobDefinition[],
    opts: RunnerOptions = {},
  ) {
    this.instance = opts.instance ?? `${os.hostname()}:${process.pid}`;
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.staleMs = opts.staleMs ?? 86_400_000;
    this.tasks = opts.tasks ?? [];
  }

  start(): void {
    for (const job of this.jobs) {
      this.crons.push(
        new Cron(job.schedule, { timezone: TIMEZONE, protect: true, catch: true }, async () => {
          await this.runSlot(job, slotOf(this.ctx.clock.now()));
        }),
      );
    }
    // Every minute (and once now, for runs left by an instance that died before this one
    // started), each instance looks for runs whose lease has expired and takes them over.
    const sweep = async () => {
      await this.takeOverExpired().catch((err) => this.ctx.log.error({ err }, 'job lease sweep failed'));
    };
    this.crons.push(new Cron('* * * * *', { timezone: TIMEZONE, protect: true, catch: true }, sweep));
    void sweep();
  }

  /** Stops scheduling and renewing; a run in flight keeps going but lets its lease lapse. */
  stop(): void {
    for (const c of this.crons) c.stop();
    this.crons = [];
    for (const b of this.beats) clearInterval(b);
    this.beats.clear();
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

  private leaseFrom = (now: Date) => toIso(new Date(now.getTime() + this.leaseMs));

  /**
   * Claims the slot by inserting its run row; the unique (job, slot) key lets exactly one
   * instance win when several share one database. Returns the run id, or null if another won.
   */
  async runSlot(job: JobDefinition, slot: string): Promise<string | null> {
    const claimed = await this.claim(job.name, slot);
    if (!claimed) return null;
    await this.execute(job.name, claimed.id, 1, () => job.run(this.ctx, claimed.startedAt));
    return claimed.id;
  }

  /**
   * Starts on-demand work on this instance as a run of task `name` under `key` (unique per task:
   * an import's id, a fresh id for a recompute), with the same row, lease and heartbeat as a
   * scheduled slot. Resolves once the run is claimed, with its id and `done` (settles when `work`
   * has finished; a failure is recorded on the run, never thrown), or null when the key was taken.
   * Call it after the commit of whatever the work must see.
   */
  async startTask(name: string, key: string, work: () => Promise<RunResult>): Promise<{ id: string; done: Promise<void> } | null> {
    if (!this.tasks.some((t) => t.name === name)) throw new Error(`unknown task ${name}`);
    if (ambientTx()) throw new Error(`task ${name} started inside a transaction: start it after the commit`);
    const claimed = await this.claim(name, key);
    if (!claimed) return null;
    return { id: claimed.id, done: this.execute(name, claimed.id, 1, work) };
  }

  private async claim(name: string, slot: string): Promise<{ id: string; startedAt: Date } | null> {
    const id = newId();
    const startedAt = this.ctx.clock.now();
    const claimed = await this.ctx.db
      .insertInto('jobRun')
      .values({
        id,
        job: name,
        slot,
        status: 'running',
        instance: this.instance,
        startedAt: toIso(startedAt),
        finishedAt: null,
        message: null,
        result: null,
        leaseUntil: this.leaseFrom(startedAt),
        attempts: 1,
      })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .executeTakeFirst();
    return Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0 ? null : { id, startedAt };
  }

  /**
   * Takes over every run of this runner's jobs that is still 'running' with an expired lease:
   * one conditional UPDATE per run, so when several instances sweep at once exactly one wins
   * each; the winner runs the job again for that slot. Runs past `maxAttempts` or older than
   * `staleMs` are marked 'abandoned' instead. Returns the ids of the runs taken over.
   */
  async takeOverExpired(): Promise<string[]> {
    const now = this.ctx.clock.now();
    const nowIso = toIso(now);
    const names = [...this.jobs.map((j) => j.name), ...this.tasks.map((t) => t.name)];
    if (!names.length) return [];
    const expired = await this.ctx.db
      .selectFrom('jobRun')
      .select(['id', 'job', 'slot', 'instance', 'attempts', 'startedAt', 'leaseUntil'])
      .where('status', '=', 'running')
      .where('leaseUntil', '<', nowIso)
      .where('job', 'in', names)
      .orderBy('leaseUntil')
      .limit(50)
      .execute();
    const taken: string[] = [];
    for (const r of expired) {
      const job = this.jobs.find((j) => j.name === r.job);
      const task = job ? undefined : this.tasks.find((t) => t.name === r.job);
      const guard = this.ctx.db
        .updateTable('jobRun')
        .where('id', '=', r.id)
        .where('status', '=', 'running')
        .where('leaseUntil', '<', nowIso)
        .where('attempts', '=', r.attempts);
      if (task && !task.rerun) {
        // Work that cannot move: whoever wins the run tells the task, once.
        const won = await transaction(this.ctx.db, async (tx) => {
          const lost = await tx
            .updateTable('jobRun')
            .set({ status: 'abandoned', finishedAt: nowIso, leaseUntil: null, message: `interrupted on ${r.instance}` })
            .where('id', '=', r.id)
            .where('status', '=', 'running')
            .where('leaseUntil', '<', nowIso)
            .where('attempts', '=', r.attempts)
            .executeTakeFirst();
          if (Number(lost.numUpdatedRows) !== 1) return false;
          await task.interrupted?.(tx, now, { slot: r.slot, instance: r.instance });
          return true;
        }).catch((err) => {
          this.ctx.log.error({ err, task: r.job }, 'marking an interrupted task failed');
          return false;
        });
        if (won) this.ctx.log.warn({ task: r.job, run: r.id, from: r.instance }, 'task lease expired; its work cannot move, marked interrupted');
        continue;
      }
      if (r.attempts >= this.maxAttempts || now.getTime() - new Date(r.startedAt).getTime() > this.staleMs) {
        await guard.set({ status: 'abandoned', finishedAt: nowIso, message: `lease expired on ${r.instance}` }).execute();
        continue;
      }
      const won = await guard
        .set({ instance: this.instance, attempts: r.attempts + 1, leaseUntil: this.leaseFrom(now), message: `taken over from ${r.instance}` })
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) continue;
      this.ctx.log.warn({ job: r.job, run: r.id, from: r.instance }, 'job lease expired; running the slot again');
      taken.push(r.id);
      const work = job ? () => job.run(this.ctx, now) : () => task!.rerun!(this.ctx, now, { slot: r.slot });
      await this.execute(r.job, r.id, r.attempts + 1, work);
    }
    return taken;
  }

  /** Runs the job for a run this instance holds at `attempt`, renewing the lease as it goes. */
  private async execute(name: string, id: string, attempt: number, work: () => Promise<RunResult>): Promise<void> {
    const beat = setInterval(() => {
      void this.ctx.db
        .updateTable('jobRun')
        .set({ leaseUntil: this.leaseFrom(this.ctx.clock.now()) })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('attempts', '=', attempt)
        .executeTakeFirst()
        .then((r) => {
          if (Number(r.numUpdatedRows) === 0) this.ctx.log.warn({ job: name, run: id }, 'job lease lost to another instance');
        })
        .catch((err) => this.ctx.log.error({ err, job: name }, 'job heartbeat failed'));
    }, this.heartbeatMs);
    beat.unref();
    this.beats.add(beat);
    try {
      const result = await work();
      await this.finish(id, attempt, 'succeeded', null, result ?? null);
    } catch (err) {
      this.ctx.log.error({ err, job: name }, 'job failed');
      await this.finish(id, attempt, 'failed', err instanceof Error ? err.message.slice(0, 1000) : String(err), null);
    } finally {
      clearInterval(beat);
      this.beats.delete(beat);
    }
  }

  /** Records the outcome only while this attempt still holds the run (not after a takeover). */
  private async finish(id: string, attempt: number, status: 'succeeded' | 'failed', message: string | null, result: Record<string, unknown> | null) {
    await this.ctx.db
      .updateTable('jobRun')
      .set({ status, ...(message !== null ? { message } : {}), result: toJson(result), finishedAt: toIso(this.ctx.clock.now()), leaseUntil: null })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('attempts', '=', attempt)
      .execute();
  }
}

/** The newest run of any of `jobs` (a job's slots or a task's runs), for pages that show where a pass stands. */
export const latestRun = (db: Db, jobs: string[]) =>
  db
    .selectFrom('jobRun')
    .select(['id', 'job', 'status', 'startedAt', 'finishedAt', 'result'])
    .where('job', 'in', jobs)
    .orderBy('startedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
