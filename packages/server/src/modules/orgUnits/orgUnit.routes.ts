import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateOrgUnitBody, ZOk, ZOrgUnit, ZUpdateOrgUnitBody, ZVersionQuery } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as service from './orgUnit.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const orgUnitRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['orgUnits'];
    app.get('/api/v1/org-units', { schema: { tags, summary: '机构树 Org units in scope', response: { 200: z.object({ data: z.array(ZOrgUnit) }) } } }, async (req) => ({
      data: await service.listOrgUnits(ctx, requireAuth(req)),
    }));
    app.get('/api/v1/org-units/:id', { schema: { tags, summary: '机构详情 An org unit', params: ZParams, response: { 200: ZOrgUnit } } }, async (req) =>
      service.getOrgUnit(ctx, requireAuth(req), req.params.id),
    );
    app.post('/api/v1/org-units', { schema: { tags, summary: '新增机构 Add an org unit', body: ZCreateOrgUnitBody, response: { 201: ZOrgUnit } } }, async (req, reply) => {
      reply.status(201);
      return service.createOrgUnit(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/org-units/:id', { schema: { tags, summary: '修改机构（名称、编码、上级、排序） Edit an org unit', params: ZParams, body: ZUpdateOrgUnitBody, response: { 200: ZOrgUnit } } }, async (req) =>
      service.updateOrgUnit(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.delete(
      '/api/v1/org-units/:id',
      { schema: { tags, summary: '删除机构（无下级机构、无用户时） Delete an empty org unit', params: ZParams, querystring: z.strictObject({ version: ZVersionQuery }), response: { 200: ZOk } } },
      async (req) => {
        await service.deleteOrgUnit(ctx, requireAuth(req), requestMeta(req), req.params.id, req.query.version);
        return { ok: true as const };
      },
    );
  };
