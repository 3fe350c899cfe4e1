import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateRoleBody, ZOk, ZRole, ZUpdateRoleBody, permissions } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as service from './role.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const roleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['roles'];
    app.get('/api/v1/roles', { schema: { tags, summary: '角色列表 Roles', response: { 200: z.object({ data: z.array(ZRole) }) } } }, async (req) => {
      requireAuth(req);
      return { data: await service.listRoles(ctx) };
    });
    app.get('/api/v1/permissions', { schema: { tags, summary: '全部权限 All permissions', response: { 200: z.object({ data: z.array(z.string()) }) } } }, async (req) => {
      requireAuth(req);
      return { data: [...permissions] };
    });
    app.get('/api/v1/roles/:id', { schema: { tags, summary: '角色详情 A role', params: ZParams, response: { 200: ZRole } } }, async (req) => {
      requireAuth(req);
      return service.getRole(ctx, req.params.id);
    });
    app.post('/api/v1/roles', { schema: { tags, summary: '新建角色 Create a role', body: ZCreateRoleBody, response: { 201: ZRole } } }, async (req, reply) => {
      reply.status(201);
      return service.createRole(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/roles/:id', { schema: { tags, summary: '修改角色的权限与数据范围 Edit a role, its permissions and data scopes', params: ZParams, body: ZUpdateRoleBody, response: { 200: ZRole } } }, async (req) =>
      service.updateRole(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.delete('/api/v1/roles/:id', { schema: { tags, summary: '删除角色（非内置、无用户时） Delete an unused role', params: ZParams, response: { 200: ZOk } } }, async (req) => {
      await service.deleteRole(ctx, requireAuth(req), requestMeta(req), req.params.id);
      return { ok: true as const };
    });
  };
