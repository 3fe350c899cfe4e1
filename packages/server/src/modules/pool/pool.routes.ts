import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCustomer, ZCustomerQuery, ZListOf, ZMyClaims, ZPool, ZPoolBody, ZPoolPreview, ZReclaimRules, ZUpdatePoolBody } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { requirePermission } from '../../access/access.js';
import { recordAudit } from '../auditLog/audit.js';
import * as pool from './pool.service.js';
import { getReclaimRules, saveReclaimRules } from './pool.settings.js';
import { transaction } from '../../db/transaction.js';

export const poolRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['pool'];
    app.get('/api/v1/pools', { schema: { tags, summary: '可见的公海 Visible pools', response: { 200: z.object({ data: z.array(ZPool) }) } } }, async (req) => ({
      data: await pool.listPools(ctx, requireAuth(req)),
    }));
    app.post('/api/v1/pools', { schema: { tags, summary: '新建公海 Create a pool', body: ZPoolBody, response: { 201: ZPool } } }, async (req, reply) => {
      reply.status(201);
      return pool.createPool(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/pools/:id', { schema: { tags, summary: '修改公海及其领取限制 Edit a pool and its claim limits', params: z.object({ id: z.string().max(64) }), body: ZUpdatePoolBody, response: { 200: ZPool } } }, async (req) =>
      pool.updatePool(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.get('/api/v1/pool/my-claims', { schema: { tags, summary: '今日已领 Claims today', response: { 200: ZMyClaims } } }, async (req) => pool.myClaims(ctx, requireAuth(req)));
    app.get(
      '/api/v1/pool/customers/:id',
      { schema: { tags, summary: '公海客户预览（只读、脱敏） Preview before claiming', params: z.object({ id: z.string().max(64) }), response: { 200: ZPoolPreview } } },
      async (req) => pool.previewPoolCustomer(ctx, requireAuth(req), req.params.id),
    );
    app.get('/api/v1/pool/customers', { schema: { tags, summary: '公海客户 Customers in visible pools', querystring: ZCustomerQuery, response: { 200: ZListOf(ZCustomer) } } }, async (req) =>
      pool.listPoolCustomers(ctx, requireAuth(req), req.query),
    );
    app.get('/api/v1/pool/rules', { schema: { tags, summary: '回收与休眠规则 Reclaim and dormancy rules', response: { 200: ZReclaimRules } } }, async (req) => {
      requireAuth(req);
      return getReclaimRules(ctx.db);
    });
    app.put('/api/v1/pool/rules', { schema: { tags, summary: '保存回收与休眠规则 Save the reclaim and dormancy rules', body: ZReclaimRules, response: { 200: ZReclaimRules } } }, async (req) => {
      const auth = requireAuth(req);
      requirePermission(auth, 'pool.manage');
      const now = ctx.clock.now();
      await transaction(ctx.db, async (tx) => {
        const before = await getReclaimRules(tx);
        await saveReclaimRules(tx, req.body, now);
        await recordAudit(tx, now, auth, requestMeta(req), { action: 'update', entity: 'setting', entityId: 'customer.reclaimRules', changes: { rules: { old: before, new: req.body } } });
      });
      return req.body;
    });
  };
