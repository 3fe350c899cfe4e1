import { randomBytes } from 'node:crypto';
import {
  nextStep,
  previousStep,
  ticketActions,
  ticketNeedsApproval,
  ticketPath,
  type Locale,
  type TCreateTicketBody,
  type TTicket,
  type TTicketAction,
  type TTicketQuery,
  type TTicketTransitionBody,
  type TTicketWaitReason,
  type TUpdateTicketBody,
} from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { likeEscape, newId, toIso } from '../../db/dialect.js';
import { sql, type SqlBool } from 'kysely';
import type { Tx } from '../../db/schema.js';
import { lockRow, transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { paginate } from '../../http/list.js';
import { customerScope } from '../customers/customer.scope.js';
import { publish } from '../notifications/publish.js';
import { recordAudit } from '../auditLog/audit.js';
import { withWorkCalendar } from '../../calendar/calendar.store.js';
import { localDateOf, yearOf } from '../../calendar/shanghai.js';
import { workingMsBetween } from '../../calendar/workingTime.js';
import { actionPermission, allowedInState, ticketAllows, type FlowState, type TicketParties } from './ticket.policy.js';
import { findTicket, ticketListBase, ticketListColumns, ticketSortable, type TicketDetailRow } from './ticket.repository.js';
import { presentTicket, presentTicketListItem, type TicketListRow } from './ticket.presenter.js';
import { holdersOf, insertTicketEvent, leadersFor } from './ticket.events.js';
import { clockPauses, describeDeadline, recomputeDeadlines, ticketDeadlines, type PauseRow } from './ticket.sla.js';
import { getSlaSettings, workingHoursOf } from './sla.settings.js';
import type { TicketTable } from './ticket.tables.js';

const ms = (iso: string) => Date.parse(iso);

/** `GD20261123-7Q4KX`: date of intake in Shanghai and a random tail (unique index behind it). */
const ticketNumber = (at: Date) => {
  const tail = randomBytes(4).readUInt32BE(0).toString(36).toUpperCase().padStart(6, '0').slice(-6);
  return `GD${localDateOf(at.getTime()).replace(/-/g, '')}-${tail}`;
};

const partiesOf = (t: TicketDetailRow): TicketParties => ({
  ownerId: t.ownerId,
  createdBy: t.createdBy,
  customerOwnerId: t.customerOwnerId,
  units: [
    { id: t.orgUnitId, path: t.orgUnitPath },
    { id: t.customerUnitId, path: t.customerUnitPath },
  ],
});

const flowOf = (t: Pick<TicketTable, 'kind' | 'severity' | 'status' | 'waitingSince' | 'resolvedAt' | 'appointmentStart' | 'arrivedAt' | 'feeConfirmedAt'>): FlowState => ({
  kind: t.kind,
  severity: t.severity,
  status: t.status,
  waiting: t.waitingSince !== null,
  resolved: t.resolvedAt !== null,
  appointmentSet: t.appointmentStart !== null,
  arrived: t.arrivedAt !== null,
  feeConfirmed: t.feeConfirmedAt !== null,
});

const reopenOpen = (t: Pick<TicketTable, 'closedAt'>, reopenDays: number, now: Date) =>
  t.closedAt !== null && now.getTime() - ms(t.closedAt) <= reopenDays * 86_400_000;

/** The actions the caller may take on the ticket now. */
const actionsFor = (auth: Auth, t: TicketDetailRow, reopenDays: number, now: Date): TTicketAction[] => {
  const parties = partiesOf(t);
  const flow = flowOf(t);
  return ticketActions.filter(
    (a) => ticketAllows(auth, actionPermission[a], parties) && allowedInState(a, flow) && (a !== 'reopen' || reopenOpen(t, reopenDays, now)),
  );
};

const pausesOf = (tx: Tx, ticketId: string): Promise<PauseRow[]> =>
  tx.selectFrom('ticketPause').select(['ticketId', 'fromAt', 'toAt', 'reason']).where('ticketId', '=', ticketId).orderBy('fromAt').execute();

/** One ticket as the page shows it: deadlines explained in the caller's language, next actions. */
export const getTicket = async (ctx: AppContext, auth: Auth, id: string, locale: Locale): Promise<TTicket> => {
  requirePermission(auth, 'ticket.read');
  const t = await findTicket(ctx.db, auth, id);
  if (!t) throw new AppError('not_found');
  const settings = await getSlaSettings(ctx.db);
  const hours = workingHoursOf(settings);
  const pauses = clockPauses(await pausesOf(ctx.db, id), settings.pauseReasons);
  const now = ctx.clock.now();
  const years = { from: yearOf(localDateOf(ms(t.createdAt))), to: yearOf(localDateOf(now.getTime())) };
  const { response, resolution } = await withWorkCalendar(ctx.db, years, (cal) => {
    const d = ticketDeadlines(t, pauses, cal, hours);
    const view = (dl: typeof d.response, start: string, metAt: string | null) => ({
      unit: dl.unit,
      amount: dl.amount,
      dueAt: dl.dueAt === null ? null : toIso(new Date(dl.dueAt)),
      provisional: dl.provisional,
      metAt,
      ...describeDeadline(locale, dl, ms(start), pauses, cal, hours, now.getTime(), metAt),
    });
    return { response: view(d.response, t.createdAt, t.respondedAt), resolution: view(d.resolution, t.resolveStartAt, t.resolvedAt) };
  });
  return presentTicket(t, { response, resolution, actions: actionsFor(auth, t, settings.reopenDays, now), pauseReasons: settings.pauseReasons, now: toIso(now) });
};

export const listTickets = async (ctx: AppContext, auth: Auth, q: TTicketQuery) => {
  requirePermission(auth, 'ticket.read');
  const now = ctx.clock.now();
  const page = await paginate<TicketListRow>({
    query: q,
    base: ticketListBase(ctx.db, auth, q, now),
    select: (qb) => qb.select([...ticketListColumns]),
    sortable: ticketSortable,
    defaultSort: q.view === 'dueSoon' || q.view === 'breached' ? 'resolveDueAt' : '-createdAt',
    idColumn: 'ticket.id',
  });
  return { ...page, data: page.data.map((r) => presentTicketListItem(r, toIso(now))) };
};

export const ticketHistory = async (ctx: AppContext, auth: Auth, id: string) => {
  requirePermission(auth, 'ticket.read');
  const t = await findTicket(ctx.db, auth, id);
  if (!t) throw new AppError('not_found');
  const rows = await ctx.db
    .selectFrom('ticketEvent')
    .leftJoin('appUser as owner', 'owner.id', 'ticketEvent.ownerId')
    .leftJoin('orgUnit as unit', 'unit.id', 'ticketEvent.orgUnitId')
    .select([
      'ticketEvent.id',
      'ticketEvent.at',
      'ticketEvent.actorId',
      'ticketEvent.actorName',
      'ticketEvent.action',
      'ticketEvent.fromStatus',
      'ticketEvent.toStatus',
      'ticketEvent.ownerId',
      'owner.displayName as ownerName',
      'unit.name as orgUnitName',
      'ticketEvent.reason',
      'ticketEvent.detail',
    ])
    .where('ticketEvent.ticketId', '=', id)
    .orderBy('ticketEvent.at')
    .orderBy('ticketEvent.id')
    .limit(1000)
    .execute();
  return { data: rows.map((r) => ({ ...r, ownerName: r.ownerName ?? null, orgUnitName: r.orgUnitName ?? null, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null })) };
};

/** Customers the caller may open a ticket for (names only), for the new-ticket form's picker. */
export const ticketCustomerOptions = async (ctx: AppContext, auth: Auth, q: string | undefined, id: string | undefined) => {
  requirePermission(auth, 'ticket.create');
  let base = ctx.db
    .selectFrom('customer')
    .leftJoin('appUser as owner', 'owner.id', 'customer.ownerId')
    .select(['customer.id', 'customer.name', 'owner.displayName as ownerName'])
    .where(inScope(auth, 'ticket.create', customerScope));
  if (id) base = base.where('customer.id', '=', id);
  const text = q?.trim().toLowerCase();
  if (text) {
    const like = `%${likeEscape(text)}%`;
    base = base.where(sql<SqlBool>`(lower(customer.name) like ${like} escape '\\' or customer.name_initials like ${like} escape '\\' or customer.name_pinyin like ${like} escape '\\')`);
  }
  const rows = await base.orderBy('customer.sortKey').limit(20).execute();
  return { data: rows.map((r) => ({ id: r.id, name: r.name, ownerName: r.ownerName ?? null })) };
};

/** The unit that takes a customer's tickets by default: the nearest unit at or above the customer's that has someone handling tickets. */
const intakeUnitFor = async (tx: Tx, customerUnitPath: string): Promise<string> => {
  const handlers = await holdersOf(tx, 'ticket.handle');
  const ids = customerUnitPath.split('/').filter(Boolean);
  for (let i = ids.length - 1; i >= 0; i--) if (handlers.some((h) => h.orgUnitId === ids[i])) return ids[i]!;
  return ids[ids.length - 1]!;
};

/** Stores deadlines computed for a ticket row just written. */
const storeDeadlines = async (tx: Tx, id: string) => {
  await recomputeDeadlines(tx, [id]);
};

export const createTicket = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TCreateTicketBody): Promise<TTicket> => {
  requirePermission(auth, 'ticket.create');
  const now = ctx.clock.now();
  const id = await transaction(ctx.db, async (tx) => {
    const customer = await tx
      .selectFrom('customer')
      .innerJoin('orgUnit', 'orgUnit.id', 'customer.orgUnitId')
      .select(['customer.id', 'customer.name', 'customer.ownerId', 'customer.orgUnitId', 'orgUnit.path'])
      .where('customer.id', '=', input.customerId)
      .where(inScope(auth, 'ticket.create', customerScope))
      .executeTakeFirst();
    if (!customer) throw invalid('customerId', 'unknown_customer');
    if (input.contactId) {
      const contact = await tx.selectFrom('contact').select('id').where('id', '=', input.contactId).where('customerId', '=', customer.id).executeTakeFirst();
      if (!contact) throw invalid('contactId', 'not_customer_contact');
    }
    if (input.visitId && input.channel !== 'visit') throw invalid('visitId', 'visit_needs_channel');
    let orgUnitId: string;
    if (input.orgUnitId) {
      const unit = await tx.selectFrom('orgUnit').select('id').where('id', '=', input.orgUnitId).executeTakeFirst();
      if (!unit) throw invalid('orgUnitId', 'unknown_org_unit');
      orgUnitId = unit.id;
    } else orgUnitId = await intakeUnitFor(tx, customer.path);
    const policy = await tx.selectFrom('slaPolicy').selectAll().where('kind', '=', input.kind).where('severity', '=', input.severity).executeTakeFirstOrThrow();
    const id = newId();
    const at = toIso(now);
    await tx
      .insertInto('ticket')
      .values({
        id,
        number: ticketNumber(now),
        kind: input.kind,
        severity: input.severity,
        channel: input.channel,
        status: 'accept',
        needsApproval: ticketNeedsApproval(input.kind, input.severity) ? 1 : 0,
        title: input.title,
        description: input.description,
        customerId: customer.id,
        contactId: input.contactId ?? null,
        visitId: input.visitId ?? null,
        // The person who heard it holds it until someone accepts it.
        ownerId: auth.userId,
        orgUnitId,
        createdBy: auth.userId,
        managerId: customer.ownerId,
        responseAmount: policy.responseAmount,
        responseUnit: policy.responseUnit,
        resolveAmount: policy.resolveAmount,
        resolveUnit: policy.resolveUnit,
        warnPercent: policy.warnPercent,
        escalateEveryHours: policy.escalateEveryHours,
        resolveStartAt: at,
        escalationLevel: 0,
        reopenCount: 0,
        delayNotified: 0,
        dueProvisional: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    await storeDeadlines(tx, id);
    await insertTicketEvent(tx, now, auth, { ticketId: id, action: 'create', toStatus: 'accept', ownerId: auth.userId, orgUnitId, detail: { kind: input.kind, severity: input.severity, channel: input.channel } });
    const queue = (await holdersOf(tx, 'ticket.handle')).filter((h) => h.orgUnitId === orgUnitId && h.id !== auth.userId).map((h) => h.id);
    await publish(tx, now, {
      type: 'ticket.created',
      entity: { type: 'ticket', id },
      recipients: queue,
      orgUnitId,
      data: { title: input.title, kind: input.kind, severity: input.severity, customerName: customer.name },
    });
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'ticket', entityId: id, detail: { kind: input.kind, severity: input.severity, customerId: customer.id } });
    return id;
  });
  return getTicket(ctx, auth, id, auth.locale);
};

