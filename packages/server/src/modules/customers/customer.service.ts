import { getPrivacyPolicy } from './privacy.js';
import { sql, type SelectQueryBuilder } from 'kysely';
import { stageMoveNeedsReason, stageTransitions, type TCreateCustomerBody, type TCustomer, type TCustomerQuery, type TCustomerStage, type TUpdateCustomerBody } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { hasPermission, inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { json, newId, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Tx } from '../../db/schema.js';
import { COUNT_CAP, paginate } from '../../http/list.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { normalizeCustomer } from './customer.rules.js';
import { duplicateCheck } from './duplicateCheck.js';
import { presentCustomer, type CustomerRow } from './customer.presenter.js';
import { recordCustomerEvent } from './customer.events.js';
import { customerScope } from './customer.scope.js';
import { customerSearch } from './customer.search.js';
import { visiblePool } from '../pool/pool.access.js';
import { transaction } from '../../db/transaction.js';
import { refreshCompliance } from '../visits/compliance.js';

export const selectCustomer = (qb: SelectQueryBuilder<any, any, any>) =>
  qb
    .innerJoin('orgUnit as custUnit', 'custUnit.id', 'customer.orgUnitId')
    .leftJoin('appUser as owner', 'owner.id', 'customer.ownerId')
    .selectAll('customer')
    .select(['owner.displayName as ownerName', 'custUnit.name as orgUnitName']) as SelectQueryBuilder<any, any, CustomerRow>;

export const findCustomer = async (tx: Tx, auth: Auth, id: string, permission: 'customer.read' | 'customer.update' | 'customer.reveal' | 'customer.assign' = 'customer.read') => {
  const row = (await selectCustomer(tx.selectFrom('customer'))
    .where('customer.id', '=', id)
    .where(inScope(auth, permission, customerScope))
    .executeTakeFirst()) as CustomerRow | undefined;
  if (!row) throw new AppError('not_found');
  return row;
};

/** The detail: masked like everywhere, except the owner's phone when the masking policy says so (decision 031). */
export const getCustomer = async (ctx: AppContext, auth: Auth, id: string): Promise<TCustomer> => {
  const row = await findCustomer(ctx.db, auth, id);
  const clear = row.ownerId === auth.userId && (await getPrivacyPolicy(ctx)).ownerSeesOwnPhones ? ['phone'] : [];
  return presentCustomer(row, clear);
};

/** Who may own a customer the caller creates or assigns: themselves, or a user in their assign scope. */
const resolveOwner = async (tx: Tx, auth: Auth, ownerId: string | null | undefined) => {
  if (ownerId === undefined || ownerId === auth.userId) return { id: auth.userId, orgUnitId: auth.orgUnitId };
  if (ownerId === null) return null;
  if (!hasPermission(auth, 'customer.assign')) throw invalid('ownerId', 'unknown_user');
  const owner = await tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.orgUnitId', 'appUser.status', 'orgUnit.path'])
    .where('appUser.id', '=', ownerId)
    .executeTakeFirst();
  if (!owner || owner.status !== 'active' || !unitInScope(auth, 'customer.assign', { id: owner.orgUnitId, path: owner.path }))
    throw invalid('ownerId', 'unknown_user');
  return { id: owner.id, orgUnitId: owner.orgUnitId };
};

export const syncTags = async (tx: Tx, customerId: string, tagsJson: string) => {
  await tx.deleteFrom('customerTag').where('customerId', '=', customerId).execute();
  const tags = json<string[]>(tagsJson) ?? [];
  if (tags.length) await tx.insertInto('customerTag').values(tags.map((tag) => ({ customerId, tag }))).execute();
};

export const createCustomer = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TCreateCustomerBody): Promise<TCustomer> => {
  requirePermission(auth, 'customer.create');
  const now = ctx.clock.now();
  const id = await transaction(ctx.db, async (tx) => {
    const { kind, stage, ownerId, poolId, confirmDuplicates, ...fields } = input;
    const { values, problems } = await normalizeCustomer(tx, kind, fields, now);
    let owner: { id: string; orgUnitId: string } | null;
    let pool: { id: string; orgUnitId: string } | null = null;
    if (poolId) {
      pool = await visiblePool(tx, auth, poolId);
      if (!pool) problems.push({ path: 'poolId', key: 'unknown_pool' });
      owner = null;
    } else {
      owner = await resolveOwner(tx, auth, ownerId ?? undefined).catch((e: AppError) => {
        problems.push(...e.fields);
        return null;
      });
    }
    if (problems.length) throw new AppError('validation_failed', problems);
    await duplicateCheck(tx, auth, values, { confirm: confirmDuplicates });
    const id = newId();
    const row = {
      id,
      kind,
      ...values,
      tags: (values.tags as string | undefined) ?? '[]',
      isKey: (values.isKey as number | undefined) ?? 0,
      isLocked: (values.isLocked as number | undefined) ?? 0,
      stage: stage ?? 'prospect',
      stageChangedAt: toIso(now),
      ownerId: owner?.id ?? null,
      orgUnitId: (owner ?? pool)!.orgUnitId,
      poolId: pool?.id ?? null,
      claimedAt: owner ? toIso(now) : null,
      createdBy: auth.userId,
      version: 1,
      createdAt: toIso(now),
      updatedAt: toIso(now),
    } as any;
    await tx.insertInto('customer').values(row).execute();
    await syncTags(tx, id, row.tags);
    await refreshCompliance(tx, now, { ids: [id] });
    const { nameNorm: _a, namePinyin: _b, nameInitials: _c, sortKey: _d, phoneNorm: _e, ...visible } = row;
    const changes = created(visible);
    await recordCustomerEvent(tx, now, auth, id, 'created', { changes });
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'customer', entityId: id, changes });
    return id;
  });
  return presentCustomer(await findCustomerAny(ctx.db, id));
};

