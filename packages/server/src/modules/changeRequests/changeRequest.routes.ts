import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZChangeRequest, ZChangeRequestBody, ZDecideBody, ZWithdrawBody } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as service from './changeRequest.service.js';

export const changeRequestRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['changeRequests'];
    app.post(
      '/api/v1/customers/:id/change-requests',
      { schema: { tags, summary: '申请变更客户经理/分级/信用代码 Ask to change owner, grade or credit code', params: z.object({ id: z.string().max(64) }), body: ZChangeRequestBody, response: { 201: ZChangeRequest } } },
      async (req, reply) => {
        const auth = requireAuth(req);
        const id = await service.requestChange(ctx, auth, requestMeta(req), req.params.id, req.body);
        reply.status(201);
        return service.getChangeRequest(ctx, auth, id);
      },
    );
    app.get(
      '/api/v1/change-requests',
      { schema: { tags, summary: '变更申请（待审批） Change requests', querystring: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional() }), response: { 200: z.object({ data: z.array(ZChangeRequest) }) } } },
      async (req) => ({ data: await service.listChangeRequests(ctx, requireAuth(req), req.query.status) }),
    );
    app.post(
      '/api/v1/change-requests/:id/decide',
      { schema: { tags, summary: '审批 Approve or reject', params: z.object({ id: z.string().max(64) }), body: ZDecideBody, response: { 200: ZChangeRequest } } },
      async (req) => service.decideChangeRequest(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/change-requests/:id/withdraw',
      { schema: { tags, summary: '撤回自己的待审批申请 Withdraw one\'s own pending request', params: z.object({ id: z.string().max(64) }), body: ZWithdrawBody, response: { 200: ZChangeRequest } } },
      async (req) => service.withdrawChangeRequest(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body.version),
    );
  };