export const updateTicket = async (ctx: AppContext, auth: Auth, id: string, input: TUpdateTicketBody): Promise<TTicket> => {
  requirePermission(auth, 'ticket.read');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    await lockRow(tx, 'ticket', id);
    const t = await findTicket(tx, auth, id);
    if (!t) throw new AppError('not_found');
    // Handlers edit; the person who opened it may correct it until it is accepted.
    const mayEdit = ticketAllows(auth, 'ticket.handle', partiesOf(t)) || (t.createdBy === auth.userId && t.status === 'accept');
    if (!mayEdit) throw new AppError('permission_denied');
    if (t.version !== input.version) throw new AppError('version_conflict');
    if (t.status === 'closed') throw new AppError('invalid_state');
    const patch: Record<string, unknown> = {};
    const changes: Record<string, { old: unknown; new: unknown }> = {};
    for (const k of ['title', 'description', 'contactId'] as const) {
      if (input[k] !== undefined && input[k] !== t[k]) {
        patch[k] = input[k];
        changes[k] = { old: t[k], new: input[k] };
      }
    }
    if (input.contactId) {
      const c = await tx.selectFrom('contact').select('id').where('id', '=', input.contactId).where('customerId', '=', t.customerId).executeTakeFirst();
      if (!c) throw invalid('contactId', 'not_customer_contact');
    }
    let severityChanged = false;
    if (input.severity && input.severity !== t.severity) {
      // The deadline policy follows the severity until the work is under way.
      if (!['accept', 'assign', 'analyse', 'propose'].includes(t.status)) throw new AppError('invalid_state', [{ path: 'severity', key: 'invalid_transition' }]);
      const policy = await tx.selectFrom('slaPolicy').selectAll().where('kind', '=', t.kind).where('severity', '=', input.severity).executeTakeFirstOrThrow();
      Object.assign(patch, {
        severity: input.severity,
        needsApproval: ticketNeedsApproval(t.kind, input.severity) ? 1 : 0,
        responseAmount: policy.responseAmount,
        responseUnit: policy.responseUnit,
        resolveAmount: policy.resolveAmount,
        resolveUnit: policy.resolveUnit,
        warnPercent: policy.warnPercent,
        escalateEveryHours: policy.escalateEveryHours,
      });
      changes.severity = { old: t.severity, new: input.severity };
      severityChanged = true;
    }
    if (!Object.keys(patch).length) return;
    await updateVersioned(tx, 'ticket', id, input.version, patch, toIso(now));
    if (severityChanged) await recomputeDeadlines(tx, [id]);
    await insertTicketEvent(tx, now, auth, { ticketId: id, action: 'update', fromStatus: t.status, toStatus: t.status, detail: { changes } });
  });
  return getTicket(ctx, auth, id, auth.locale);
};