/** Reads a customer without a scope check — only for presenting what the caller just wrote. */
const findCustomerAny = async (tx: Tx, id: string) =>
  (await selectCustomer(tx.selectFrom('customer')).where('customer.id', '=', id).executeTakeFirstOrThrow()) as CustomerRow;

export const updateCustomer = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TUpdateCustomerBody): Promise<TCustomer> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await findCustomer(tx, auth, id, 'customer.update');
    const { version, confirmDuplicates, ...fields } = input;
    const { values, problems } = await normalizeCustomer(tx, before.kind, fields, now, before);
    // A credit code, once recorded, changes only through a leader's approval.
    if (before.creditCode && values.creditCode !== undefined && values.creditCode !== before.creditCode)
      problems.push({ path: 'creditCode', key: 'requires_approval' });
    if (problems.length) throw new AppError('validation_failed', problems);
    const changedKeys = Object.keys(values).filter((k) => JSON.stringify((before as any)[k] ?? null) !== JSON.stringify(values[k] ?? null));
    const dupValues = Object.fromEntries(changedKeys.map((k) => [k, values[k]]));
    await duplicateCheck(tx, auth, dupValues, { exceptId: id, confirm: confirmDuplicates });
    await updateVersioned(tx, 'customer', id, version, values, toIso(now));
    if (values.tags !== undefined) await syncTags(tx, id, values.tags as string);
    // Key flag and kind decide which contact rule applies.
    await refreshCompliance(tx, now, { ids: [id] });
    const shown = ['name', 'shortName', 'creditCode', 'idNumber', 'licenceNo', 'regionCode', 'address', 'phone', 'legalPerson', 'industry', 'ownership', 'scale', 'businessFormat', 'marketType', 'source', 'needs', 'purchaseChannel', 'salesChannel', 'remark', 'tags', 'isKey', 'isLocked', 'potentialScore'];
    const changes = diff(before as unknown as Record<string, unknown>, values, shown);
    if (Object.keys(changes).length) {
      await recordCustomerEvent(tx, now, auth, id, 'updated', { changes });
      await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'customer', entityId: id, changes });
    }
  });
  return getCustomer(ctx, auth, id);
};

