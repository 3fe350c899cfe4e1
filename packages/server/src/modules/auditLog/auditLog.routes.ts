import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditEntry, ZAuditQuery, ZListOf, type TAuditEntry } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth } from '../../http/request.js';
import { inScope } from '../../access/access.js';
import { json } from '../../db/dialect.js';
import { paginate } from '../../http/list.js';
import type { Kysely } from 'kysely';
import type { Tx } from '../../db/schema.js';

/** Where each record type keeps its name; one query per type on the page, never one per row. */
const nameSources = {
  customer: { table: 'customer', column: 'name' },
  contact: { table: 'contact', column: 'name' },
  user: { table: 'appUser', column: 'displayName' },
  orgUnit: { table: 'orgUnit', column: 'name' },
  role: { table: 'role', column: 'name' },
  pool: { table: 'pool', column: 'name' },
} as const;

export const recordNames = async (db: Tx, rows: { entity: string; entityId: string | null }[]): Promise<Map<string, string>> => {
  const byEntity = new Map<keyof typeof nameSources, Set<string>>();
  for (const r of rows) {
    if (!r.entityId || !(r.entity in nameSources)) continue;
    const key = r.entity as keyof typeof nameSources;
    byEntity.set(key, (byEntity.get(key) ?? new Set()).add(r.entityId));
  }
  const out = new Map<string, string>();
  for (const [entity, ids] of byEntity) {
    const { table, column } = nameSources[entity];
    const found = await (db as Kysely<any>).selectFrom(table).select(['id', `${column} as name`]).where('id', 'in', [...ids]).execute();
    for (const f of found) out.set(`${entity}:${f.id}`, String(f.name));
  }
  return out;
};

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
        const names = await recordNames(ctx.db, page.data);
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
              recordName: (r.entityId && names.get(`${r.entity}:${r.entityId}`)) || null,
              changes: json(r.changes),
              detail: json(r.detail),
              ip: r.ip,
            }),
          ),
        };
      },
    );
  };
