import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateTicketBody, ZListOf, ZTicket, ZTicketEvent, ZTicketListItem, ZTicketQuery, ZTicketStats, ZTicketStatsQuery, ZTicketTransitionBody, ZUpdateTicketBody } from '@liaison/shared';
import { ticketStats, ticketStatsWorkbook } from './ticket.stats.js';
import { attachment, XLSX_TYPE } from '../exports/xlsx.js';
import { idempotent } from '../../http/idempotency.js';
import { readFileUpload } from '../../http/upload.js';
import { addTicketAttachment, listTicketAttachments, readTicketAttachment } from './ticket.attachments.js';
import { TICKET_ATTACHMENT_MAX_MB, ZTicketAttachment } from '@liaison/shared';
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as tickets from './ticket.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const ticketRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['tickets'];
    app.get(
      '/api/v1/tickets',
      { schema: { tags, summary: '工单列表（按数据范围）：我的、本机构、已超时、即将超时 Tickets in scope', querystring: ZTicketQuery, response: { 200: ZListOf(ZTicketListItem) } } },
      async (req) => tickets.listTickets(ctx, requireAuth(req), req.query),
    );
    app.get(
      '/api/v1/tickets/stats',
      {
        schema: {
          tags,
          summary: '月度统计：按类型、原因、机构、处理人、客户经理；及时率、合格率、满意度、处理时长（定义见 docs/TICKETS.md） Monthly statistics',
          querystring: ZTicketStatsQuery,
          response: { 200: ZTicketStats },
        },
      },
      async (req) => ticketStats(ctx, requireAuth(req), req.query, req.locale),
    );
    app.get('/api/v1/tickets/stats.xlsx', { schema: { tags, summary: '月度统计导出 .xlsx', querystring: ZTicketStatsQuery } }, async (req, reply) => {
      const stats = await ticketStats(ctx, requireAuth(req), req.query, req.locale);
      const buf = await ticketStatsWorkbook(stats, req.locale);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(req.locale === 'zh-CN' ? `工单统计-${req.query.month}.xlsx` : `ticket-stats-${req.query.month}.xlsx`, `ticket-stats-${req.query.month}.xlsx`))
        .send(buf);
    });
    app.post(
      '/api/v1/tickets',
      {
        schema: {
          tags,
          summary: '新建工单（受理登记）；可带 Idempotency-Key，重试不会重复建单 Open a ticket (Idempotency-Key)',
          body: ZCreateTicketBody,
          response: { 201: ZTicket },
        },
      },
      async (req, reply) => {
        reply.status(201);
        return idempotent(ctx, req, reply, () => tickets.createTicket(ctx, requireAuth(req), requestMeta(req), req.body));
      },
    );
    app.get(
      '/api/v1/tickets/customers',
      {
        schema: {
          tags,
          summary: '可为其建单的客户（名称搜索，最多 20 条） Customers the caller may open a ticket for',
          querystring: z.strictObject({ q: z.string().max(100).optional(), id: z.string().max(64).optional() }),
          response: { 200: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), ownerName: z.string().nullable() })) }) },
        },
      },
      async (req) => tickets.ticketCustomerOptions(ctx, requireAuth(req), req.query.q, req.query.id),
    );
    app.post(
      '/api/v1/tickets/:id/attachments',
      {
        config: { upload: 'image' },
        schema: {
          tags,
          summary: `上传工单图片（JPEG/PNG/WebP，≤${TICKET_ATTACHMENT_MAX_MB} MB，去除元数据） Add a photo`,
          params: ZParams,
          response: { 201: ZTicketAttachment },
        },
      },
      async (req, reply) => {
        const file = await readFileUpload(req, TICKET_ATTACHMENT_MAX_MB * 1024 * 1024);
        reply.status(201);
        const hash = createHash('sha256').update(file.data).digest('hex');
        return idempotent(ctx, req, reply, () => addTicketAttachment(ctx, requireAuth(req), req.params.id, file), hash);
      },
    );
    app.get('/api/v1/tickets/:id/attachments', { schema: { tags, summary: '工单图片 A ticket’s photos', params: ZParams, response: { 200: z.object({ data: z.array(ZTicketAttachment) }) } } }, async (req) =>
      listTicketAttachments(ctx, requireAuth(req), req.params.id),
    );
    app.get(
      '/api/v1/tickets/:id/attachments/:attachmentId',
      { schema: { tags, summary: '下载工单图片 A photo', params: z.object({ id: z.string().max(64), attachmentId: z.string().max(64) }) } },
      async (req, reply) => {
        const a = await readTicketAttachment(ctx, requireAuth(req), req.params.id, req.params.attachmentId);
        return reply
          .header('content-type', a.mime)
          .header('cache-control', 'private, max-age=3600')
          .header('content-disposition', attachment(a.fileName, 'photo'))
          .header('x-content-type-options', 'nosniff')
          .send(a.data);
      },
    );
    app.get('/api/v1/tickets/:id', { schema: { tags, summary: '工单详情：流程、时限及其说明、可执行操作 A ticket with its deadlines explained', params: ZParams, response: { 200: ZTicket } } }, async (req) =>
      tickets.getTicket(ctx, requireAuth(req), req.params.id, req.locale),
    );
    app.patch('/api/v1/tickets/:id', { schema: { tags, summary: '修改工单标题、描述、严重程度、联系人 Edit a ticket', params: ZParams, body: ZUpdateTicketBody, response: { 200: ZTicket } } }, async (req) =>
      tickets.updateTicket(ctx, requireAuth(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/tickets/:id/transitions',
      {
        schema: {
          tags,
          summary: '流转工单：受理、派单、原因分析、处理方案、主管批示、实施、回访、总结评价、答复、退回、改派、等待客户、重开、预约、到达、确认费用 Move a ticket',
          params: ZParams,
          body: ZTicketTransitionBody,
          response: { 200: ZTicket },
        },
      },
      async (req) => tickets.transitionTicket(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.get('/api/v1/tickets/:id/events', { schema: { tags, summary: '工单流转历史 History', params: ZParams, response: { 200: z.object({ data: z.array(ZTicketEvent) }) } } }, async (req) =>
      tickets.ticketHistory(ctx, requireAuth(req), req.params.id),
    );
  };
