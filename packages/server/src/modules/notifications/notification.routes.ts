import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZEventType,
  ZFiguresResponse,
  ZListOf,
  ZNotification,
  ZNotificationListQuery,
  ZNotificationPreferences,
  ZNotificationPreferencesBody,
  ZOk,
  ZRobot,
  ZRobotBody,
  ZRobotPatch,
  ZRule,
  ZRulesBody,
  ZSmtpBody,
  ZSmtpSettings,
  ZSmtpTestBody,
} from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { transaction } from '../../db/transaction.js';
import { recordAudit } from '../auditLog/audit.js';
import * as svc from './notification.service.js';
import { describeSmtp, saveSmtp, sendEmail, smtpConfig } from './channels/email.js';

const P = z.object({ id: z.string().max(64) });
const ZSection = z.object({ title: z.string(), lines: z.array(z.object({ text: z.string(), link: z.string().nullable() })), more: z.number().int() });

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['notifications'];
    app.get(
      '/api/v1/notifications',
      { schema: { tags, summary: '我的通知 My notifications', querystring: ZNotificationListQuery, response: { 200: ZListOf(ZNotification) } } },
      async (req) => svc.listNotifications(ctx, requireAuth(req), req.query),
    );
    // Polled by the bell: does not keep an idle session alive (decision 050).
    app.get(
      '/api/v1/notifications/unread-count',
      { config: { passive: true }, schema: { tags, summary: '未读数 Unread count', response: { 200: z.object({ count: z.number().int(), latestAt: z.string().nullable() }) } } },
      async (req) => svc.unreadCount(ctx, requireAuth(req)),
    );
    app.post('/api/v1/notifications/:id/read', { schema: { tags, summary: '标为已读 Mark read', params: P, response: { 200: ZNotification } } }, async (req) =>
      svc.markRead(ctx, requireAuth(req), req.params.id),
    );
    app.post(
      '/api/v1/notifications/read-all',
      { schema: { tags, summary: '全部已读 Mark all read', body: z.strictObject({ before: z.string().max(30).optional(), type: z.string().max(60).optional() }), response: { 200: z.object({ updated: z.number().int() }) } } },
      async (req) => svc.markAllRead(ctx, requireAuth(req), req.body),
    );
    app.get('/api/v1/notifications/event-types', { schema: { tags, summary: '通知类型 Notification types', response: { 200: z.object({ data: z.array(ZEventType) }) } } }, async (req) => ({
      data: await svc.listEventTypes(ctx, requireAuth(req)),
    }));

    app.get('/api/v1/me/notification-preferences', { schema: { tags, summary: '我的通知设置 My notification settings', response: { 200: ZNotificationPreferences } } }, async (req) =>
      svc.getPreferences(ctx, requireAuth(req)),
    );
    app.put('/api/v1/me/notification-preferences', { schema: { tags, summary: '保存我的通知设置 Save my notification settings', body: ZNotificationPreferencesBody, response: { 200: ZNotificationPreferences } } }, async (req) =>
      svc.updatePreferences(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.get('/api/v1/me/digest-preview', { schema: { tags, summary: '今日摘要预览 Today\'s digest preview', response: { 200: z.object({ data: z.array(ZSection) }) } } }, async (req) => ({
      data: await svc.digestPreview(ctx, requireAuth(req)),
    }));

    app.get('/api/v1/notifications/rules', { schema: { tags, summary: '强制开启的通知 Required notifications', response: { 200: z.object({ data: z.array(ZRule) }) } } }, async (req) => ({
      data: await svc.listRules(ctx, requireAuth(req)),
    }));
    app.put(
      '/api/v1/notifications/rules/:orgUnitId',
      { schema: { tags, summary: '设定机构强制开启的通知 Set an org unit’s required notifications', params: z.object({ orgUnitId: z.string().max(64) }), body: ZRulesBody, response: { 200: z.object({ data: z.array(ZRule) }) } } },
      async (req) => ({ data: await svc.replaceRules(ctx, requireAuth(req), requestMeta(req), req.params.orgUnitId, req.body.requiredEvents) }),
    );

    app.get('/api/v1/notifications/robots', { schema: { tags, summary: '群机器人 Group robots', response: { 200: z.object({ data: z.array(ZRobot) }) } } }, async (req) => ({
      data: await svc.listRobots(ctx, requireAuth(req)),
    }));
    app.post('/api/v1/notifications/robots', { schema: { tags, summary: '新增群机器人 Add a group robot', body: ZRobotBody, response: { 201: ZRobot } } }, async (req, reply) => {
      reply.status(201);
      return svc.createRobot(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/notifications/robots/:id', { schema: { tags, summary: '修改群机器人 Edit a group robot', params: P, body: ZRobotPatch, response: { 200: ZRobot } } }, async (req) =>
      svc.updateRobot(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.delete('/api/v1/notifications/robots/:id', { schema: { tags, summary: '删除群机器人 Delete a group robot', params: P, response: { 200: ZOk } } }, async (req) => {
      await svc.deleteRobot(ctx, requireAuth(req), requestMeta(req), req.params.id);
      return { ok: true as const };
    });
    app.post('/api/v1/notifications/robots/:id/test', { schema: { tags, summary: '群机器人测试消息 Test a group robot', params: P, response: { 200: z.object({ ok: z.boolean(), error: z.string().nullable() }) } } }, async (req) =>
      svc.testRobot(ctx, requireAuth(req), req.params.id),
    );

    app.get('/api/v1/notifications/figures', { schema: { tags, summary: '投递统计 Delivery figures', response: { 200: ZFiguresResponse } } }, async (req) =>
      svc.deliveryFigures(ctx, requireAuth(req)),
    );
    app.get('/api/v1/notifications/smtp', { schema: { tags, summary: '邮件服务器 SMTP settings', response: { 200: ZSmtpSettings } } }, async (req) => {
      requirePermission(requireAuth(req), 'notification.admin');
      return describeSmtp(ctx);
    });
    app.put('/api/v1/notifications/smtp', { schema: { tags, summary: '保存邮件服务器设置（未由 SMTP_URL 配置时） Save SMTP settings', body: ZSmtpBody, response: { 200: ZSmtpSettings } } }, async (req) => {
      const auth = requireAuth(req);
      requirePermission(auth, 'notification.admin');
      if (ctx.config.smtpUrl) throw new AppError('invalid_state');
      await transaction(ctx.db, async (tx) => {
        await saveSmtp(ctx, tx, ctx.clock.now(), req.body);
        await recordAudit(tx, ctx.clock.now(), auth, requestMeta(req), { action: 'update', entity: 'smtpSettings', detail: { smtpHost: req.body.smtpHost, smtpPort: req.body.smtpPort, smtpFrom: req.body.smtpFrom } });
      });
      return describeSmtp(ctx);
    });
    app.post('/api/v1/notifications/smtp/test', { schema: { tags, summary: '发送测试邮件 Send a test email', body: ZSmtpTestBody, response: { 200: z.object({ ok: z.boolean(), error: z.string().nullable() }) } } }, async (req) => {
      requirePermission(requireAuth(req), 'notification.admin');
      const cfg = await smtpConfig(ctx);
      if (!cfg) throw new AppError('invalid_state');
      try {
        await sendEmail(ctx, cfg, req.body.testRecipient, { subject: '【客户经理工作台】测试邮件', text: '邮件服务器配置可用。\nSMTP settings work.', html: '<p>邮件服务器配置可用。</p><p>SMTP settings work.</p>' }, `test-${Date.now()}`);
        return { ok: true, error: null };
      } catch (err) {
        return { ok: false, error: (err as Error).message.slice(0, 300) };
      }
    });
  };
