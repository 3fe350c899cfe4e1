import type { TComplianceRecompute, TSaveContactRules } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { json, newId, toIso } from '../../db/dialect.js';
import { lockNamed, transaction } from '../../db/transaction.js';
import { latestRun, type JobRunner, type TaskDefinition } from '../../jobs/runner.js';
import { recordAudit } from '../auditLog/audit.js';
import { loadContactSettings, loadRules, refreshCompliance, saveContactSettings } from './compliance.js';

/** The task that recomputes every customer's due times after the rules change (decision 081). */
export const COMPLIANCE_TASK = 'visit.compliance';

/**
 * Every customer's due times from the rules as committed. One at a time (PostgreSQL: a
 * transaction lock taken before the rules are read), so of two saves in quick succession the
 * later recompute always reads the later rules and writes last; SQLite runs one writer anyway.
 */
const recomputeAll = (ctx: AppContext, at: Date, recount: boolean) =>
  transaction(ctx.db, async (tx) => {
    await lockNamed(tx, 'complianceRecompute');
    return { customers: await refreshCompliance(tx, at, 'all', { recount }) };
  });

/** Run again by another instance if the saving instance died mid-way: recomputing is idempotent (and recounts, to be sure). */
export const complianceTask: TaskDefinition = { name: COMPLIANCE_TASK, rerun: (ctx, at) => recomputeAll(ctx, at, true) };

const latestRecompute = async (ctx: AppContext): Promise<TComplianceRecompute | null> => {
  const run = await latestRun(ctx.db, [COMPLIANCE_TASK]);
  if (!run) return null;
  const customers = json<{ customers?: number }>(run.result)?.customers;
  return { runId: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, customers: customers ?? null };
};

export const getContactRules = async (ctx: AppContext) => {
  const [rules, settings, recompute] = await Promise.all([loadRules(ctx.db), loadContactSettings(ctx.db), latestRecompute(ctx)]);
  return { rules, settings, recompute };
};

/**
 * Replaces the rule set as the admin page edits it (a rule with an id and version is updated,
 * one without is added, one left out is removed). Every customer's due times are then
 * recomputed by a background run started after the commit (decision 081): at a province's
 * million customers that is minutes, not a request. Until it finishes the workbench shows due
 * times from the old rules; the answer (and GET) carries the run so the page can say so.
 */
export const saveContactRules = async (ctx: AppContext, runner: JobRunner, auth: Auth, meta: RequestMeta, input: TSaveContactRules) => {
  requirePermission(auth, 'contactRule.manage');
  const now = ctx.clock.now();
  const stamp = toIso(now);
  const phoneMethodsChanged = await transaction(ctx.db, async (tx) => {
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
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'contactRule', detail: { rules: input.rules.length, removed: removed.length, settings: input.settings } });
    return JSON.stringify([...beforeSettings.phoneMethods].sort()) !== JSON.stringify([...input.settings.phoneMethods].sort());
  });
  // Once across instances: the run row is claimed here and leased; if this instance dies, another takes it over.
  const started = await runner.startTask(COMPLIANCE_TASK, `rules:${stamp}:${newId()}`, () => recomputeAll(ctx, now, phoneMethodsChanged));
  started?.done.catch(() => undefined);
  return getContactRules(ctx);
};
