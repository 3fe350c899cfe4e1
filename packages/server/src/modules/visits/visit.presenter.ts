import type { SelectQueryBuilder } from 'kysely';
import type { TVisit } from '@liaison/shared';
import { num } from '../../db/dialect.js';
import type { Row, Tx } from '../../db/schema.js';
import { attachments } from '../../storage/attachments.js';

export const VISIT_PHOTO = 'visit';

export type VisitRow = Row<'visit'> & { customerName: string; managerName: string };

/** Joins what a visit shows by name; the base query is `selectFrom('visit')`. */
export const selectVisit = (qb: SelectQueryBuilder<any, any, any>) =>
  qb
    .innerJoin('customer', 'customer.id', 'visit.customerId')
    .innerJoin('appUser as manager', 'manager.id', 'visit.managerId')
    .selectAll('visit')
    .select(['customer.name as customerName', 'manager.displayName as managerName']) as SelectQueryBuilder<any, any, VisitRow>;

const minutesBetween = (a: string, b: string | null) => (b ? Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 60_000)) : null);

/**
 * Whitelists what leaves the server. Contacts, participants and photos of a whole page come in
 * three queries, never one per visit.
 */
export const presentVisits = async (tx: Tx, rows: VisitRow[]): Promise<TVisit[]> => {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [contacts, participants, photos] = await Promise.all([
    tx.selectFrom('visitContact').innerJoin('contact', 'contact.id', 'visitContact.contactId').select(['visitContact.visitId', 'contact.id', 'contact.name']).where('visitContact.visitId', 'in', ids).orderBy('contact.name').execute(),
    tx
      .selectFrom('visitParticipant')
      .innerJoin('appUser', 'appUser.id', 'visitParticipant.userId')
      .select(['visitParticipant.visitId', 'appUser.id', 'appUser.displayName as name'])
      .where('visitParticipant.visitId', 'in', ids)
      .orderBy('appUser.displayName')
      .execute(),
    attachments.list(tx, VISIT_PHOTO, ids),
  ]);
  const by = <T extends { visitId?: string; ownerId?: string }>(xs: T[], key: 'visitId' | 'ownerId') => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(x[key]!, [...(m.get(x[key]!) ?? []), x]);
    return m;
  };
  const contactsBy = by(contacts, 'visitId');
  const participantsBy = by(participants, 'visitId');
  const photosBy = by(photos, 'ownerId');
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    customerName: r.customerName,
    managerId: r.managerId,
    managerName: r.managerName,
    orgUnitId: r.orgUnitId,
    status: r.status,
    method: r.method,
    purpose: r.purpose,
    startAt: r.startAt,
    endAt: r.endAt,
    durationMinutes: minutesBetween(r.startAt, r.endAt),
    contacts: (contactsBy.get(r.id) ?? []).map((c) => ({ id: c.id, name: c.name })),
    participants: (participantsBy.get(r.id) ?? []).map((p) => ({ id: p.id, name: p.name })),
    learned: r.learned,
    needs: r.needs,
    products: r.products,
    outcome: r.outcome,
    nextStep: r.nextStep,
    nextDate: r.nextDate,
    nextMethod: (r.nextMethod as TVisit['nextMethod']) ?? null,
    nextVisitId: r.nextVisitId,
    note: r.note,
    reason: r.reason,
    checkIn:
      r.checkInLat != null && r.checkInLng != null
        ? {
            lat: num(r.checkInLat),
            lng: num(r.checkInLng),
            accuracy: num(r.checkInAccuracy),
            at: r.checkInAt ?? r.startAt,
            distance: r.checkInDistance == null ? null : num(r.checkInDistance),
            flag: r.checkInFlag,
          }
        : null,
    photos: (photosBy.get(r.id) ?? []).map((p) => ({ id: p.id, fileName: p.fileName, mime: p.mime, size: p.size, width: p.width, height: p.height, createdAt: p.createdAt })),
    planId: r.planId,
    doneAt: r.doneAt,
    createdBy: r.createdBy,
    version: num(r.version),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
};
