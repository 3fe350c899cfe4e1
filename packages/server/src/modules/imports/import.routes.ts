import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { JobRunner, TaskDefinition } from '../../jobs/runner.js';
import { requireAuth } from '../../http/request.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { json, newId, toIso } from '../../db/dialect.js';
import { saveSpreadsheetUpload } from '../../http/upload.js';
import { attachment, XLSX_TYPE } from '../exports/xlsx.js';
import { customerColumns } from './customerImport.template.js';
import { importProgress, runCustomerImport, type ImportError } from './customerImport.js';

const MAX_UPLOAD = 50 * 1024 * 1024;

const ZImportJob = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  fileName: z.string(),
  mode: z.enum(['all', 'validOnly']),
  phase: z.enum(['validating', 'writing', 'done']),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  importedRows: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  /** The encoding a CSV was read in (decided on the whole file); null for .xlsx, and until it is known. */
  encoding: z.enum(['utf-8', 'gb18030']).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** An import as a task of the job runner: its file is on the instance that took the upload, so a
 * dead instance's import cannot move — it is marked failed (`interrupted`) once its lease expires. */
export const IMPORT_TASK = 'customer.import';
export const importTask: TaskDefinition = {
  name: IMPORT_TASK,
  interrupted: async (tx, at, run) => {
    await tx.updateTable('importJob').set({ status: 'failed', phase: 'done', message: 'interrupted', finishedAt: toIso(at) }).where('id', '=', run.slot).where('status', '=', 'running').execute();
  },
};

