import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateUserBody, ZListOf, ZListQuery, ZResetPasswordBody, ZUpdateUserBody, ZUser, userStatuses } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as service from './user.service.js';

const ZParams = z.object({ id: z.string().max(64) });
const ZUserQuery = ZListQuery.extend({
  orgUnitId: z.string().max(64).optional(),
  roleId: z.string().max(64).optional(),
  status: z.enum(userStatuses).optional(),
});

export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['users'];
    app.get('/api/v1/users', { schema: { tags, summary: '用户列表 Users in scope', querystring: ZUserQuery, response: { 200: ZListOf(ZUser) } } }, async (req) =>
      service.listUsers(ctx, requireAuth(req), req.query),
    );
    app.get('/api/v1/users/:id', { schema: { tags, summary: '用户详情 A user', params: ZParams, response: { 200: ZUser } } }, async (req) =>
      service.getUser(ctx, requireAuth(req), req.params.id),
    );
    app.post('/api/v1/users', { schema: { tags, summary: '新建用户 Create a user', body: ZCreateUserBody, response: { 201: ZUser } } }, async (req, reply) => {
      reply.status(201);
      return service.createUser(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/users/:id', { schema: { tags, summary: '修改用户（机构、角色、状态等） Edit a user', params: ZParams, body: ZUpdateUserBody, response: { 200: ZUser } } }, async (req) =>
      service.updateUser(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/users/:id/reset-password',
      { schema: { tags, summary: '管理员重置密码 Admin password reset', params: ZParams, body: ZResetPasswordBody, response: { 200: ZUser } } },
      async (req) => service.resetPassword(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body.newPassword, req.body.mustChangePassword ?? true),
    );
    app.post('/api/v1/users/:id/unlock', { schema: { tags, summary: '解锁账号 Unlock', params: ZParams, response: { 200: ZUser } } }, async (req) =>
      service.unlockUser(ctx, requireAuth(req), requestMeta(req), req.params.id),
    );
  };
