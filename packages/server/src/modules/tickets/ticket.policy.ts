import { previousStep, type Permission, type TTicketAction, type TTicketKind, type TTicketSeverity, type TTicketStatus } from '@liaison/shared';
import type { Auth } from '../../access/auth.js';
import { unitInScope } from '../../access/access.js';

/**
 * How tickets meet the data scope: a manager (`self`) sees the tickets they own, opened, or that
 * concern their customers; a handler (`unit`) the tickets of their unit — as responsible unit or
 * as the customer's unit; a leader (`unitTree`) those of the subtree. Queries join `customer`.
 */
export const ticketScope = {
  owner: ['ticket.ownerId', 'ticket.createdBy', 'customer.ownerId'],
  orgUnit: ['ticket.orgUnitId', 'customer.orgUnitId'],
} as const;

/** Which permission each transition needs (a manager lacks `ticket.approve`: approving is 403). */
export const actionPermission: Record<TTicketAction, Permission> = {
  accept: 'ticket.handle',
  assign: 'ticket.assign',
  analyse: 'ticket.handle',
  propose: 'ticket.handle',
  approve: 'ticket.approve',
  implement: 'ticket.handle',
  callback: 'ticket.callback',
  review: 'ticket.handle',
  answer: 'ticket.handle',
  sendBack: 'ticket.handle',
  reassign: 'ticket.assign',
  wait: 'ticket.handle',
  resume: 'ticket.handle',
  reopen: 'ticket.callback',
  schedule: 'ticket.handle',
  arrive: 'ticket.handle',
  confirmFee: 'ticket.handle',
};

/** The people and units a ticket answers to, as the scope test in memory needs them. */
export type TicketParties = {
  ownerId: string;
  createdBy: string;
  customerOwnerId: string | null;
  units: { id: string; path: string }[];
};

/** `inScope` for one loaded ticket: whether the caller's scope for `permission` covers it. */
export const ticketAllows = (auth: Auth, permission: Permission, t: TicketParties): boolean => {
  const scope = auth.grants.get(permission);
  if (!scope) return false;
  if (scope === 'self') return [t.ownerId, t.createdBy, t.customerOwnerId].includes(auth.userId);
  return t.units.some((u) => unitInScope(auth, permission, u));
};

export type FlowState = {
  kind: TTicketKind;
  severity: TTicketSeverity;
  status: TTicketStatus;
  waiting: boolean;
  resolved: boolean;
  appointmentSet: boolean;
  arrived: boolean;
  feeConfirmed: boolean;
};

const stepActions: TTicketAction[] = ['accept', 'assign', 'analyse', 'propose', 'approve', 'implement', 'callback', 'review', 'answer'];

/** Whether the ticket's state allows the action at all (else 409 `invalid_state`). */
export const allowedInState = (action: TTicketAction, s: FlowState): boolean => {
  if (s.status === 'closed') return action === 'reopen';
  // While the ticket waits on the customer it only resumes or changes hands.
  if (s.waiting) return action === 'resume' || action === 'reassign';
  if (stepActions.includes(action)) return s.status === action;
  switch (action) {
    case 'sendBack': {
      const prev = previousStep(s.kind, s.severity, s.status);
      return prev !== null && prev !== 'accept';
    }
    case 'reassign':
      return true;
    case 'wait':
      return !s.resolved;
    case 'resume':
    case 'reopen':
      return false;
    case 'schedule':
      return s.kind === 'repair' && (s.status === 'assign' || s.status === 'implement');
    case 'arrive':
      return s.kind === 'repair' && s.status === 'implement' && s.appointmentSet && !s.arrived;
    case 'confirmFee':
      return s.kind === 'repair' && s.status === 'implement' && s.arrived && !s.feeConfirmed;
    default:
      return false;
  }
};
