import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZSlaPolicy, ZSlaSettings, ZUpdateSlaPolicyBody, ZUpdateSlaSettingsBody } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as sla from './sla.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const slaRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['sla'];
    app.get(
      '/api/v1/sla-policies',
      { schema: { tags, summary: '各类工单的响应与处理时限，及工作时间等设置 Deadline policies and settings', response: { 200: z.object({ data: z.array(ZSlaPolicy), settings: ZSlaSettings }) } } },
      async (req) => sla.listSlaPolicies(ctx, requireAuth(req)),
    );
    app.put(
      '/api/v1/sla-policies/settings',
      { schema: { tags, summary: '工作时间、可重开天数、暂停计时的等待原因；重算未结工单 Settings', body: ZUpdateSlaSettingsBody, response: { 200: ZSlaSettings } } },
      async (req) => sla.updateSlaSettings(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.patch(
      '/api/v1/sla-policies/:id',
      { schema: { tags, summary: '修改时限（只影响新工单） Change a policy (new tickets)', params: ZParams, body: ZUpdateSlaPolicyBody, response: { 200: ZSlaPolicy } } },
      async (req) => sla.updateSlaPolicy(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
  };
