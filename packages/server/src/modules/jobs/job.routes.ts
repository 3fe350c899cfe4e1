import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZJob, ZJobRun, ZListOf, ZListQuery, type TJobRun } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { JobRunner } from '../../jobs/runner.js';
import { requireAuth } from '../../http/request.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { json, toIso } from '../../db/dialect.js';
import { paginate } from '../../http/list.js';

const presentRun = (r: any): TJobRun => ({ ...r, result: json(r.result) });

export const jobRoutes =
  (ctx: AppContext, runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['jobs'];
    app.get('/api/v1/jobs', { schema: { tags, summary: '定时任务 Scheduled jobs', response: { 200: z.object({ data: z.array(ZJob) }) } } }, async (req) => {
      requirePermission(requireAuth(req), 'job.manage');
      const data = await Promise.all(
        runner.jobs.map(async (j) => {
          const last = await ctx.db
            .selectFrom('jobRun')
            .select(['id', 'status', 'startedAt', 'finishedAt'])
            .where('job', '=', j.name)
            .orderBy('startedAt', 'desc')
            .limit(1)
            .executeTakeFirst();
          const next = runner.nextRun(j.name);
          return { name: j.name, schedule: j.schedule, nextRunAt: next ? toIso(next) : null, lastRun: last ?? null };
        }),
      );
      return { data };
    });
    app.get(
      '/api/v1/jobs/runs',
      { schema: { tags, summary: '运行记录 Run history', querystring: ZListQuery.extend({ job: z.string().max(60).optional() }), response: { 200: ZListOf(ZJobRun) } } },
      async (req) => {
        requirePermission(requireAuth(req), 'job.manage');
        let base = ctx.db.selectFrom('jobRun');
        if (req.query.job) base = base.where('job', '=', req.query.job);
        const page = await paginate<any>({ query: req.query, base, select: (qb) => qb.selectAll(), sortable: { startedAt: 'startedAt' }, defaultSort: '-startedAt', idColumn: 'id' });
        return { ...page, data: page.data.map(presentRun) };
      },
    );
    app.post(
      '/api/v1/jobs/:name/run',
      { schema: { tags, summary: '立即运行 Run now', params: z.object({ name: z.string().max(60) }), response: { 200: ZJobRun } } },
      async (req) => {
        requirePermission(requireAuth(req), 'job.manage');
        const id = await runner.runNow(req.params.name);
        if (!id) throw new AppError('not_found');
        return presentRun(await ctx.db.selectFrom('jobRun').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
      },
    );
  };
