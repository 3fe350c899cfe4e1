import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request.js';
import { regionTree } from './region.js';

type TreeNode = { code: string; name: string; children?: TreeNode[] };
// Recursive, so it carries an id: the document emits it once under components.schemas and refers
// to it (an anonymous cycle would be referenced but never emitted; http/openapi.ts).
const ZRegionNode: z.ZodType<TreeNode> = z
  .lazy(() => z.object({ code: z.string(), name: z.string(), children: z.array(ZRegionNode).optional() }))
  .meta({ id: 'RegionNode' });

export const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/regions',
    { schema: { tags: ['regions'], summary: '行政区划（省/市/区县） Administrative divisions', response: { 200: z.object({ data: z.array(ZRegionNode) }) } } },
    async (req, reply) => {
      requireAuth(req);
      reply.header('cache-control', 'private, max-age=86400');
      return { data: regionTree() };
    },
  );
};
