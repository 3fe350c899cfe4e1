import { creditCodeProblem, normalizeCode } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { newId, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Tx } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { recordCustomerEvent } from '../customers/customer.events.js';
import { customerScope } from '../customers/customer.scope.js';
import { findCustomer } from '../customers/customer.service.js';
import { duplicateCheck } from '../customers/duplicateCheck.js';
import { getGradingRules } from '../grading/grading.service.js';
import { transaction } from '../../db/transaction.js';
import { refreshCompliance } from '../visits/compliance.js';
import { publish } from '../notifications/publish.js';

type Field = 'ownerId' | 'grade' | 'creditCode';

const currentValue = (c: { ownerId: string | null; gradeOverride: string | null; grade: string | null; creditCode: string | null }, field: Field) =>
  field === 'ownerId' ? c.ownerId : field === 'grade' ? (c.gradeOverride ?? c.grade) : c.creditCode;

/** Checks a proposed value; returns it in stored form. */
const checkValue = async (tx: Tx, auth: Auth, field: Field, value: string | null, customerId: string) => {
  if (field === 'creditCode') {
    if (!value) return null;
    const code = normalizeCode(value);
    const problem = creditCodeProblem(code);
    if (problem) throw invalid('value', { length: 'credit_code_length', charset: 'credit_code_charset', checkDigit: 'credit_code_check_digit' }[problem]);
    await duplicateCheck(tx, auth, { creditCode: code }, { exceptId: customerId });
    return code;
  }
  if (field === 'grade') {
    if (value === null) return null;
    const rules = await getGradingRules(tx);
    if (!rules.grades.includes(value)) throw invalid('value', 'invalid_value', { values: rules.grades.join(' / ') });
    return value;
  }
  if (!value) throw invalid('value', 'required');
  const owner = await tx.selectFrom('appUser').select(['id', 'status']).where('id', '=', value).executeTakeFirst();
  if (!owner || owner.status !== 'active') throw invalid('value', 'unknown_user');
  return value;
};

/**
 * Owner, grade override and a recorded credit code change only through a leader's approval:
 * anyone who may edit the customer asks; a leader over the customer decides.
 */
export const requestChange = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, input: { field: Field; value: string | null; reason: string }) => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const c = await findCustomer(tx, auth, customerId, 'customer.update');
    const value = await checkValue(tx, auth, input.field, input.value, customerId);
    const old = currentValue(c, input.field);
    if (value === old) throw invalid('value', 'same_value');
    const pending = await tx.selectFrom('changeRequest').select('id').where('customerId', '=', customerId).where('field', '=', input.field).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw new AppError('conflict', [{ path: 'field', key: 'already_pending' }]);
    const row = {
      id: newId(),
      customerId,
      field: input.field,
      oldValue: old,
      newValue: value,
      reason: input.reason,
      status: 'pending' as const,
      requestedBy: auth.userId,
      requestedAt: toIso(now),
      decidedBy: null,
      decidedAt: null,
      comment: null,
      version: 1,
      createdAt: toIso(now),
      updatedAt: toIso(now),
    };
    await tx.insertInto('changeRequest').values(row).execute();
    await recordCustomerEvent(tx, now, auth, customerId, 'change_requested', { reason: input.reason, detail: { requestId: row.id, field: input.field } });
    await recordAudit(tx, now, auth, meta, { action: 'request_change', entity: 'customer', entityId: customerId, detail: { field: input.field, requestId: row.id } });
    return row.id;
  });
};

const selectRequests = (tx: Tx) =>
  tx
    .selectFrom('changeRequest')
    .innerJoin('customer', 'customer.id', 'changeRequest.customerId')
    .leftJoin('appUser as requester', 'requester.id', 'changeRequest.requestedBy')
    .select([
      'changeRequest.id',
      'changeRequest.customerId',
      'customer.name as customerName',
      'changeRequest.field',
      'changeRequest.oldValue',
      'changeRequest.newValue',
      'changeRequest.reason',
      'changeRequest.status',
      'changeRequest.requestedBy',
      'requester.displayName as requestedByName',
      'changeRequest.requestedAt',
      'changeRequest.decidedBy',
      'changeRequest.decidedAt',
      'changeRequest.comment',
      'changeRequest.version',
    ]);

/** Requests the caller may see: their own, and those on customers they approve for. */
export const listChangeRequests = async (ctx: AppContext, auth: Auth, status?: 'pending' | 'approved' | 'rejected' | 'withdrawn') => {
  let q = selectRequests(ctx.db).where((eb) =>
    auth.grants.has('customer.approve')
      ? eb.or([eb('changeRequest.requestedBy', '=', auth.userId), inScope(auth, 'customer.approve', customerScope)(eb as any)])
      : eb('changeRequest.requestedBy', '=', auth.userId),
  );
  if (status) q = q.where('changeRequest.status', '=', status);
  return q.orderBy('changeRequest.requestedAt', 'desc').limit(500).execute();
};

