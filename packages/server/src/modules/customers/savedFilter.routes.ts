import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZKeyDate, ZKeyDateBody, ZOk, ZVersion } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { AppError } from '../../errors.js';
import { newId, toIso } from '../../db/dialect.js';
import * as keyDates from './keyDate.service.js';

const ZSavedFilter = z.object({ id: z.string(), name: z.string(), query: z.record(z.string(), z.string()), createdAt: z.string() });
/** A user's saved customer-list filters, and a customer's important dates. */
export const savedFilterRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['customers'];
    app.get('/api/v1/saved-filters', { schema: { tags, summary: '我的常用筛选 My saved filters', response: { 200: z.object({ data: z.array(ZSavedFilter) }) } } }, async (req) => {
      const auth = requireAuth(req);
      const rows = await ctx.db.selectFrom('savedFilter').selectAll().where('userId', '=', auth.userId).orderBy('createdAt').execute();
      return { data: rows.map((r) => ({ id: r.id, name: r.name, query: JSON.parse(r.query), createdAt: r.createdAt })) };
    });
    app.post(
      '/api/v1/saved-filters',
      { schema: { tags, summary: '保存常用筛选 Save a filter', body: z.strictObject({ name: z.string().trim().min(1).max(40), query: z.record(z.string().max(40), z.string().max(200)).refine((q) => Object.keys(q).length <= 30) }), response: { 201: ZSavedFilter } } },
      async (req, reply) => {
        const auth = requireAuth(req);
        const row = { id: newId(), userId: auth.userId, name: req.body.name, query: JSON.stringify(req.body.query), createdAt: toIso(ctx.clock.now()) };
        await ctx.db.insertInto('savedFilter').values(row).execute();
        reply.status(201);
        return { id: row.id, name: row.name, query: req.body.query, createdAt: row.createdAt };
      },
    );
    app.delete('/api/v1/saved-filters/:id', { schema: { tags, summary: '删除常用筛选 Delete a saved filter', params: z.object({ id: z.string().max(64) }), response: { 200: ZOk } } }, async (req) => {
      const auth = requireAuth(req);
      const res = await ctx.db.deleteFrom('savedFilter').where('id', '=', req.params.id).where('userId', '=', auth.userId).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw new AppError('not_found');
      return { ok: true as const };
    });

    const P = z.object({ id: z.string().max(64) });
    const PK = z.object({ id: z.string().max(64), keyDateId: z.string().max(64) });
    app.get('/api/v1/customers/:id/key-dates', { schema: { tags, summary: '重要日期 Important dates', params: P, response: { 200: z.object({ data: z.array(ZKeyDate) }) } } }, async (req) => ({
      data: await keyDates.listKeyDates(ctx, requireAuth(req), req.params.id),
    }));
    app.post('/api/v1/customers/:id/key-dates', { schema: { tags, summary: '新增重要日期 Add an important date', params: P, body: ZKeyDateBody, response: { 201: ZKeyDate } } }, async (req, reply) => {
      reply.status(201);
      return keyDates.createKeyDate(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body);
    });
    app.patch('/api/v1/customers/:id/key-dates/:keyDateId', { schema: { tags, summary: '修改重要日期 Edit an important date', params: PK, body: ZKeyDateBody.partial().extend({ version: ZVersion }).strict(), response: { 200: ZKeyDate } } }, async (req) =>
      keyDates.updateKeyDate(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.keyDateId, req.body),
    );
    app.delete('/api/v1/customers/:id/key-dates/:keyDateId', { schema: { tags, summary: '删除重要日期 Delete an important date', params: PK, response: { 200: ZOk } } }, async (req) => {
      await keyDates.deleteKeyDate(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.keyDateId);
      return { ok: true as const };
    });
  };