/** A user a ticket may be handed to: active, able to see tickets, inside the chosen unit. */
const assigneeFor = async (tx: Tx, assigneeId: string, orgUnitId: string | undefined) => {
  const u = await tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.status', 'appUser.orgUnitId', 'orgUnit.path'])
    .where('appUser.id', '=', assigneeId)
    .executeTakeFirst();
  const canWork =
    u &&
    u.status === 'active' &&
    (await tx
      .selectFrom('userRole')
      .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
      .select('userRole.userId')
      .where('userRole.userId', '=', u.id)
      .where('roleGrant.permission', '=', 'ticket.handle')
      .executeTakeFirst());
  if (!u || !canWork) throw invalid('assigneeId', 'not_ticket_user');
  if (!orgUnitId) return { user: u, orgUnitId: u.orgUnitId };
  const unit = await tx.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', orgUnitId).executeTakeFirst();
  if (!unit) throw invalid('orgUnitId', 'unknown_org_unit');
  if (!u.path.startsWith(unit.path)) throw invalid('assigneeId', 'not_in_unit');
  return { user: u, orgUnitId: unit.id };
};

/**
 * Moves a ticket one step (or pauses, reassigns, reopens it). Locks the ticket row, so of two
 * handlers acting on the same step at once one wins and the other gets 409.
 */
