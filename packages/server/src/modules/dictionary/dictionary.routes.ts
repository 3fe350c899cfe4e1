import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCreateDictionaryItemBody, ZDictionary, ZDictionaryItem, ZUpdateDictionaryItemBody } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import * as service from './dictionary.service.js';

export const dictionaryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['dictionaries'];
    app.get('/api/v1/dictionaries', { schema: { tags, summary: '字典 Option lists', response: { 200: z.object({ data: z.array(ZDictionary) }) } } }, async (req) => {
      requireAuth(req);
      return { data: await service.listDictionaries(ctx) };
    });
    app.post(
      '/api/v1/dictionaries/:code/items',
      { schema: { tags, summary: '新增字典选项 Add an option', params: z.object({ code: z.string().max(40) }), body: ZCreateDictionaryItemBody, response: { 201: ZDictionaryItem } } },
      async (req, reply) => {
        reply.status(201);
        return service.createDictionaryItem(ctx, requireAuth(req), requestMeta(req), req.params.code, req.body);
      },
    );
    app.patch(
      '/api/v1/dictionaries/:code/items/:id',
      {
        schema: {
          tags,
          summary: '修改或停用字典选项 Edit or disable an option',
          params: z.object({ code: z.string().max(40), id: z.string().max(64) }),
          body: ZUpdateDictionaryItemBody,
          response: { 200: ZDictionaryItem },
        },
      },
      async (req) => service.updateDictionaryItem(ctx, requireAuth(req), requestMeta(req), req.params.code, req.params.id, req.body),
    );
  };
