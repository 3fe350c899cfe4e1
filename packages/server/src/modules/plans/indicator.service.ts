import type { TCreateIndicatorBody, TIndicator } from '@liaison/shared';
import type { z } from 'zod';
import type { ZUpdateIndicatorBody } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { bit, newId, toIso } from '../../db/dialect.js';
import { transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { presentIndicator } from './indicators.js';

/** The registry as everyone with plans sees it (enabled first, in their order). */
export const listIndicators = async (ctx: AppContext, auth: Auth): Promise<TIndicator[]> => {
  if (!auth.grants.has('plan.read') && !auth.grants.has('indicator.manage')) throw new AppError('permission_denied');
  const rows = await ctx.db.selectFrom('indicator').selectAll().orderBy('sortOrder').orderBy('code').execute();
  return rows.map(presentIndicator);
};

/** An admin's business-figure indicator: a figure column summed (or counted) over a manager's customers. */
export const createIndicator = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TCreateIndicatorBody): Promise<TIndicator> => {
  requirePermission(auth, 'indicator.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const exists = await tx.selectFrom('indicator').select('id').where('code', '=', input.code).executeTakeFirst();
    if (exists) throw new AppError('conflict', [{ path: 'code', key: 'duplicate_value' }]);
    const row = {
      id: newId(),
      code: input.code,
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      unit: input.unit,
      source: 'figure' as const,
      field: input.field,
      aggregation: input.aggregation,
      builtin: 0,
      enabled: 1,
      sortOrder: input.sortOrder ?? 1000,
      version: 1,
      createdAt: toIso(now),
      updatedAt: toIso(now),
    };
    // The unique code decides between two admins adding the same one at once.
    await tx.insertInto('indicator').values(row).execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'indicator', entityId: row.id, changes: created({ code: row.code, nameZh: row.nameZh, field: row.field, aggregation: row.aggregation }) });
    return presentIndicator(row);
  });
};

export const updateIndicator = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: z.infer<typeof ZUpdateIndicatorBody>): Promise<TIndicator> => {
  requirePermission(auth, 'indicator.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const patch: Record<string, unknown> = {};
    for (const k of ['nameZh', 'nameEn', 'unit', 'sortOrder'] as const) if (input[k] !== undefined) patch[k] = input[k];
    if (input.enabled !== undefined) patch.enabled = bit(input.enabled);
    await updateVersioned(tx, 'indicator', id, input.version, patch, toIso(now));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'indicator', entityId: id, changes: diff(before as any, patch as any) });
    return presentIndicator(await tx.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
};