export const importRoutes =
  (ctx: AppContext, runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['imports'];
    const load = async (id: string, userId: string) => {
      const job = await ctx.db.selectFrom('importJob').selectAll().where('id', '=', id).where('createdBy', '=', userId).executeTakeFirst();
      if (!job) throw new AppError('not_found');
      return job;
    };

    app.get('/api/v1/imports/template.xlsx', { schema: { tags, summary: '客户导入模板 Import template' } }, async (req, reply) => {
      const auth = requireAuth(req);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('客户导入');
      ws.columns = customerColumns.map((c) => ({ header: ('required' in c && c.required ? '*' : '') + (auth.locale === 'zh-CN' ? c.zh : c.en), key: c.field, width: 18 }));
      ws.getRow(1).font = { bold: true };
      ws.addRow(Object.fromEntries(customerColumns.map((c) => [c.field, c.example])));
      // Drop-down lists (data validation) for every column with a fixed set of words: the
      // dictionaries in the caller's language, kind, stage and yes/no. The lists live on a hidden
      // sheet, so long dictionaries are not cut at Excel's 255-character inline limit.
      const zh = auth.locale === 'zh-CN';
      const items = await ctx.db.selectFrom('dictionaryItem').select(['dictionaryCode', 'labelZh', 'labelEn']).where('enabled', '=', 1).orderBy('dictionaryCode').orderBy('sortOrder').execute();
      const lists: Record<string, string[]> = {
        kind: zh ? ['企业', '个人', '零售户'] : ['enterprise', 'individual', 'outlet'],
        stage: zh ? ['潜在', '目标', '成交', '维护', '休眠', '流失'] : ['prospect', 'target', 'won', 'maintained', 'dormant', 'lost'],
        isKey: zh ? ['是', '否'] : ['yes', 'no'],
      };
      for (const c of customerColumns) if ('dictionary' in c) lists[c.field] = items.filter((i) => i.dictionaryCode === c.dictionary).map((i) => (zh ? i.labelZh : i.labelEn));
      const options = wb.addWorksheet(zh ? '选项' : 'Options', { state: 'hidden' });
      let col = 0;
      for (const [field, values] of Object.entries(lists)) {
        if (!values.length) continue;
        col++;
        const letter = options.getColumn(col).letter;
        options.getCell(1, col).value = field;
        values.forEach((v, i) => (options.getCell(i + 2, col).value = v));
        const target = ws.getColumn(customerColumns.findIndex((c) => c.field === field) + 1).letter;
        const sheetRef = `'${options.name}'!$${letter}$2:$${letter}$${values.length + 1}`;
        for (let r = 2; r <= 1001; r++)
          ws.getCell(`${target}${r}`).dataValidation = {
            type: 'list',
            allowBlank: true,
            formulae: [sheetRef],
            showErrorMessage: true,
            errorStyle: 'warning',
            error: zh ? '请从下拉列表中选择' : 'Choose from the list',
          };
      }
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment('客户导入模板.xlsx', 'customer-import-template.xlsx')).send(Buffer.from(await wb.xlsx.writeBuffer()));
    });

    app.post(
      '/api/v1/imports',
      {
        config: { upload: 'spreadsheet' },
        schema: {
          tags,
          summary: '上传并导入客户（.xlsx / .csv UTF-8 或 GBK） Upload a customer import',
          querystring: z.strictObject({ mode: z.enum(['all', 'validOnly']).optional() }),
          response: { 202: ZImportJob },
        },
      },
      async (req, reply) => {
        const auth = requireAuth(req);
        requirePermission(auth, 'customer.import');
        const upload = await saveSpreadsheetUpload(req, MAX_UPLOAD);
        const mode = req.query.mode ?? 'all';
        const job = {
          id: newId(),
          kind: 'customers',
          status: 'running' as const,
          fileName: upload.fileName,
          mode,
          totalRows: 0,
          processedRows: 0,
          importedRows: 0,
          errorCount: 0,
          errors: null,
          message: null,
          encoding: null,
          phase: 'validating' as const,
          createdBy: auth.userId,
          orgUnitId: auth.orgUnitId,
          createdAt: toIso(ctx.clock.now()),
          finishedAt: null,
        };
        await ctx.db.insertInto('importJob').values(job).execute();
        // Runs after the response, as a task holding a lease (decision 081): if this instance
        // dies, another one marks the import failed once the lease expires. The page polls
        // GET /imports/{id} for progress.
        const markFailed = (onlyRunning: boolean) => {
          let q = ctx.db.updateTable('importJob').set({ status: 'failed', phase: 'done', message: 'internal_error', finishedAt: toIso(ctx.clock.now()) }).where('id', '=', job.id);
          if (onlyRunning) q = q.where('status', '=', 'running');
          return q.execute();
        };
        void runner
          .startTask(IMPORT_TASK, job.id, () =>
            runCustomerImport(ctx, auth, job.id, upload.file, upload.format, mode, req.locale).catch(async (err) => {
              ctx.log.error({ err }, 'import failed');
              await markFailed(false);
              throw err;
            }),
          )
          .then((started) => started?.done)
          .catch(async (err) => {
            ctx.log.error({ err }, 'import task could not start');
            await markFailed(true).catch((e) => ctx.log.error({ err: e }, 'import could not be marked failed'));
          })
          .finally(() => upload.remove());
        reply.status(202);
        return { ...job, phase: 'validating' as const, errors: [] };
      },
    );

    app.get('/api/v1/imports/:id', { schema: { tags, summary: '导入进度与结果 Import progress and result', params: z.object({ id: z.string().max(64) }), response: { 200: ZImportJob } } }, async (req) => {
      const job = await load(req.params.id, requireAuth(req).userId);
      const p = importProgress.get(job.id);
      const errors = (json<ImportError[]>(job.errors) ?? []).slice(0, 200);
      return {
        ...job,
        phase: job.status === 'running' ? (p?.phase ?? job.phase ?? 'validating') : ('done' as const),
        processedRows: job.status === 'running' ? (p?.processed ?? job.processedRows) : job.processedRows,
        totalRows: job.status === 'running' ? (p?.total ?? job.totalRows) : job.totalRows,
        errors,
      };
    });

    app.get('/api/v1/imports/:id/errors.xlsx', { schema: { tags, summary: '错误报告 Error report', params: z.object({ id: z.string().max(64) }) } }, async (req, reply) => {
      const auth = requireAuth(req);
      const job = await load(req.params.id, auth.userId);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(auth.locale === 'zh-CN' ? '错误报告' : 'Errors');
      ws.columns = [
        { header: auth.locale === 'zh-CN' ? '行号' : 'Row', key: 'row', width: 8 },
        { header: auth.locale === 'zh-CN' ? '列' : 'Column', key: 'column', width: 22 },
        { header: auth.locale === 'zh-CN' ? '问题' : 'Problem', key: 'message', width: 60 },
      ];
      ws.getRow(1).font = { bold: true };
      for (const e of json<ImportError[]>(job.errors) ?? []) ws.addRow(e);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`导入错误报告-${job.fileName}.xlsx`, 'import-errors.xlsx')).send(Buffer.from(await wb.xlsx.writeBuffer()));
    });
  };
