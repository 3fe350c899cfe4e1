import { sql } from 'kysely';
import {
  MAX_VISIT_PHOTOS,
  ORG_TIMEZONE,
  atLocal,
  localDate,
  type TCreateVisitBody,
  type TUpdateVisitBody,
  type TVisit,
  type TVisitQuery,
  type TVisitStatus,
} from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { hasPermission, requirePermission, unitInScope } from '../../access/access.js';
import { AppError, invalid, type FieldProblem } from '../../errors.js';
import { likeEscape, newId, num, toIso } from '../../db/dialect.js';
import type { Row, Tx } from '../../db/schema.js';
import { lockRow, transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { COUNT_CAP, paginate } from '../../http/list.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { recordCustomerEvent } from '../customers/customer.events.js';
import { findCustomer } from '../customers/customer.service.js';
import { attachments } from '../../storage/attachments.js';
import { prepareImage } from '../../storage/images.js';
import { loadContactSettings, refreshCompliance } from './compliance.js';
import { presentVisits, selectVisit, VISIT_PHOTO, type VisitRow } from './visit.presenter.js';
import { canJoin, judgeCheckIn } from './visit.rules.js';
import { visibleVisits, type VisitScopeForm } from './visit.scope.js';

/** A done visit may be logged a few minutes "ahead": phones' clocks drift. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The next visit a done visit plans, when its next date is given, starts at this local time. */
const NEXT_VISIT_TIME = '09:00';

/** Moves a visit's status may make; anything else is 409 `invalid_state`. */
const transitions: Record<TVisitStatus, readonly TVisitStatus[]> = {
  planned: ['planned', 'done', 'missed', 'cancelled'],
  done: ['done'],
  missed: ['missed', 'done', 'planned'],
  cancelled: ['cancelled', 'planned'],
};

export const findVisit = async (tx: Tx, auth: Auth, id: string, permission: 'visit.read' | 'visit.update' = 'visit.read'): Promise<VisitRow> => {
  requirePermission(auth, permission);
  const row = (await selectVisit(tx.selectFrom('visit')).where('visit.id', '=', id).where(visibleVisits(auth, permission)).executeTakeFirst()) as VisitRow | undefined;
  if (!row) throw new AppError('not_found');
  return row;
};

const present = async (tx: Tx, id: string): Promise<TVisit> => {
  const row = (await selectVisit(tx.selectFrom('visit')).where('visit.id', '=', id).executeTakeFirstOrThrow()) as VisitRow;
  return (await presentVisits(tx, [row]))[0]!;
};

export const getVisit = async (ctx: AppContext, auth: Auth, id: string): Promise<TVisit> => {
  const row = await findVisit(ctx.db, auth, id);
  return (await presentVisits(ctx.db, [row]))[0]!;
};

/** The manager a visit is for: the caller, or (for leaders) an active user in their visit.create scope. */
const resolveManager = async (tx: Tx, auth: Auth, managerId: string | undefined) => {
  const id = managerId ?? auth.userId;
  const user = await tx
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.displayName', 'appUser.orgUnitId', 'appUser.status', 'orgUnit.path'])
    .where('appUser.id', '=', id)
    .executeTakeFirst();
  if (!user || user.status !== 'active') throw invalid('managerId', 'unknown_user');
  if (id !== auth.userId) {
    const scope = requirePermission(auth, 'visit.create');
    if (scope === 'self' || !unitInScope(auth, 'visit.create', { id: user.orgUnitId, path: user.path })) throw invalid('managerId', 'unknown_user');
  }
  return user;
};

type Checked = {
  contactIds?: string[];
  participantIds?: string[];
};

/** Checks what the visit names against the database; each problem names its field. */
const checkReferences = async (
  tx: Tx,
  problems: FieldProblem[],
  input: { purpose?: string; contactIds?: string[]; participantIds?: string[] },
  customerId: string,
  manager: { id: string; path: string },
): Promise<Checked> => {
  const out: Checked = {};
  if (input.purpose !== undefined) {
    const known = await tx
      .selectFrom('dictionaryItem')
      .select('value')
      .where('dictionaryCode', '=', 'visitPurpose')
      .where('value', '=', input.purpose)
      .where('enabled', '=', 1)
      .executeTakeFirst();
    if (!known) problems.push({ path: 'purpose', key: 'unknown_dictionary_value' });
  }
  if (input.contactIds !== undefined) {
    const ids = [...new Set(input.contactIds)];
    if (ids.length) {
      const found = await tx.selectFrom('contact').select('id').where('customerId', '=', customerId).where('id', 'in', ids).execute();
      if (found.length !== ids.length) problems.push({ path: 'contactIds', key: 'unknown_contact' });
    }
    out.contactIds = ids;
  }
  if (input.participantIds !== undefined) {
    const ids = [...new Set(input.participantIds)].filter((id) => id !== manager.id);
    if (ids.length) {
      const found = await tx
        .selectFrom('appUser')
        .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
        .select(['appUser.id', 'appUser.status', 'orgUnit.path'])
        .where('appUser.id', 'in', ids)
        .execute();
      const ok = found.filter((u) => u.status === 'active' && canJoin(manager.path, u.path));
      if (ok.length !== ids.length) problems.push({ path: 'participantIds', key: 'unknown_participant' });
    }
    out.participantIds = ids;
  }
  return out;
};

const checkTimes = (problems: FieldProblem[], now: Date, v: { status: TVisitStatus; startAt: string; endAt: string | null; nextDate: string | null }) => {
  if (v.status === 'done' && Date.parse(v.startAt) > now.getTime() + FUTURE_TOLERANCE_MS) problems.push({ path: 'startAt', key: 'done_in_future' });
  if (v.endAt && Date.parse(v.endAt) < Date.parse(v.startAt)) problems.push({ path: 'endAt', key: 'end_before_start' });
  if (v.nextDate && v.nextDate <= localDate(v.startAt, ORG_TIMEZONE)) problems.push({ path: 'nextDate', key: 'next_date_past' });
};

const setLinks = async (tx: Tx, visitId: string, checked: Checked) => {
  if (checked.contactIds) {
    await tx.deleteFrom('visitContact').where('visitId', '=', visitId).execute();
    if (checked.contactIds.length) await tx.insertInto('visitContact').values(checked.contactIds.map((contactId) => ({ visitId, contactId }))).execute();
  }
  if (checked.participantIds) {
    await tx.deleteFrom('visitParticipant').where('visitId', '=', visitId).execute();
    if (checked.participantIds.length) await tx.insertInto('visitParticipant').values(checked.participantIds.map((userId) => ({ visitId, userId }))).execute();
  }
};

/** Evaluates an on-site check-in, and lets the first accurate one set the customer's place. */
const applyCheckIn = async (tx: Tx, customerId: string, checkIn: NonNullable<TCreateVisitBody['checkIn']>, now: Date) => {
  const settings = await loadContactSettings(tx);
  const place = await tx.selectFrom('customer').select(['geoLat', 'geoLng']).where('id', '=', customerId).executeTakeFirstOrThrow();
  const known = place.geoLat != null && place.geoLng != null ? { lat: num(place.geoLat), lng: num(place.geoLng) } : null;
  const verdict = judgeCheckIn(checkIn, known, { maxDistanceM: settings.checkInMaxDistanceM, maxAccuracyM: settings.checkInMaxAccuracyM });
  if (verdict.setsCustomerPlace)
    await tx
      .updateTable('customer')
      .set({ geoLat: checkIn.lat, geoLng: checkIn.lng, geoAccuracy: checkIn.accuracy, geoSetAt: toIso(now) })
      .where('id', '=', customerId)
      .where('geoLat', 'is', null)
      .execute();
  return {
    checkInLat: checkIn.lat,
    checkInLng: checkIn.lng,
    checkInAccuracy: checkIn.accuracy,
    checkInAt: checkIn.at ? new Date(checkIn.at).toISOString() : toIso(now),
    checkInDistance: verdict.distance,
    checkInFlag: verdict.flag,
  };
};

/**
 * After a done visit changed: last contacts and due times recomputed from the visits, and a
 * reclaim warning older than the newest contact cleared — all in the visit's transaction.
 */
const afterContactChange = async (tx: Tx, customerId: string, now: Date) => {
  await refreshCompliance(tx, now, { ids: [customerId] }, { recount: true });
  await tx
    .updateTable('customer')
    .set({ reclaimWarnedAt: null })
    .where('id', '=', customerId)
    .where('reclaimWarnedAt', 'is not', null)
    .where((eb) => eb('reclaimWarnedAt', '<=', eb.ref('lastContactAt')))
    .execute();
};

/** A done visit with a next date plans the next one: same customer and manager, 09:00 that day. */
const planNext = async (tx: Tx, auth: Auth, now: Date, v: Row<'visit'>): Promise<string | null> => {
  if (v.status !== 'done' || !v.nextDate || v.nextVisitId) return v.nextVisitId;
  const followUp = await tx.selectFrom('dictionaryItem').select('value').where('dictionaryCode', '=', 'visitPurpose').where('value', '=', 'followUp').where('enabled', '=', 1).executeTakeFirst();
  const id = newId();
  const stamp = toIso(now);
  await tx
    .insertInto('visit')
    .values({
      ...emptyVisit,
      id,
      customerId: v.customerId,
      managerId: v.managerId,
      orgUnitId: v.orgUnitId,
      status: 'planned',
      method: (v.nextMethod as Row<'visit'>['method']) ?? v.method,
      purpose: followUp?.value ?? v.purpose,
      startAt: atLocal(v.nextDate, NEXT_VISIT_TIME),
      note: v.nextStep,
      createdBy: auth.userId,
      createdAt: stamp,
      updatedAt: stamp,
    })
    .execute();
  await tx.updateTable('visit').set({ nextVisitId: id }).where('id', '=', v.id).execute();
  await recordCustomerEvent(tx, now, auth, v.customerId, 'visit_planned', { detail: { visitId: id, method: v.nextMethod ?? v.method, startAt: atLocal(v.nextDate, NEXT_VISIT_TIME), from: v.id } });
  return id;
};

const emptyVisit = {
  endAt: null,
  learned: null,
  needs: null,
  products: null,
  outcome: null,
  nextStep: null,
  nextDate: null,
  nextMethod: null,
  nextVisitId: null,
  note: null,
  reason: null,
  checkInLat: null,
  checkInLng: null,
  checkInAccuracy: null,
  checkInAt: null,
  checkInDistance: null,
  checkInFlag: null,
  planId: null,
  doneAt: null,
  version: 1,
} as const;

const timelineDetail = (v: Pick<Row<'visit'>, 'id' | 'status' | 'method' | 'purpose' | 'startAt'>) => ({ visitId: v.id, status: v.status, method: v.method, purpose: v.purpose, startAt: v.startAt });

const audited = ['status', 'method', 'purpose', 'startAt', 'endAt', 'learned', 'needs', 'products', 'outcome', 'nextStep', 'nextDate', 'nextMethod', 'note', 'reason', 'managerId'] as const;

export const createVisit = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: TCreateVisitBody): Promise<TVisit> => {
  requirePermission(auth, 'visit.create');
  if (input.plannedVisitId) return completePlanned(ctx, auth, meta, input.plannedVisitId, input);
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const customer = await findCustomer(tx, auth, input.customerId, 'customer.read');
    const problems: FieldProblem[] = [];
    const manager = await resolveManager(tx, auth, input.managerId).catch((e: AppError) => {
      problems.push(...e.fields);
      return null;
    });
    const startAt = new Date(input.startAt).toISOString();
    const endAt = input.endAt ? new Date(input.endAt).toISOString() : null;
    checkTimes(problems, now, { status: input.status, startAt, endAt, nextDate: input.nextDate ?? null });
    if (input.checkIn && (input.method !== 'onsite' || input.status !== 'done')) problems.push({ path: 'checkIn', key: 'check_in_onsite_only' });
    const checked = manager ? await checkReferences(tx, problems, input, customer.id, manager) : {};
    if (problems.length || !manager) throw new AppError('validation_failed', problems);

    const id = newId();
    const stamp = toIso(now);
    const row: Row<'visit'> = {
      ...emptyVisit,
      id,
      customerId: customer.id,
      managerId: manager.id,
      orgUnitId: manager.orgUnitId,
      status: input.status,
      method: input.method,
      purpose: input.purpose,
      startAt,
      endAt,
      learned: input.learned ?? null,
      needs: input.needs ?? null,
      products: input.products ?? null,
      outcome: input.outcome ?? null,
      nextStep: input.nextStep ?? null,
      nextDate: input.nextDate ?? null,
      nextMethod: input.nextMethod ?? null,
      note: input.note ?? null,
      planId: input.planId ?? null,
      doneAt: input.status === 'done' ? stamp : null,
      createdBy: auth.userId,
      createdAt: stamp,
      updatedAt: stamp,
    };
    // Visits of one customer are written one at a time (its last-contact columns follow them).
    await lockRow(tx, 'customer', customer.id);
    if (input.checkIn) Object.assign(row, await applyCheckIn(tx, customer.id, input.checkIn, now));
    await tx.insertInto('visit').values(row).execute();
    await setLinks(tx, id, checked);
    row.nextVisitId = await planNext(tx, auth, now, row);
    if (row.status === 'done') await afterContactChange(tx, customer.id, now);
    await recordCustomerEvent(tx, now, auth, customer.id, row.status === 'done' ? 'visit_done' : 'visit_planned', { detail: timelineDetail(row) });
    await recordAudit(tx, now, auth, meta, {
      action: 'create',
      entity: 'visit',
      entityId: id,
      changes: created(Object.fromEntries(audited.map((k) => [k, row[k]]))),
      detail: { customerId: customer.id },
    });
    return present(tx, id);
  });
};

