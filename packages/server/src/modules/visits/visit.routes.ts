import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_VISIT_PHOTO_MB, ZCalendarToken, ZContactRules, ZCoverage, ZCoverageQuery, ZCreateVisitBody, ZIdempotencyHeaders, ZListOf, ZOk, ZSaveContactRules, ZUpdateVisitBody, ZVisit, ZVisitPhoto, ZVisitQuery, ZWorkbench, isIsoWeekKey, ZVersionQuery } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { idempotent } from '../../http/idempotency.js';
import { readFileUpload } from '../../http/upload.js';
import { attachment, XLSX_TYPE } from '../exports/xlsx.js';
import * as visits from './visit.service.js';
import { getContactRules, saveContactRules } from './contactRule.service.js';
import { getWorkbench } from './workbench.service.js';
import { teamCoverage } from './team.service.js';
import { calendarFeed, calendarTokenStatus, createCalendarToken, revokeCalendarToken } from './calendar.service.js';
import { exportVisits, visitRecordForm } from './visitForms.js';
import crypto from 'node:crypto';
import type { JobRunner } from '../../jobs/runner.js';
// Planned visits move with their customers at handover.
import './visit.handover.js';

const ZParams = z.object({ id: z.string().max(64) });
const ZPhotoParams = z.object({ id: z.string().max(64), photoId: z.string().max(64) });

