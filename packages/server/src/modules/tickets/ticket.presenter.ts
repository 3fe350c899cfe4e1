import { ticketPath, type TTicket, type TTicketAction, type TTicketListItem, type TTicketWaitReason } from '@liaison/shared';
import { bool } from '../../db/dialect.js';
import type { TicketDetailRow } from './ticket.repository.js';

type DeadlineView = TTicket['response'];

/** Whitelists what leaves the server for one ticket; deadlines come computed by the service. */
export const presentTicket = (
  r: TicketDetailRow,
  extra: { response: DeadlineView; resolution: DeadlineView; actions: TTicketAction[]; pauseReasons: readonly TTicketWaitReason[]; now: string },
): TTicket => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  severity: r.severity,
  channel: r.channel,
  status: r.status,
  title: r.title,
  description: r.description,
  customerId: r.customerId,
  customerName: r.customerName,
  contactId: r.contactId,
  contactName: r.contactName ?? null,
  visitId: r.visitId,
  ownerId: r.ownerId,
  ownerName: r.ownerName,
  orgUnitId: r.orgUnitId,
  orgUnitName: r.orgUnitName,
  createdBy: r.createdBy,
  createdByName: r.createdByName,
  managerId: r.managerId,
  path: ticketPath(r.kind, r.severity),
  cause: r.cause,
  analysis: r.analysis,
  proposal: r.proposal,
  approvalComment: r.approvalComment,
  implementation: r.implementation,
  answer: r.answer,
  summary: r.summary,
  satisfaction: r.satisfaction === null ? null : Number(r.satisfaction),
  solved: r.solved === null ? null : bool(r.solved),
  callbackNote: r.callbackNote,
  waiting: r.waitingSince
    ? { since: r.waitingSince, reason: r.waitingReason as TTicketWaitReason, pausesClock: extra.pauseReasons.includes(r.waitingReason as TTicketWaitReason) }
    : null,
  repair:
    r.kind === 'repair'
      ? {
          appointmentStart: r.appointmentStart,
          appointmentEnd: r.appointmentEnd,
          arrivedAt: r.arrivedAt,
          late: r.arrivalLate === null ? null : bool(r.arrivalLate),
          delayNotified: bool(r.delayNotified),
          fee: r.feeCents === null ? null : Number(r.feeCents) / 100,
          feeConfirmedAt: r.feeConfirmedAt,
          signOffName: r.signOffName,
          signOffAt: r.signOffAt,
          signatureAttachmentId: r.signatureAttachmentId,
        }
      : null,
  response: extra.response,
  resolution: extra.resolution,
  nearBreach: isNearBreach(r, extra.now),
  breachedAt: r.breachedAt,
  escalationLevel: Number(r.escalationLevel),
  escalationUnitName: r.escalationUnitName ?? null,
  reopenCount: Number(r.reopenCount),
  respondedAt: r.respondedAt,
  resolvedAt: r.resolvedAt,
  closedAt: r.closedAt,
  actions: extra.actions,
  version: Number(r.version),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** Warned or past the warning instant, not yet resolved or breached. */
const isNearBreach = (r: { resolvedAt: string | null; breachedAt: string | null; resolveWarnAt: string | null }, now: string) =>
  !r.resolvedAt && !r.breachedAt && r.resolveWarnAt !== null && r.resolveWarnAt <= now;

export type TicketListRow = {
  id: string;
  number: string;
  kind: TTicketListItem['kind'];
  severity: TTicketListItem['severity'];
  channel: TTicketListItem['channel'];
  status: TTicketListItem['status'];
  title: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  ownerName: string;
  orgUnitId: string;
  orgUnitName: string;
  resolveDueAt: string | null;
  resolveWarnAt: string | null;
  dueProvisional: number;
  waitingSince: string | null;
  breachedAt: string | null;
  escalationLevel: number;
  resolvedAt: string | null;
  createdAt: string;
  version: number;
};

export const presentTicketListItem = (r: TicketListRow, now: string): TTicketListItem => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  severity: r.severity,
  channel: r.channel,
  status: r.status,
  title: r.title,
  customerId: r.customerId,
  customerName: r.customerName,
  ownerId: r.ownerId,
  ownerName: r.ownerName,
  orgUnitId: r.orgUnitId,
  orgUnitName: r.orgUnitName,
  resolveDueAt: r.resolvedAt ? null : r.resolveDueAt,
  dueProvisional: bool(r.dueProvisional),
  waiting: r.waitingSince !== null,
  nearBreach: isNearBreach(r, now),
  breachedAt: r.breachedAt,
  escalationLevel: Number(r.escalationLevel),
  resolvedAt: r.resolvedAt,
  createdAt: r.createdAt,
  version: Number(r.version),
});
