import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditEntry, ZAuditQuery, ZListOf, type TAuditEntry } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth } from '../../http/request.js';
import { inScope } from '../../access/access.js';
import { json } from '../../db/dialect.js';
import { paginate } from '../../http/list.js';

export const auditLogRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/audit-log',
      { schema: { tags: ['auditLog'], summary: '审计日志 Audit log', querystring: ZAuditQuery, response: { 200: ZListOf(ZAuditEntry) } } },
      async (req) => {
        const auth = requireAuth(req);
        const q = req.query;
        // Entries are scoped by their actor: an auditor with scope `all` sees everything.
        let base = ctx.db
          .selectFrom('auditLog')
          .leftJoin('appUser as actor', 'actor.id', 'auditLog.actorId')
          .where(inScope(auth, 'auditLog.read', { owner: 'auditLog.actorId', orgUnit: 'actor.orgUnitId' }));
        if (q.actorId) base = base.where('auditLog.actorId', '=', q.actorId);
        if (q.action) base = base.where('auditLog.action', '=', q.action);
        if (q.entity) base = base.where('auditLog.entity', '=', q.entity);
        if (q.entityId) base = base.where('auditLog.entityId', '=', q.entityId);
        if (q.from) base = base.where('auditLog.at', '>=', new Date(q.from).toISOString());
        if (q.to) base = base.where('auditLog.at', '<', new Date(q.to).toISOString());
        const page = await paginate<any>({
          query: q,
          base,
          select: (qb) => qb.selectAll('auditLog'),
          sortable: { at: 'auditLog.at' },
          defaultSort: '-at',
          idColumn: 'auditLog.id',
        });
        return {
          ...page,
          data: page.data.map(
            (r): TAuditEntry => ({
              id: r.id,
              at: r.at,
              actorId: r.actorId,
              actorName: r.actorName,
              action: r.action,
              entity: r.entity,
              entityId: r.entityId,
              changes: json(r.changes),
              detail: json(r.detail),
              ip: r.ip,
            }),
          ),
        };
      },
    );
  };
