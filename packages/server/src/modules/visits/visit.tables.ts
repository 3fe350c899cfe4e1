/** Tables of the visits module, merged into `Database` in db/schema.ts. */
export type VisitTable = {
  id: string;
  customerId: string;
  /** The account manager responsible for the visit (the customer's owner when planned). */
  managerId: string;
  /** The manager's unit when the visit was made: the unit and unitTree scopes match it. */
  orgUnitId: string;
  status: 'planned' | 'done' | 'missed' | 'cancelled';
  method: 'onsite' | 'phone' | 'sms' | 'wechat' | 'video' | 'meeting' | 'letter';
  purpose: string;
  startAt: string;
  endAt: string | null;
  learned: string | null;
  needs: string | null;
  products: string | null;
  outcome: string | null;
  nextStep: string | null;
  /** Local date `YYYY-MM-DD`. */
  nextDate: string | null;
  nextMethod: string | null;
  nextVisitId: string | null;
  note: string | null;
  reason: string | null;
  checkInLat: number | null;
  checkInLng: number | null;
  checkInAccuracy: number | null;
  checkInAt: string | null;
  checkInDistance: number | null;
  checkInFlag: 'far' | 'inaccurate' | null;
  planId: string | null;
  doneAt: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type VisitContactTable = { visitId: string; contactId: string };
export type VisitParticipantTable = { visitId: string; userId: string };

export type ContactRuleTable = {
  id: string;
  name: string;
  sortOrder: number;
  enabled: number;
  /** JSON arrays; null means any. */
  grades: string | null;
  isKey: number | null;
  kinds: string | null;
  stages: string;
  onsitePerMonth: number;
  phonePerWeek: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CalendarTokenTable = { id: string; userId: string; tokenHash: string; createdAt: string; revokedAt: string | null };

export type VisitTables = {
  visit: VisitTable;
  visitContact: VisitContactTable;
  visitParticipant: VisitParticipantTable;
  contactRule: ContactRuleTable;
  calendarToken: CalendarTokenTable;
};