/** The field log's "done" on a planned visit: the planned record becomes the visit record. */
const completePlanned = async (ctx: AppContext, auth: Auth, meta: RequestMeta, plannedId: string, input: TCreateVisitBody): Promise<TVisit> =>
  transaction(ctx.db, async (tx) => {
    const planned = await findVisit(tx, auth, plannedId, 'visit.update');
    if (planned.customerId !== input.customerId) throw invalid('plannedVisitId', 'unknown_visit');
    if (input.status !== 'done' || !['planned', 'missed'].includes(planned.status)) throw new AppError('invalid_state', [{ path: 'plannedVisitId', key: 'not_editable' }]);
    const { customerId: _c, plannedVisitId: _p, managerId: _m, planId: _plan, status, ...fields } = input;
    return updateVisit(ctx, auth, meta, plannedId, { ...fields, status, version: num(planned.version) });
  });

export const updateVisit = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TUpdateVisitBody): Promise<TVisit> => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const before = await findVisit(tx, auth, id, 'visit.update');
    await lockRow(tx, 'customer', before.customerId);
    const status = input.status ?? before.status;
    if (!transitions[before.status].includes(status)) throw new AppError('invalid_state', [{ path: 'status', key: 'not_editable' }]);
    const problems: FieldProblem[] = [];
    const startAt = input.startAt ? new Date(input.startAt).toISOString() : before.startAt;
    const endAt = input.endAt === undefined ? before.endAt : input.endAt ? new Date(input.endAt).toISOString() : null;
    const nextDate = input.nextDate === undefined ? before.nextDate : input.nextDate;
    // Only what changes is judged again: an old visit's unchanged next date stays valid.
    checkTimes(problems, now, { status, startAt, endAt, nextDate: input.nextDate === undefined ? null : nextDate });
    const method = input.method ?? before.method;
    if (input.checkIn && (method !== 'onsite' || status !== 'done')) problems.push({ path: 'checkIn', key: 'check_in_onsite_only' });
    const manager = await tx.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'orgUnit.path']).where('appUser.id', '=', before.managerId).executeTakeFirstOrThrow();
    const checked = await checkReferences(tx, problems, input, before.customerId, manager);
    if (problems.length) throw new AppError('validation_failed', problems);

    const patch: Partial<Row<'visit'>> = { status, method, startAt, endAt, nextDate };
    for (const k of ['purpose', 'learned', 'needs', 'products', 'outcome', 'nextStep', 'nextMethod', 'note', 'reason'] as const)
      if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
    if (status === 'done' && before.status !== 'done') patch.doneAt = toIso(now);
    if (status !== 'done') patch.doneAt = null;
    if (input.checkIn) Object.assign(patch, await applyCheckIn(tx, before.customerId, input.checkIn, now));
    if (input.checkIn === null) Object.assign(patch, { checkInLat: null, checkInLng: null, checkInAccuracy: null, checkInAt: null, checkInDistance: null, checkInFlag: null });
    await updateVersioned(tx, 'visit', id, input.version, patch, toIso(now));
    await setLinks(tx, id, checked);
    const after = await tx.selectFrom('visit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await planNext(tx, auth, now, after);
    const touchesContact = before.status === 'done' || status === 'done';
    if (touchesContact) await afterContactChange(tx, before.customerId, now);
    const changes = diff(before as unknown as Record<string, unknown>, patch as Record<string, unknown>, [...audited]);
    if (Object.keys(changes).length || checked.contactIds || checked.participantIds) {
      const kind = before.status !== status ? `visit_${status}` : 'visit_updated';
      await recordCustomerEvent(tx, now, auth, before.customerId, kind, { changes, reason: input.reason ?? null, detail: timelineDetail(after) });
      await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'visit', entityId: id, changes, detail: { customerId: before.customerId } });
    }
    return present(tx, id);
  });
};