export const getChangeRequest = async (ctx: AppContext, auth: Auth, id: string) => {
  const rows = await listChangeRequests(ctx, auth);
  const found = rows.find((r) => r.id === id) ?? (await selectRequests(ctx.db).where('changeRequest.id', '=', id).where('changeRequest.requestedBy', '=', auth.userId).executeTakeFirst());
  if (!found) throw new AppError('not_found');
  return found;
};

export const decideChangeRequest = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: { approve: boolean; comment?: string }) => {
  requirePermission(auth, 'customer.approve');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const req = await tx.selectFrom('changeRequest').selectAll().where('id', '=', id).executeTakeFirst();
    if (!req) throw new AppError('not_found');
    const c = await tx.selectFrom('customer').selectAll().where('id', '=', req.customerId).where(inScope(auth, 'customer.approve', customerScope)).executeTakeFirst();
    if (!c) throw new AppError('not_found');
    if (req.status !== 'pending') throw new AppError('invalid_state', [{ path: '', key: 'already_decided' }]);
    const updated = await tx
      .updateTable('changeRequest')
      .set({ status: input.approve ? 'approved' : 'rejected', decidedBy: auth.userId, decidedAt: toIso(now), comment: input.comment ?? null, updatedAt: toIso(now), version: req.version + 1 })
      .where('id', '=', id)
      .where('version', '=', req.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('version_conflict');
    if (input.approve) {
      // The value is checked again: the world may have moved since the request.
      const value = await checkValue(tx, auth, req.field, req.newValue, c.id);
      let patch: Record<string, unknown>;
      if (req.field === 'ownerId') {
        const owner = await tx.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.path']).where('appUser.id', '=', value!).executeTakeFirstOrThrow();
        if (!unitInScope(auth, 'customer.approve', { id: owner.orgUnitId, path: owner.path })) throw invalid('value', 'unknown_user');
        patch = { ownerId: owner.id, orgUnitId: owner.orgUnitId, poolId: null, claimedAt: toIso(now) };
      } else if (req.field === 'grade') patch = { gradeOverride: value };
      else patch = { creditCode: value };
      await updateVersioned(tx, 'customer', c.id, c.version, patch, toIso(now));
      await refreshCompliance(tx, now, { ids: [c.id] });
      const changes = { [req.field]: { old: req.oldValue, new: value } };
      await recordCustomerEvent(tx, now, auth, c.id, 'change_approved', { changes, reason: input.comment ?? null, detail: { requestId: id } });
      await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'customer', entityId: c.id, changes, detail: { requestId: id } });
    } else {
      await recordCustomerEvent(tx, now, auth, c.id, 'change_rejected', { reason: input.comment ?? null, detail: { requestId: id, field: req.field } });
      await recordAudit(tx, now, auth, meta, { action: 'reject_change', entity: 'customer', entityId: c.id, detail: { requestId: id } });
    }
    // The requester hears the outcome, in the transaction of the decision (the outbox).
    if (req.requestedBy !== auth.userId)
      await publish(tx, now, {
        type: 'changeRequest.decided',
        entity: { type: 'changeRequest', id },
        recipients: [req.requestedBy],
        data: { customerName: c.name, field: req.field, approved: input.approve, comment: input.comment ?? null, decidedBy: auth.displayName ?? '' },
        dedupeKey: `changeRequest.decided:${id}`,
      });
  });
  return getChangeRequest(ctx, auth, id);
};

/** The requester takes back a request still waiting for a decision; the leader no longer sees it as pending. */
export const withdrawChangeRequest = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, version: number) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    // Someone else's request is not found, whatever their scope: only the requester withdraws.
    const req = await tx.selectFrom('changeRequest').selectAll().where('id', '=', id).where('requestedBy', '=', auth.userId).executeTakeFirst();
    if (!req) throw new AppError('not_found');
    if (req.status !== 'pending') throw new AppError('invalid_state', [{ path: '', key: 'already_decided' }]);
    const updated = await tx
      .updateTable('changeRequest')
      .set({ status: 'withdrawn', decidedBy: auth.userId, decidedAt: toIso(now), updatedAt: toIso(now), version: req.version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('version_conflict');
    await recordCustomerEvent(tx, now, auth, req.customerId, 'change_withdrawn', { detail: { requestId: id, field: req.field } });
    await recordAudit(tx, now, auth, meta, { action: 'withdraw_change', entity: 'customer', entityId: req.customerId, detail: { requestId: id, field: req.field } });
  });
  const row = await selectRequests(ctx.db).where('changeRequest.id', '=', id).executeTakeFirstOrThrow();
  return row;
};