export const visitRoutes =
  (ctx: AppContext, runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['visits'];
    app.post(
      '/api/v1/visits',
      { schema: { tags, summary: '计划或记录一次拜访 Plan or log a visit', headers: ZIdempotencyHeaders, body: ZCreateVisitBody, response: { 201: ZVisit } } },
      async (req, reply) => {
        reply.status(201);
        return idempotent(ctx, req, reply, () => visits.createVisit(ctx, requireAuth(req), requestMeta(req), req.body));
      },
    );
    app.get('/api/v1/visits', { schema: { tags, summary: '拜访列表（按数据范围） Visits in scope', querystring: ZVisitQuery, response: { 200: ZListOf(ZVisit) } } }, async (req) =>
      visits.listVisits(ctx, requireAuth(req), req.query),
    );
    app.get('/api/v1/visits/export.xlsx', { schema: { tags, summary: '导出当前筛选的拜访（记审计） Export the filtered visits', querystring: ZVisitQuery } }, async (req, reply) =>
      exportVisits(ctx, requireAuth(req), requestMeta(req), reply, req.query, req.locale),
    );
    app.get('/api/v1/visits/:id', { schema: { tags, summary: '拜访详情 A visit', params: ZParams, response: { 200: ZVisit } } }, async (req) => visits.getVisit(ctx, requireAuth(req), req.params.id));
    app.patch(
      '/api/v1/visits/:id',
      { schema: { tags, summary: '修改、完成、改期或取消拜访 Edit, complete, reschedule or cancel', params: ZParams, body: ZUpdateVisitBody, response: { 200: ZVisit } } },
      async (req) => visits.updateVisit(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.delete(
      '/api/v1/visits/:id',
      { schema: { tags, summary: '删除拜访 Delete a visit', params: ZParams, querystring: z.strictObject({ version: ZVersionQuery }), response: { 200: ZOk } } },
      async (req) => {
        await visits.deleteVisit(ctx, requireAuth(req), requestMeta(req), req.params.id, req.query.version);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/v1/visits/:id/photos',
      {
        config: { upload: 'image' },
        schema: {
          tags,
          summary: `上传现场照片（JPEG/PNG/WebP，最多 9 张，每张 ≤ ${MAX_VISIT_PHOTO_MB} MB） Add a photo`,
          params: ZParams,
          headers: ZIdempotencyHeaders,
          response: { 201: ZVisitPhoto },
        },
      },
      async (req, reply) => {
        const auth = requireAuth(req);
        const file = await readFileUpload(req, MAX_VISIT_PHOTO_MB * 1024 * 1024);
        reply.status(201);
        const fingerprint = crypto.createHash('sha256').update(file.data).digest('hex');
        return idempotent(ctx, req, reply, () => visits.addVisitPhoto(ctx, auth, requestMeta(req), req.params.id, file), fingerprint);
      },
    );
    app.get('/api/v1/visits/:id/photos/:photoId', { schema: { tags, summary: '现场照片 A visit photo', params: ZPhotoParams } }, async (req, reply) => {
      const file = await visits.readVisitPhoto(ctx, requireAuth(req), req.params.id, req.params.photoId);
      return reply
        .header('content-type', file.mime)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('content-disposition', `inline; filename="${file.id}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    });
    app.delete('/api/v1/visits/:id/photos/:photoId', { schema: { tags, summary: '删除现场照片 Delete a visit photo', params: ZPhotoParams, response: { 200: ZOk } } }, async (req) => {
      await visits.deleteVisitPhoto(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.photoId);
      return { ok: true as const };
    });

    app.get(
      '/api/v1/forms/visit-record.xlsx',
      {
        schema: {
          tags: ['forms'],
          summary: '客户拜访记录表（一次拜访或一位客户经理的一周） Form 4',
          querystring: z.strictObject({
            visitId: z.string().max(64).optional(),
            managerId: z.string().max(64).optional(),
            week: z.string().refine(isIsoWeekKey, { params: { key: 'invalid_week' } }).optional(),
          }),
        },
      },
      async (req, reply) => {
        const { buffer, name } = await visitRecordForm(ctx, requireAuth(req), requestMeta(req), req.query);
        return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, 'visit-record.xlsx')).send(buffer);
      },
    );

    app.get('/api/v1/contact-rules', { schema: { tags: ['contact rules'], summary: '拜访频次规则 Contact-frequency rules', response: { 200: ZContactRules } } }, async (req) => {
      requireAuth(req);
      return getContactRules(ctx);
    });
    app.put(
      '/api/v1/contact-rules',
      {
        schema: {
          tags: ['contact rules'],
          summary: '保存拜访频次规则（随后在后台重算所有客户的应拜访时间，见 recompute） Save the rules; due times are recomputed by a background run (`recompute`)',
          body: ZSaveContactRules,
          response: { 200: ZContactRules },
        },
      },
      async (req) => saveContactRules(ctx, runner, requireAuth(req), requestMeta(req), req.body),
    );

    app.get('/api/v1/workbench', { schema: { tags: ['workbench'], summary: '工作台：今天的拜访、逾期客户、即将回收、重要日期 The morning view', response: { 200: ZWorkbench } } }, async (req) =>
      getWorkbench(ctx, requireAuth(req)),
    );
    app.get('/api/v1/team/coverage', { schema: { tags: ['workbench'], summary: '团队拜访覆盖率 Team coverage', querystring: ZCoverageQuery, response: { 200: ZCoverage } } }, async (req) =>
      teamCoverage(ctx, requireAuth(req), req.query),
    );

    app.get('/api/v1/me/calendar-token', { schema: { tags: ['calendar'], summary: '日程订阅状态 Calendar feed status', response: { 200: z.object({ token: ZCalendarToken.nullable() }) } } }, async (req) => ({
      token: await calendarTokenStatus(ctx, requireAuth(req)),
    }));
    app.post('/api/v1/me/calendar-token', { schema: { tags: ['calendar'], summary: '生成日程订阅地址（仅显示一次） New calendar feed URL, shown once', response: { 201: ZCalendarToken } } }, async (req, reply) => {
      reply.status(201);
      const base = `${req.protocol}://${req.host}`;
      return createCalendarToken(ctx, requireAuth(req), requestMeta(req), base);
    });
    app.delete('/api/v1/me/calendar-token', { config: { answers: [404] }, schema: { tags: ['calendar'], summary: '停用日程订阅 Revoke the feed', response: { 200: ZOk } } }, async (req) => {
      await revokeCalendarToken(ctx, requireAuth(req), requestMeta(req));
      return { ok: true as const };
    });
    app.get(
      '/api/v1/calendar/:token',
      { config: { public: true }, schema: { tags: ['calendar'], summary: 'iCalendar 订阅（RFC 5545） The feed', params: z.object({ token: z.string().max(120) }) } },
      async (req, reply) => {
        const token = req.params.token.replace(/\.ics$/, '');
        const body = await calendarFeed(ctx, token);
        return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-cache').send(body);
      },
    );
  };
