import { sql, type SqlBool } from 'kysely';
import type { Permission, TTicketQuery } from '@liaison/shared';
import type { Auth } from '../../access/auth.js';
import { inScope } from '../../access/access.js';
import type { Db, Tx } from '../../db/schema.js';
import { likeEscape, toIso } from '../../db/dialect.js';
import { ticketScope } from './ticket.policy.js';

/** Tickets joined to what scope and display need: customer, owner, responsible unit. */
const ticketBase = (db: Db | Tx) =>
  db
    .selectFrom('ticket')
    .innerJoin('customer', 'customer.id', 'ticket.customerId')
    .innerJoin('appUser as owner', 'owner.id', 'ticket.ownerId')
    .innerJoin('orgUnit as unit', 'unit.id', 'ticket.orgUnitId');

/** One ticket inside the caller's scope for `permission`, with every column the page shows. */
export const findTicket = (db: Db | Tx, auth: Auth, id: string, permission: Permission = 'ticket.read') =>
  ticketBase(db)
    .innerJoin('orgUnit as customerUnit', 'customerUnit.id', 'customer.orgUnitId')
    .innerJoin('appUser as creator', 'creator.id', 'ticket.createdBy')
    .leftJoin('contact', 'contact.id', 'ticket.contactId')
    .leftJoin('orgUnit as escalationUnit', 'escalationUnit.id', 'ticket.escalationUnitId')
    .selectAll('ticket')
    .select([
      'customer.name as customerName',
      'customer.ownerId as customerOwnerId',
      'customer.orgUnitId as customerUnitId',
      'customerUnit.path as customerUnitPath',
      'owner.displayName as ownerName',
      'unit.name as orgUnitName',
      'unit.path as orgUnitPath',
      'creator.displayName as createdByName',
      'contact.name as contactName',
      'escalationUnit.name as escalationUnitName',
    ])
    .where('ticket.id', '=', id)
    .where(inScope(auth, permission, ticketScope))
    .executeTakeFirst();

export type TicketDetailRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export const ticketSortable = {
  createdAt: 'ticket.createdAt',
  resolveDueAt: 'ticket.resolveDueAt',
  number: 'ticket.number',
  severity: 'ticket.severity',
  updatedAt: 'ticket.updatedAt',
};

/** The list's filters as one query (joins and WHERE only; `paginate` adds columns and order). */
export const ticketListBase = (db: Db | Tx, auth: Auth, q: TTicketQuery, now: Date) => {
  let base = ticketBase(db).where(inScope(auth, 'ticket.read', ticketScope));
  const nowIso = toIso(now);
  switch (q.view) {
    case 'mine':
      base = base.where('ticket.ownerId', '=', auth.userId).where('ticket.status', '!=', 'closed');
      break;
    case 'unit':
      base = base.where('ticket.orgUnitId', '=', auth.orgUnitId).where('ticket.status', '!=', 'closed');
      break;
    case 'breached':
      base = base.where('ticket.breachedAt', 'is not', null).where('ticket.status', '!=', 'closed');
      break;
    case 'dueSoon':
      base = base.where('ticket.resolvedAt', 'is', null).where('ticket.breachedAt', 'is', null).where('ticket.resolveWarnAt', '<=', nowIso);
      break;
    default:
      break;
  }
  if (q.kind?.length) base = base.where('ticket.kind', 'in', q.kind);
  if (q.severity?.length) base = base.where('ticket.severity', 'in', q.severity);
  if (q.status?.length) {
    const statuses = q.status.filter((s) => s !== 'open');
    base = base.where((eb) => eb.or([...(q.status!.includes('open') ? [eb('ticket.status', '!=', 'closed')] : []), ...(statuses.length ? [eb('ticket.status', 'in', statuses)] : [])]));
  }
  if (q.customerId) base = base.where('ticket.customerId', '=', q.customerId);
  if (q.ownerId) base = base.where('ticket.ownerId', '=', q.ownerId);
  if (q.orgUnitId) base = base.where('ticket.orgUnitId', '=', q.orgUnitId);
  if (q.createdFrom) base = base.where('ticket.createdAt', '>=', toIso(new Date(q.createdFrom)));
  if (q.createdTo) base = base.where('ticket.createdAt', '<', toIso(new Date(q.createdTo)));
  const text = q.q?.trim();
  if (text) {
    const like = `%${likeEscape(text.toLowerCase())}%`;
    base = base.where(
      sql<SqlBool>`(lower(ticket.number) like ${like} escape '\\' or lower(ticket.title) like ${like} escape '\\' or lower(customer.name) like ${like} escape '\\')`,
    );
  }
  return base;
};

export const ticketListColumns = [
  'ticket.id',
  'ticket.number',
  'ticket.kind',
  'ticket.severity',
  'ticket.channel',
  'ticket.status',
  'ticket.title',
  'ticket.customerId',
  'customer.name as customerName',
  'ticket.ownerId',
  'owner.displayName as ownerName',
  'ticket.orgUnitId',
  'unit.name as orgUnitName',
  'ticket.resolveDueAt',
  'ticket.resolveWarnAt',
  'ticket.dueProvisional',
  'ticket.waitingSince',
  'ticket.breachedAt',
  'ticket.escalationLevel',
  'ticket.resolvedAt',
  'ticket.createdAt',
  'ticket.updatedAt',
  'ticket.version',
] as const;
