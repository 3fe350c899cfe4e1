import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/schema.js';
import { toIso } from '../../db/dialect.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { requirePermission } from '../../access/access.js';
import { transaction } from '../../db/transaction.js';
import { recordAudit } from '../auditLog/audit.js';
import { AppError } from '../../errors.js';

/**
 * How much masking protects customers from their own manager (docs/decisions/031).
 * `ownerSeesOwnPhones`: a customer's owner reads the customer's and its contacts' phone numbers
 * in clear on the detail page. Off for banks (a reveal is a deliberate, audited act), on for
 * tobacco, where a manager calls 150 shop owners a week. Lists and exports stay masked.
 */
export const ZPrivacyPolicy = z.strictObject({ ownerSeesOwnPhones: z.boolean(), version: z.number().int().min(0).max(2_147_483_647) });
export type TPrivacyPolicy = z.infer<typeof ZPrivacyPolicy>;

const KEY = 'customer.privacyPolicy';

export const getPrivacyPolicy = async (ctx: AppContext, tx: Tx = ctx.db): Promise<TPrivacyPolicy> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const fallback = { ownerSeesOwnPhones: ctx.config.industry === 'tobacco', version: 0 };
  if (!row) return fallback;
  const parsed = ZPrivacyPolicy.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : fallback;
};

export const privacyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['customers'];
    app.get('/api/v1/privacy-policy', { schema: { tags, summary: '敏感信息显示策略 Masking policy', response: { 200: ZPrivacyPolicy } } }, async (req) => {
      requireAuth(req);
      return getPrivacyPolicy(ctx);
    });
    app.put('/api/v1/privacy-policy', { schema: { tags, summary: '保存敏感信息显示策略 Save the masking policy', body: ZPrivacyPolicy, response: { 200: ZPrivacyPolicy } } }, async (req) => {
      const auth = requireAuth(req);
      requirePermission(auth, 'role.manage');
      const now = ctx.clock.now();
      return transaction(ctx.db, async (tx) => {
        // The setting row is the lock: two administrators saving at once, one wins, one gets 409.
        const before = await getPrivacyPolicy(ctx, tx);
        if (before.version !== req.body.version) throw new AppError('version_conflict');
        const next = { ownerSeesOwnPhones: req.body.ownerSeesOwnPhones, version: before.version + 1 };
        const value = JSON.stringify(next);
        if (before.version === 0) {
          const ins = await tx.insertInto('setting').values({ key: KEY, value, updatedAt: toIso(now) }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
          if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) throw new AppError('version_conflict');
        } else {
          const upd = await tx.updateTable('setting').set({ value, updatedAt: toIso(now) }).where('key', '=', KEY).where('value', '=', JSON.stringify(before)).executeTakeFirst();
          if (Number(upd.numUpdatedRows) === 0) throw new AppError('version_conflict');
        }
        await recordAudit(tx, now, auth, requestMeta(req), {
          action: 'update',
          entity: 'setting',
          entityId: KEY,
          changes: { ownerSeesOwnPhones: { old: before.ownerSeesOwnPhones, new: next.ownerSeesOwnPhones } },
        });
        return next;
      });
    });
  };