export const deleteVisit = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, version: number): Promise<void> => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const before = await findVisit(tx, auth, id, 'visit.update');
    await lockRow(tx, 'customer', before.customerId);
    if (num(before.version) !== version) throw new AppError('version_conflict');
    await attachments.remove(tx, VISIT_PHOTO, id);
    // A planned visit made from this one's next step stays; it just loses its origin.
    await tx.updateTable('visit').set({ nextVisitId: null }).where('nextVisitId', '=', id).execute();
    await tx.deleteFrom('visit').where('id', '=', id).execute();
    if (before.status === 'done') await afterContactChange(tx, before.customerId, now);
    await recordCustomerEvent(tx, now, auth, before.customerId, 'visit_deleted', { detail: timelineDetail(before) });
    await recordAudit(tx, now, auth, meta, {
      action: 'delete',
      entity: 'visit',
      entityId: id,
      changes: created(Object.fromEntries(audited.map((k) => [k, before[k]]))),
      detail: { customerId: before.customerId },
    });
  });
};

/** The filters of the visit list, on top of the caller's scope; shared by list, export and forms. */
export const visitFilter = (
  ctx: AppContext,
  auth: Auth,
  q: Omit<TVisitQuery, 'page' | 'perPage' | 'sort' | 'cursor'>,
  permission: 'visit.read' | 'visit.export' = 'visit.read',
  form: VisitScopeForm = 'union',
) => {
  requirePermission(auth, permission);
  let base = ctx.db.selectFrom('visit').innerJoin('customer', 'customer.id', 'visit.customerId').where(visibleVisits(auth, permission, form));
  if (q.customerId) base = base.where('visit.customerId', '=', q.customerId);
  if (q.managerId) base = base.where('visit.managerId', '=', q.managerId);
  if (q.orgUnitId)
    base = base.where('visit.orgUnitId', 'in', (eb: any) =>
      eb
        .selectFrom('orgUnit as sub')
        .innerJoin('orgUnit as top', (join: any) => join.on(sql`sub.path like top.path || '%'`))
        .select('sub.id')
        .where('top.id', '=', q.orgUnitId),
    );
  if (q.from) base = base.where('visit.startAt', '>=', new Date(q.from).toISOString());
  if (q.to) base = base.where('visit.startAt', '<', new Date(q.to).toISOString());
  if (q.status?.length) base = base.where('visit.status', 'in', q.status);
  if (q.method?.length) base = base.where('visit.method', 'in', q.method);
  if (q.purpose?.length) base = base.where('visit.purpose', 'in', q.purpose);
  if (q.flagged) base = base.where('visit.checkInFlag', 'is not', null);
  if (q.q) {
    const like = `%${likeEscape(q.q.trim())}%`;
    base = base.where((eb) => eb.or([eb(sql`customer.name`, 'like', sql`${like} escape '\\'`), eb(sql`visit.outcome`, 'like', sql`${like} escape '\\'`)]));
  }
  return base;
};

