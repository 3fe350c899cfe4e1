import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateWorkCalendarExceptionBody, ZDecideWorkCalendarImportBody, ZOk, ZUpdateWorkCalendarExceptionBody, ZWorkCalendarException, ZWorkCalendarImport, ZWorkCalendarImportBody, ZWorkCalendarYear, ZVersionQuery } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as cal from './workCalendar.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const workCalendarRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['work calendar'];
    app.get(
      '/api/v1/work-calendar',
      {
        schema: {
          tags,
          summary: '某年的工作日历：法定节假日、调休上班日（注明来源）、本单位例外、待审批导入 A year of the working calendar',
          querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
          response: { 200: ZWorkCalendarYear },
        },
      },
      async (req) => cal.getWorkCalendarYear(ctx, requireAuth(req), req.query.year, req.locale),
    );
    app.post(
      '/api/v1/work-calendar/exceptions',
      { schema: { tags, summary: '新增本单位例外日（休息或上班），重算未结工单时限 Add a local exception', body: ZCreateWorkCalendarExceptionBody, response: { 201: ZWorkCalendarException } } },
      async (req, reply) => {
        reply.status(201);
        return cal.createException(ctx, requireAuth(req), requestMeta(req), req.body);
      },
    );
    app.patch(
      '/api/v1/work-calendar/exceptions/:id',
      { schema: { tags, summary: '修改本单位例外日，改动休息或上班时重算未结工单时限 Edit a local exception', params: ZParams, body: ZUpdateWorkCalendarExceptionBody, response: { 200: ZWorkCalendarException } } },
      async (req) => cal.updateException(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.delete(
      '/api/v1/work-calendar/exceptions/:id',
      { schema: { tags, summary: '删除本单位例外日，重算未结工单时限 Delete a local exception', params: ZParams, querystring: z.strictObject({ version: ZVersionQuery }), response: { 200: ZOk } } },
      async (req) => {
        await cal.deleteException(ctx, requireAuth(req), requestMeta(req), req.params.id, req.query.version);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/v1/work-calendar/imports',
      {
        schema: {
          tags,
          summary: '导入国务院放假安排（holiday-cn 格式），待另一位管理员审批 Import a State Council schedule (needs a second admin)',
          body: ZWorkCalendarImportBody,
          response: { 201: ZWorkCalendarImport },
        },
      },
      async (req, reply) => {
        reply.status(201);
        return cal.createImport(ctx, requireAuth(req), requestMeta(req), req.body);
      },
    );
    app.post(
      '/api/v1/work-calendar/imports/:id/decision',
      { schema: { tags, summary: '审批导入（不能审批自己的导入） Approve or reject an import', params: ZParams, body: ZDecideWorkCalendarImportBody, response: { 200: ZWorkCalendarImport } } },
      async (req) => cal.decideImport(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
  };
