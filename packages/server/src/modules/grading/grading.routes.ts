import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZGradeExplanation, ZGradeRecompute, ZGradingRulesBody, ZGradingRulesRead } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { saveSpreadsheetUpload } from '../../http/upload.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { findCustomer } from '../customers/customer.service.js';
import type { JobRunner } from '../../jobs/runner.js';
import { explainGrade, getGradingRules, latestGradeRecompute, saveGradingRules, startGradeRecompute } from './grading.service.js';
import { importFigures } from './figures.import.js';

const ZFigure = z.object({ month: z.string(), volume: z.number().nullable(), profit: z.number().nullable(), daysLate: z.number().nullable(), metrics: z.record(z.string(), z.number()).nullable() });

export const gradingRoutes =
  (ctx: AppContext, runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['grading'];
    app.get('/api/v1/grading/rules', { schema: { tags, summary: '客户分级规则 Grading rules', response: { 200: ZGradingRulesRead } } }, async (req) => {
      requireAuth(req);
      return getGradingRules(ctx.db);
    });
    app.put('/api/v1/grading/rules', { schema: { tags, summary: '保存客户分级规则 Save the grading rules', body: ZGradingRulesBody, response: { 200: ZGradingRulesRead } } }, async (req) =>
      saveGradingRules(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.get(
      '/api/v1/grading/recompute',
      { schema: { tags, summary: '最近一次分级运行 The latest grading pass', response: { 200: z.object({ recompute: ZGradeRecompute.nullable() }) } } },
      async (req) => {
        // Organisation-wide counts: for those who run grading, not for every reader of the rules.
        requirePermission(requireAuth(req), 'grading.manage');
        return { recompute: await latestGradeRecompute(ctx) };
      },
    );
    app.post(
      '/api/v1/grading/recompute',
      { schema: { tags, summary: '立即重新分级（后台运行） Recompute grades now, in the background', response: { 202: ZGradeRecompute } } },
      async (req, reply) => {
        const run = await startGradeRecompute(ctx, runner, requireAuth(req), requestMeta(req));
        reply.status(202);
        return run;
      },
    );
    app.get(
      '/api/v1/customers/:id/grade',
      { schema: { tags, summary: '分级依据 How the grade was reached', params: z.object({ id: z.string().max(64) }), response: { 200: z.object({ explanation: ZGradeExplanation.nullable() }) } } },
      async (req) => ({ explanation: await explainGrade(ctx, requireAuth(req), req.params.id) }),
    );
    app.get(
      '/api/v1/customers/:id/figures',
      { schema: { tags, summary: '月度业务数据 Monthly business figures', params: z.object({ id: z.string().max(64) }), response: { 200: z.object({ data: z.array(ZFigure) }) } } },
      async (req) => {
        await findCustomer(ctx.db, requireAuth(req), req.params.id);
        const rows = await ctx.db.selectFrom('businessFigure').select(['month', 'volume', 'profit', 'daysLate', 'metrics']).where('customerId', '=', req.params.id).orderBy('month', 'desc').limit(36).execute();
        return { data: rows.map((r) => ({ ...r, volume: r.volume === null ? null : Number(r.volume), profit: r.profit === null ? null : Number(r.profit), metrics: r.metrics ? JSON.parse(r.metrics) : null })) };
      },
    );
    app.post(
      '/api/v1/business-figures/import',
      {
        config: { upload: 'spreadsheet' },
        schema: {
          tags,
          summary: '导入月度业务数据 Import monthly business figures (.xlsx/.csv)',
          response: { 200: z.object({ imported: z.number(), errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })) }) },
        },
      },
      async (req) => {
        const auth = requireAuth(req);
        requirePermission(auth, 'customer.import');
        const upload = await saveSpreadsheetUpload(req, 20 * 1024 * 1024);
        try {
          return await importFigures(ctx, auth, requestMeta(req), upload.file, upload.format, req.locale);
        } catch (err) {
          if (err instanceof AppError) throw err;
          return { imported: 0, errors: [{ row: 1, column: '', message: req.locale === 'zh-CN' ? '文件无法读取' : 'The file cannot be read' }] };
        } finally {
          await upload.remove();
        }
      },
    );
  };