/** Lifecycle transitions; anything not a step forward needs a reason. */
export const changeStage = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: { version: number; stage: TCustomerStage; reason?: string }) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await findCustomer(tx, auth, id, 'customer.update');
    if (before.stage === input.stage) throw invalid('stage', 'same_value');
    if (!stageTransitions[before.stage].includes(input.stage)) throw invalid('stage', 'invalid_transition');
    if (stageMoveNeedsReason(before.stage, input.stage) && !input.reason) throw invalid('reason', 'reason_required');
    await updateVersioned(tx, 'customer', id, input.version, { stage: input.stage, stageChangedAt: toIso(now) }, toIso(now));
    await refreshCompliance(tx, now, { ids: [id] });
    const changes = { stage: { old: before.stage, new: input.stage } };
    await recordCustomerEvent(tx, now, auth, id, 'stage', { changes, reason: input.reason ?? null });
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'customer', entityId: id, changes, detail: input.reason ? { reason: input.reason } : null });
  });
  return getCustomer(ctx, auth, id);
};

export type RevealField = 'phone' | 'idNumber' | 'address' | 'contact.mobile' | 'contact.landline' | 'contact.address';

/** Shows one sensitive value in clear; every reveal is audited and on the customer's timeline. */
export const revealValue = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, field: RevealField, contactId?: string) => {
  const customer = await findCustomer(ctx.db, auth, id, 'customer.reveal');
  let value: string | null;
  if (field.startsWith('contact.')) {
    if (!contactId) throw invalid('contactId', 'required');
    const contact = await ctx.db.selectFrom('contact').selectAll().where('id', '=', contactId).where('customerId', '=', id).executeTakeFirst();
    if (!contact) throw new AppError('not_found');
    value = contact[field.slice('contact.'.length) as 'mobile' | 'landline' | 'address'];
  } else value = customer[field as 'phone' | 'idNumber' | 'address'];
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    await recordCustomerEvent(tx, now, auth, id, 'reveal', { detail: { field, contactId: contactId ?? null } });
    await recordAudit(tx, now, auth, meta, { action: 'reveal', entity: 'customer', entityId: id, detail: { field, contactId: contactId ?? null } });
  });
  return { field, value };
};

