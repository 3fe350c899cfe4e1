import type { TSaveContactRules } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { newId, toIso } from '../../db/dialect.js';
import { transaction } from '../../db/transaction.js';
import { recordAudit } from '../auditLog/audit.js';
import { loadContactSettings, loadRules, refreshCompliance, saveContactSettings } from './compliance.js';

export const getContactRules = async (ctx: AppContext) => {
  const [rules, settings] = await Promise.all([loadRules(ctx.db), loadContactSettings(ctx.db)]);
  return { rules, settings };
};

/**
 * Replaces the rule set as the admin page edits it (a rule with an id and version is updated,
 * one without is added, one left out is removed), then recomputes every customer's due times in
 * the same transaction — the workbench never shows a due time from the old rules.
 */
export const saveContactRules = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TSaveContactRules) => {
  requirePermission(auth, 'contactRule.manage');
  const now = ctx.clock.now();
  const stamp = toIso(now);
  await transaction(ctx.db, async (tx) => {
    const before = await loadRules(tx);
    const beforeSettings = await loadContactSettings(tx);
    const byId = new Map(before.map((r) => [r.id, r]));
    const kept = new Set<string>();
    for (const [i, r] of input.rules.entries()) {
      const values = {
        name: r.name,
        sortOrder: r.sortOrder,
        enabled: r.enabled ? 1 : 0,
        grades: r.grades?.length ? JSON.stringify(r.grades) : null,
        isKey: r.isKey === null ? null : r.isKey ? 1 : 0,
        kinds: r.kinds?.length ? JSON.stringify(r.kinds) : null,
        stages: JSON.stringify(r.stages),
        onsitePerMonth: r.onsitePerMonth,
        phonePerWeek: r.phonePerWeek,
      };
      if (r.id) {
        const old = byId.get(r.id);
        if (!old) throw new AppError('validation_failed', [{ path: `rules.${i}.id`, key: 'unknown_rule' }]);
        if (r.version !== old.version) throw new AppError('version_conflict');
        await tx.updateTable('contactRule').set({ ...values, version: old.version + 1, updatedAt: stamp }).where('id', '=', r.id).where('version', '=', old.version).execute();
        kept.add(r.id);
      } else {
        await tx.insertInto('contactRule').values({ id: newId(), ...values, version: 1, createdAt: stamp, updatedAt: stamp }).execute();
      }
    }
    const removed = before.filter((r) => !kept.has(r.id)).map((r) => r.id);
    if (removed.length) await tx.deleteFrom('contactRule').where('id', 'in', removed).execute();
    await saveContactSettings(tx, input.settings, now);
    const phoneMethodsChanged = JSON.stringify([...beforeSettings.phoneMethods].sort()) !== JSON.stringify([...input.settings.phoneMethods].sort());
    const refreshed = await refreshCompliance(tx, now, 'all', { recount: phoneMethodsChanged });
    await recordAudit(tx, now, auth, meta, {
      action: 'update',
      entity: 'contactRule',
      detail: { rules: input.rules.length, removed: removed.length, settings: input.settings, customersRecomputed: refreshed },
    });
  });
  return getContactRules(ctx);
};