export const transitionTicket = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, body: TTicketTransitionBody): Promise<TTicket> => {
  requirePermission(auth, 'ticket.read');
  const permission = actionPermission[body.action];
  requirePermission(auth, permission);
  const now = ctx.clock.now();
  const at = toIso(now);
  await transaction(ctx.db, async (tx) => {
    await lockRow(tx, 'ticket', id);
    const t = await findTicket(tx, auth, id);
    if (!t) throw new AppError('not_found');
    if (!ticketAllows(auth, permission, partiesOf(t))) throw new AppError('permission_denied');
    if (t.version !== body.version) throw new AppError('version_conflict');
    const settings = await getSlaSettings(tx);
    if (!allowedInState(body.action, flowOf(t))) throw new AppError('invalid_state');

    const path = ticketPath(t.kind, t.severity);
    const next = nextStep(t.kind, t.severity, t.status);
    const patch: Partial<TicketTable> = {};
    const event: { reason?: string | null; detail?: Record<string, unknown> } = {};
    let recompute = false;
    const notices: { type: string; recipients: string[]; data?: Record<string, string | number | boolean | null> }[] = [];
    const base = { number: t.number, title: t.title, kind: t.kind, severity: t.severity, customerName: t.customerName };
    const resolvedNow = async () => {
      const pauses = clockPauses(await pausesOf(tx, id), settings.pauseReasons);
      const minutes = await withWorkCalendar(tx, { from: yearOf(localDateOf(ms(t.resolveStartAt))), to: yearOf(localDateOf(now.getTime())) }, (cal) =>
        Math.round(workingMsBetween(ms(t.resolveStartAt), now.getTime(), cal, workingHoursOf(settings), pauses) / 60_000),
      );
      const late = t.resolveDueAt !== null && t.resolveDueAt < at;
      return { resolvedAt: at, resolvedBy: auth.userId, resolveWorkingMinutes: minutes, ...(late && !t.breachedAt ? { breachedAt: t.resolveDueAt } : {}) };
    };

    switch (body.action) {
      case 'accept': {
        Object.assign(patch, { status: next, respondedAt: at, ownerId: auth.userId });
        if (t.responseDueAt && t.responseDueAt < at && !t.responseBreachedAt) patch.responseBreachedAt = t.responseDueAt;
        event.reason = body.note ?? null;
        break;
      }
      case 'assign':
      case 'reassign': {
        const target = await assigneeFor(tx, body.assigneeId, body.orgUnitId);
        if (body.action === 'reassign' && target.user.id === t.ownerId && target.orgUnitId === t.orgUnitId) throw invalid('assigneeId', 'same_value');
        Object.assign(patch, { ownerId: target.user.id, orgUnitId: target.orgUnitId, ...(body.action === 'assign' ? { status: next } : {}) });
        event.reason = body.action === 'assign' ? (body.note ?? null) : body.reason;
        event.detail = { from: { ownerId: t.ownerId, orgUnitId: t.orgUnitId }, to: { ownerId: target.user.id, orgUnitId: target.orgUnitId } };
        if (target.user.id !== auth.userId) notices.push({ type: 'ticket.assigned', recipients: [target.user.id], data: { ...base, by: auth.displayName } });
        break;
      }
      case 'analyse': {
        const cause = await tx.selectFrom('dictionaryItem').select('value').where('dictionaryCode', '=', 'ticketCause').where('value', '=', body.cause).where('enabled', '=', 1).executeTakeFirst();
        if (!cause) throw invalid('cause', 'unknown_dictionary_value');
        Object.assign(patch, { status: next, cause: body.cause, analysis: body.analysis });
        event.detail = { cause: body.cause };
        break;
      }
      case 'propose': {
        Object.assign(patch, { status: next, proposal: body.proposal });
        if (next === 'approve') {
          const leaders = leadersFor(await holdersOf(tx, 'ticket.approve'), t.orgUnitPath);
          notices.push({ type: 'ticket.approvalRequested', recipients: leaders, data: base });
        }
        break;
      }
      case 'approve': {
        if (!body.approved && !body.comment) throw invalid('comment', 'comment_required');
        Object.assign(patch, { status: body.approved ? next : 'propose', approvalComment: body.comment ?? null });
        event.reason = body.comment ?? null;
        event.detail = { approved: body.approved };
        if (t.ownerId !== auth.userId) notices.push({ type: body.approved ? 'ticket.approved' : 'ticket.rejected', recipients: [t.ownerId], data: { ...base, by: auth.displayName } });
        break;
      }
      case 'implement': {
        if (t.kind === 'repair') {
          if (!t.feeConfirmedAt) throw invalid('fee', 'fee_not_confirmed');
          if (!body.signOffName) throw invalid('signOffName', 'sign_off_required');
          if (body.signatureAttachmentId) {
            const a = await tx.selectFrom('attachment').select('id').where('id', '=', body.signatureAttachmentId).where('ownerType', '=', 'ticket').where('ownerId', '=', id).executeTakeFirst();
            if (!a) throw invalid('signatureAttachmentId', 'unknown_attachment');
          }
          Object.assign(patch, { signOffName: body.signOffName, signOffAt: body.signOffAt ? toIso(new Date(body.signOffAt)) : at, signatureAttachmentId: body.signatureAttachmentId ?? null });
        } else if (body.signOffName || body.signOffAt || body.signatureAttachmentId) throw invalid('signOffName', 'not_for_kind');
        Object.assign(patch, { status: next, implementation: body.implementation, ...(await resolvedNow()) });
        const callers = [t.managerId, t.customerOwnerId, t.createdBy].filter((u): u is string => Boolean(u) && u !== auth.userId);
        notices.push({ type: 'ticket.callbackDue', recipients: callers, data: base });
        break;
      }
      case 'callback': {
        Object.assign(patch, { satisfaction: body.satisfaction, solved: body.solved ? 1 : 0, callbackNote: body.note ?? null, callbackAt: at });
        if (body.solved) patch.status = next;
        else Object.assign(patch, { status: 'implement', resolvedAt: null, resolvedBy: null, resolveWorkingMinutes: null });
        event.detail = { satisfaction: body.satisfaction, solved: body.solved };
        event.reason = body.note ?? null;
        if (!body.solved && t.ownerId !== auth.userId) notices.push({ type: 'ticket.callbackUnsolved', recipients: [t.ownerId], data: base });
        break;
      }
      case 'review': {
        Object.assign(patch, { status: 'closed', summary: body.summary, closedAt: at });
        notices.push({ type: 'ticket.closed', recipients: [t.createdBy, t.customerOwnerId].filter((u): u is string => Boolean(u) && u !== auth.userId), data: base });
        break;
      }
      case 'answer': {
        Object.assign(patch, { status: 'closed', answer: body.answer, closedAt: at, ...(await resolvedNow()) });
        notices.push({ type: 'ticket.closed', recipients: [t.createdBy, t.customerOwnerId].filter((u): u is string => Boolean(u) && u !== auth.userId), data: base });
        break;
      }
      case 'sendBack': {
        const prev = previousStep(t.kind, t.severity, t.status)!;
        patch.status = prev;
        // Back into the work itself: the ticket is not resolved any more.
        if (path.indexOf(prev) <= path.indexOf('implement') && t.resolvedAt) Object.assign(patch, { resolvedAt: null, resolvedBy: null, resolveWorkingMinutes: null });
        event.reason = body.reason;
        if (t.ownerId !== auth.userId) notices.push({ type: 'ticket.sentBack', recipients: [t.ownerId], data: { ...base, reason: body.reason } });
        break;
      }
      case 'wait': {
        Object.assign(patch, { waitingSince: at, waitingReason: body.waitReason });
        await tx.insertInto('ticketPause').values({ id: newId(), ticketId: id, fromAt: at, toAt: null, reason: body.waitReason }).execute();
        event.reason = body.note ?? null;
        event.detail = { waitReason: body.waitReason, pausesClock: settings.pauseReasons.includes(body.waitReason as TTicketWaitReason) };
        recompute = true;
        break;
      }
      case 'resume': {
        Object.assign(patch, { waitingSince: null, waitingReason: null });
        await tx.updateTable('ticketPause').set({ toAt: at }).where('ticketId', '=', id).where('toAt', 'is', null).execute();
        event.reason = body.note ?? null;
        recompute = true;
        break;
      }
      case 'reopen': {
        if (!reopenOpen(t, settings.reopenDays, now)) throw new AppError('invalid_state', [{ path: '', key: 'reopen_expired', params: { days: settings.reopenDays } }]);
        Object.assign(patch, {
          status: path.includes('answer') ? 'answer' : 'implement',
          closedAt: null,
          resolvedAt: null,
          resolvedBy: null,
          resolveWorkingMinutes: null,
          reopenCount: Number(t.reopenCount) + 1,
          // A fresh resolution clock for the second attempt; the first one's record stays in the history.
          resolveStartAt: at,
          warnedAt: null,
          breachedAt: null,
          escalationLevel: 0,
          escalationUnitId: null,
          nextEscalationAt: null,
        });
        event.reason = body.reason;
        recompute = true;
        if (t.ownerId !== auth.userId) notices.push({ type: 'ticket.reopened', recipients: [t.ownerId], data: { ...base, reason: body.reason } });
        break;
      }
      case 'schedule': {
        if (body.appointmentEnd <= body.appointmentStart && ms(body.appointmentEnd) <= ms(body.appointmentStart)) throw invalid('appointmentEnd', 'appointment_order');
        Object.assign(patch, { appointmentStart: toIso(new Date(body.appointmentStart)), appointmentEnd: toIso(new Date(body.appointmentEnd)), arrivedAt: null, arrivalLate: null, delayNotified: 0 });
        event.detail = { appointmentStart: patch.appointmentStart, appointmentEnd: patch.appointmentEnd };
        break;
      }
      case 'arrive': {
        const arrived = body.arrivedAt ? new Date(body.arrivedAt) : now;
        // Seed 001: no later than 10 minutes past the agreed time unless the customer was told.
        const late = arrived.getTime() > ms(t.appointmentEnd!) + 10 * 60_000;
        Object.assign(patch, { arrivedAt: toIso(arrived), arrivalLate: late && !body.delayNotified ? 1 : 0, delayNotified: body.delayNotified ? 1 : 0 });
        event.detail = { arrivedAt: patch.arrivedAt, late, delayNotified: Boolean(body.delayNotified) };
        break;
      }
      case 'confirmFee': {
        Object.assign(patch, { feeCents: Math.round(body.fee * 100), feeConfirmedAt: at });
        event.detail = { fee: body.fee };
        break;
      }
    }

    await updateVersioned(tx, 'ticket', id, body.version, patch, at);
    if (recompute) await recomputeDeadlines(tx, [id]);
    await insertTicketEvent(tx, now, auth, {
      ticketId: id,
      action: body.action,
      fromStatus: t.status,
      toStatus: (patch.status as string | undefined) ?? t.status,
      ownerId: (patch.ownerId as string | undefined) ?? t.ownerId,
      orgUnitId: (patch.orgUnitId as string | undefined) ?? t.orgUnitId,
      reason: event.reason ?? null,
      detail: event.detail ?? null,
    });
    for (const n of notices) {
      if (!n.recipients.length) continue;
      await publish(tx, now, { type: n.type, entity: { type: 'ticket', id }, recipients: n.recipients, data: n.data });
    }
    if (body.action === 'reassign' || body.action === 'reopen') {
      await recordAudit(tx, now, auth, meta, { action: body.action, entity: 'ticket', entityId: id, detail: { reason: event.reason, ...(event.detail ?? {}) } });
    }
  });
  return getTicket(ctx, auth, id, auth.locale);
};

/** Whether an org unit id names a unit in the caller's scope for a permission (stats filters). */
export const unitVisible = async (ctx: AppContext, auth: Auth, permission: 'ticket.stats' | 'ticket.read', unitId: string) => {
  const unit = await ctx.db.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
  return unit && unitInScope(auth, permission, unit) ? unit : null;
};