export const visitSortable = { startAt: 'visit.startAt', createdAt: 'visit.createdAt', status: 'visit.status' };

/**
 * A wide scope (a leader's unit tree holding more than COUNT_CAP visits of the filter, made in it)
 * is listed by walking the feed's order index with the row-wise form of the scope, and its count
 * is known to be over the cap without counting; a narrow one gathers its visits through the
 * scope's indexes (decision 076). The probe reads at most COUNT_CAP + 1 entries of visit_unit_idx.
 */
const wideScope = async (ctx: AppContext, auth: Auth, q: TVisitQuery): Promise<boolean> => {
  const scope = requirePermission(auth, 'visit.read');
  if (scope !== 'unitTree' && scope !== 'unit') return false;
  if (q.sort && q.sort !== '-startAt' && q.sort !== 'startAt') return false;
  const row = await ctx.db
    .selectFrom(visitFilter(ctx, auth, q, 'visit.read', 'own').select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('probe'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) > COUNT_CAP;
};

export const listVisits = async (ctx: AppContext, auth: Auth, q: TVisitQuery) => {
  const wide = await wideScope(ctx, auth, q);
  const page = await paginate<VisitRow>({
    query: q,
    base: visitFilter(ctx, auth, q, 'visit.read', wide ? 'walk' : 'union'),
    // The visits made in the scope alone are over the cap, so the visible ones are too.
    ...(wide ? { knownCount: { count: COUNT_CAP, capped: true } } : {}),
    select: (qb) =>
      qb
        .innerJoin('appUser as manager', 'manager.id', 'visit.managerId')
        .selectAll('visit')
        .select(['customer.name as customerName', 'manager.displayName as managerName']) as any,
    sortable: visitSortable,
    defaultSort: '-startAt',
    idColumn: 'visit.id',
    // A leader's year holds 100,000 visits; counting them all on every page is not worth it (decision 071).
    countCap: { rows: COUNT_CAP, db: ctx.db },
  });
  return { ...page, data: await presentVisits(ctx.db, page.data) };
};

// ---------------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------------

export const addVisitPhoto = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, file: { fileName: string; data: Buffer }) => {
  // Decoding happens before the transaction: the database waits for no image work.
  const visit = await findVisit(ctx.db, auth, id, 'visit.update');
  const image = await prepareImage(file.data, { field: 'file' });
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    await findVisit(tx, auth, id, 'visit.update');
    // Count and insert under the visit's lock, so nine parallel uploads cannot become ten.
    await lockRow(tx, 'visit', id);
    if ((await attachments.count(tx, VISIT_PHOTO, id)) >= MAX_VISIT_PHOTOS)
      throw new AppError('limit_reached', [{ path: 'file', key: 'too_many_files', params: { max: MAX_VISIT_PHOTOS } }]);
    const ext = image.mime === 'image/jpeg' ? 'jpg' : image.mime === 'image/png' ? 'png' : 'webp';
    const name = file.fileName.replace(/\.[^.]*$/, '') || 'photo';
    const saved = await attachments.put(tx, { ownerType: VISIT_PHOTO, ownerId: id, fileName: `${name}.${ext}`, mime: image.mime, data: image.data, width: image.width, height: image.height, createdBy: auth.userId }, now);
    await recordAudit(tx, now, auth, meta, { action: 'attach', entity: 'visit', entityId: id, detail: { customerId: visit.customerId, photoId: saved.id, size: saved.size } });
    const { sha256: _s, ownerType: _o, ownerId: _i, createdBy: _c, ...out } = saved;
    return out;
  });
};

export const readVisitPhoto = async (ctx: AppContext, auth: Auth, id: string, photoId: string) => {
  await findVisit(ctx.db, auth, id);
  const file = await attachments.read(ctx.db, VISIT_PHOTO, photoId);
  if (!file || file.ownerId !== id) throw new AppError('not_found');
  return file;
};

export const deleteVisitPhoto = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, photoId: string) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const visit = await findVisit(tx, auth, id, 'visit.update');
    const removed = await attachments.remove(tx, VISIT_PHOTO, id, photoId);
    if (!removed) throw new AppError('not_found');
    await recordAudit(tx, now, auth, meta, { action: 'detach', entity: 'visit', entityId: id, detail: { customerId: visit.customerId, photoId } });
  });
};

/** Whether the caller may plan visits for others (the web offers a manager picker). */
export const plansForOthers = (auth: Auth) => hasPermission(auth, 'visit.create') && requirePermission(auth, 'visit.create') !== 'self';
