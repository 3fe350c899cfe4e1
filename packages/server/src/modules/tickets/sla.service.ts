import type { TSlaPolicy, TUpdateSlaPolicyBody, TTicketWaitReason } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { toIso } from '../../db/dialect.js';
import { transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { recordAudit } from '../auditLog/audit.js';
import { getSlaSettings, presentSettings, saveSlaSettings } from './sla.settings.js';
import { recomputeDeadlines } from './ticket.sla.js';

const kindOrder = ['complaint', 'fault', 'repair', 'consultation', 'suggestion'];
const severityOrder = ['general', 'major', 'critical', 'urgent'];

/** SLA policies are read by everyone who opens tickets (the form shows the deadline to expect). */
export const listSlaPolicies = async (ctx: AppContext, auth: Auth) => {
  if (!auth.grants.has('ticket.read') && !auth.grants.has('sla.manage')) throw new AppError('permission_denied');
  const rows = await ctx.db.selectFrom('slaPolicy').selectAll().execute();
  const data: TSlaPolicy[] = rows
    .map((r) => ({ ...r, version: Number(r.version), responseAmount: Number(r.responseAmount), resolveAmount: Number(r.resolveAmount), warnPercent: Number(r.warnPercent), escalateEveryHours: Number(r.escalateEveryHours) }))
    .map(({ createdAt: _c, ...r }) => r)
    .sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity));
  return { data, settings: presentSettings(await getSlaSettings(ctx.db)) };
};

/** New tickets take the changed policy; open ones keep the deadline they were given. */
export const updateSlaPolicy = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TUpdateSlaPolicyBody) => {
  requirePermission(auth, 'sla.manage');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('slaPolicy').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const { version, ...patch } = input;
    await updateVersioned(tx, 'slaPolicy', id, version, patch, toIso(now));
    const changes = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && v !== (before as Record<string, unknown>)[k]).map(([k, v]) => [k, { old: (before as Record<string, unknown>)[k], new: v }]));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'slaPolicy', entityId: id, changes, detail: { kind: before.kind, severity: before.severity } });
  });
  const { data } = await listSlaPolicies(ctx, auth);
  return data.find((p) => p.id === id)!;
};

/** Working hours and pause reasons apply to open tickets at once: their deadlines are recomputed. */
export const updateSlaSettings = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { version: number; workingHours?: string; reopenDays?: number; pauseReasons?: TTicketWaitReason[] }) => {
  requirePermission(auth, 'sla.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const { settings, hoursChanged, pausesChanged } = await saveSlaSettings(tx, now, input);
    const recomputed = hoursChanged || pausesChanged ? await recomputeDeadlines(tx, 'open') : 0;
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'slaSettings', detail: { ...settings, recomputed } });
    return presentSettings(settings);
  });
};