/** The list filters of SPEC §2.1, on top of the caller's scope; shared by list and export. */
export const customerFilter = (ctx: AppContext, auth: Auth, q: TCustomerQuery, permission: 'customer.read' | 'customer.export' = 'customer.read') => {
  let base = ctx.db.selectFrom('customer').where(inScope(auth, permission, customerScope));
  if (q.q) {
    const search = customerSearch(ctx.dbKind, q.q);
    if (search) base = base.where(search);
  }
  if (q.ownerId) base = base.where('customer.ownerId', '=', q.ownerId);
  if (q.orgUnitId)
    base = base.where('customer.orgUnitId', 'in', (eb: any) =>
      eb
        .selectFrom('orgUnit as sub')
        .innerJoin('orgUnit as top', (join: any) => join.on(sql`sub.path like top.path || '%'`))
        .select('sub.id')
        .where('top.id', '=', q.orgUnitId),
    );
  if (q.stage?.length) base = base.where('customer.stage', 'in', q.stage);
  if (q.grade?.length) base = base.where(sql`coalesce(customer.grade_override, customer.grade)`, 'in', q.grade);
  if (q.kind?.length) base = base.where('customer.kind', 'in', q.kind);
  if (q.businessFormat?.length) base = base.where('customer.businessFormat', 'in', q.businessFormat);
  if (q.marketType?.length) base = base.where('customer.marketType', 'in', q.marketType);
  if (q.regionCode) {
    const col = q.regionCode.length === 2 ? 'customer.provinceCode' : q.regionCode.length === 4 ? 'customer.cityCode' : 'customer.regionCode';
    base = base.where(col as any, '=', q.regionCode);
  }
  if (q.isKey) base = base.where('customer.isKey', '=', q.isKey === 'true' ? 1 : 0);
  if (q.tag?.length)
    base = base.where((eb) => eb.exists(eb.selectFrom('customerTag').select('customerTag.customerId').whereRef('customerTag.customerId', '=', 'customer.id').where('customerTag.tag', 'in', q.tag!)));
  if (q.lastContactBefore)
    base = base.where((eb) => eb.or([eb('customer.lastContactAt', '<', new Date(q.lastContactBefore!).toISOString()), eb('customer.lastContactAt', 'is', null)]));
  if (q.lastContactAfter) base = base.where('customer.lastContactAt', '>=', new Date(q.lastContactAfter).toISOString());
  if (q.pool === 'true') base = base.where('customer.ownerId', 'is', null);
  if (q.pool === 'false') base = base.where('customer.ownerId', 'is not', null);
  if (q.poolId) base = base.where('customer.poolId', '=', q.poolId);
  if (q.reclaimWarned) base = base.where('customer.reclaimWarnedAt', 'is not', null).where('customer.ownerId', 'is not', null);
  if (q.overdue) {
    const now = toIso(ctx.clock.now());
    if (q.overdue === 'onsite') base = base.where('customer.onsiteDueAt', '<=', now);
    else if (q.overdue === 'phone') base = base.where('customer.phoneDueAt', '<=', now);
    else base = base.where((eb) => eb.or([eb('customer.onsiteDueAt', '<=', now), eb('customer.phoneDueAt', '<=', now)]));
  }
  if (q.dueBefore) {
    const before = new Date(q.dueBefore).toISOString();
    base = base.where((eb) => eb.or([eb('customer.onsiteDueAt', '<', before), eb('customer.phoneDueAt', '<', before)]));
  }
  return base;
};

export const customerSortable = {
  name: 'customer.sortKey',
  createdAt: 'customer.createdAt',
  updatedAt: 'customer.updatedAt',
  lastContactAt: 'customer.lastContactAt',
  onsiteDueAt: 'customer.onsiteDueAt',
  phoneDueAt: 'customer.phoneDueAt',
  stage: 'customer.stage',
  grade: 'customer.grade',
};

export const listCustomers = async (ctx: AppContext, auth: Auth, q: TCustomerQuery) => {
  const page = await paginate<CustomerRow>({
    query: q,
    base: customerFilter(ctx, auth, q),
    select: selectCustomer,
    sortable: customerSortable,
    defaultSort: 'name',
    idColumn: 'customer.id',
    countCap: { rows: COUNT_CAP, db: ctx.db },
  });
  return { ...page, data: page.data.map((r) => presentCustomer(r)) };
};

export const customerHistory = async (ctx: AppContext, auth: Auth, id: string, q: { page?: number; perPage?: number; kind?: string }) => {
  await findCustomer(ctx.db, auth, id);
  let base = ctx.db.selectFrom('customerEvent').where('customerEvent.customerId', '=', id);
  if (q.kind) base = base.where('customerEvent.kind', '=', q.kind);
  const page = await paginate<any>({ query: q, base, select: (qb) => qb.selectAll('customerEvent'), sortable: { at: 'customerEvent.at' }, defaultSort: '-at', idColumn: 'customerEvent.id' });
  return {
    ...page,
    data: page.data.map((e) => ({ id: e.id, at: e.at, actorId: e.actorId, actorName: e.actorName, kind: e.kind, changes: json<Record<string, { old: unknown; new: unknown }>>(e.changes), reason: e.reason, detail: json<Record<string, unknown>>(e.detail) })),
  };
};
