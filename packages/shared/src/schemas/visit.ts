import { z } from 'zod';
import { ZListQuery, ZVersion } from './common.js';
import { customerKinds, customerStages } from '../customers/constants.js';
import { isIsoWeekKey, isLocalDate, isMonthKey } from '../time/periods.js';
import { checkInFlags, visitMethods, visitStatuses } from '../visits/constants.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
const isoTime = z.iso.datetime({ offset: true });
const localDate = z.string().refine(isLocalDate, { params: { key: 'invalid_date' } });
const ids = (max: number) => z.array(z.string().min(1).max(64)).max(max);

export const ZCheckIn = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** Metres, as the browser's Geolocation API reports it. */
  accuracy: z.number().min(0).max(100_000),
  /** When the browser took the position (defaults to when the server received it). */
  at: isoTime.optional(),
});
export type TCheckIn = z.infer<typeof ZCheckIn>;

const visitFields = {
  method: z.enum(visitMethods),
  purpose: z.string().trim().min(1).max(40),
  startAt: isoTime,
  endAt: isoTime.nullable().optional(),
  contactIds: ids(20).optional(),
  participantIds: ids(10).optional(),
  learned: optText(4000),
  needs: optText(2000),
  products: optText(1000),
  outcome: optText(2000),
  nextStep: optText(1000),
  /** A local date; saving a done visit with it plans the next visit on that day. */
  nextDate: localDate.nullable().optional(),
  nextMethod: z.enum(visitMethods).nullable().optional(),
  note: optText(2000),
};

export const ZCreateVisitBody = z.strictObject({
  customerId: z.string().min(1).max(64),
  status: z.enum(['planned', 'done']),
  /** Leaders may plan or log for a manager of their scope; managers for themselves. */
  managerId: z.string().min(1).max(64).optional(),
  ...visitFields,
  checkIn: ZCheckIn.nullable().optional(),
  /** A ticket or plan that this visit belongs to, for the modules that link visits. */
  planId: z.string().max(64).nullable().optional(),
  /**
   * Logs this planned (or missed) visit as done instead of adding a new one: the field log
   * completes a plan with the same create request it queues offline.
   */
  plannedVisitId: z.string().max(64).optional(),
});
export type TCreateVisitBody = z.infer<typeof ZCreateVisitBody>;

export const ZUpdateVisitBody = z.strictObject({
  version: ZVersion,
  status: z.enum(visitStatuses).optional(),
  method: visitFields.method.optional(),
  purpose: visitFields.purpose.optional(),
  startAt: visitFields.startAt.optional(),
  endAt: visitFields.endAt,
  contactIds: visitFields.contactIds,
  participantIds: visitFields.participantIds,
  learned: visitFields.learned,
  needs: visitFields.needs,
  products: visitFields.products,
  outcome: visitFields.outcome,
  nextStep: visitFields.nextStep,
  nextDate: visitFields.nextDate,
  nextMethod: visitFields.nextMethod,
  note: visitFields.note,
  checkIn: ZCheckIn.nullable().optional(),
  /** Why a planned visit was missed or cancelled. */
  reason: optText(500),
});
export type TUpdateVisitBody = z.infer<typeof ZUpdateVisitBody>;

export const ZVisitPhoto = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: z.string(),
});
export type TVisitPhoto = z.infer<typeof ZVisitPhoto>;

const ZPerson = z.object({ id: z.string(), name: z.string() });

export const ZVisit = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  managerId: z.string(),
  managerName: z.string(),
  orgUnitId: z.string(),
  status: z.enum(visitStatuses),
  method: z.enum(visitMethods),
  purpose: z.string(),
  startAt: z.string(),
  endAt: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  contacts: z.array(ZPerson),
  participants: z.array(ZPerson),
  learned: z.string().nullable(),
  needs: z.string().nullable(),
  products: z.string().nullable(),
  outcome: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextDate: z.string().nullable(),
  nextMethod: z.enum(visitMethods).nullable(),
  /** The planned visit that the next step created. */
  nextVisitId: z.string().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  checkIn: z
    .object({
      lat: z.number(),
      lng: z.number(),
      accuracy: z.number(),
      at: z.string(),
      /** Metres from the customer's known location, when it was known. */
      distance: z.number().nullable(),
      flag: z.enum(checkInFlags).nullable(),
    })
    .nullable(),
  photos: z.array(ZVisitPhoto),
  planId: z.string().nullable(),
  doneAt: z.string().nullable(),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TVisit = z.infer<typeof ZVisit>;

const csv = z
  .string()
  .max(500)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const ZVisitQuery = ZListQuery.extend({
  customerId: z.string().max(64).optional(),
  managerId: z.string().max(64).optional(),
  orgUnitId: z.string().max(64).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  status: csv.pipe(z.array(z.enum(visitStatuses))).optional(),
  method: csv.pipe(z.array(z.enum(visitMethods))).optional(),
  purpose: csv.optional(),
  flagged: z.enum(['true']).optional(),
});
export type TVisitQuery = z.infer<typeof ZVisitQuery>;

// ---------------------------------------------------------------------------------------------
// Contact-frequency rules 拜访频次
// ---------------------------------------------------------------------------------------------

export const ZContactRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  /** Lower runs first; the first matching enabled rule applies to a customer. */
  sortOrder: z.number().int().min(0).max(10_000),
  enabled: z.boolean(),
  /** Conditions; an empty list or null means any. */
  grades: z.array(z.string().trim().min(1).max(10)).max(20).nullable(),
  isKey: z.boolean().nullable(),
  kinds: z.array(z.enum(customerKinds)).max(3).nullable(),
  stages: z.array(z.enum(customerStages)).min(1).max(6),
  /** On-site visits required per calendar month, phone-class contacts per ISO week. */
  onsitePerMonth: z.number().int().min(0).max(31),
  phonePerWeek: z.number().int().min(0).max(7),
});
export type TContactRuleBody = z.infer<typeof ZContactRuleBody>;

export const ZContactRule = ZContactRuleBody.extend({
  id: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TContactRule = z.infer<typeof ZContactRule>;

export const ZContactSettings = z.strictObject({
  /** Methods that count as the weekly phone-class contact (电话 by default). */
  phoneMethods: z.array(z.enum(visitMethods)).min(1).max(7),
  /** A later on-site check-in farther than this from the customer's known place is flagged. */
  checkInMaxDistanceM: z.number().int().min(50).max(50_000),
  /** A position less precise than this is flagged and never sets the customer's place. */
  checkInMaxAccuracyM: z.number().int().min(10).max(5_000),
});
export type TContactSettings = z.infer<typeof ZContactSettings>;
export const defaultContactSettings: TContactSettings = { phoneMethods: ['phone'], checkInMaxDistanceM: 500, checkInMaxAccuracyM: 100 };

/**
 * The latest recompute of every customer's due times after the rules were saved: a background
 * run (decision 081), so the save answers at once and the page shows the run until it is done.
 */
export const ZComplianceRecompute = z.object({
  runId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'abandoned']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Customers whose due times were recomputed, once succeeded. */
  customers: z.number().int().nullable(),
});
export type TComplianceRecompute = z.infer<typeof ZComplianceRecompute>;

export const ZContactRules = z.object({ rules: z.array(ZContactRule), settings: ZContactSettings, recompute: ZComplianceRecompute.nullable() });
export const ZSaveContactRules = z.strictObject({
  rules: z.array(ZContactRuleBody.extend({ id: z.string().max(64).optional(), version: ZVersion.optional() })).max(30),
  settings: ZContactSettings,
});
export type TSaveContactRules = z.infer<typeof ZSaveContactRules>;

/** Where a customer stands against its rules right now. */
export const complianceStates = ['met', 'due', 'overdue', 'none'] as const;
export type TComplianceState = (typeof complianceStates)[number];

export const ZCompliance = z.object({
  onsite: z.object({ state: z.enum(complianceStates), dueAt: z.string().nullable(), last: z.string().nullable(), required: z.number().int() }),
  phone: z.object({ state: z.enum(complianceStates), dueAt: z.string().nullable(), last: z.string().nullable(), required: z.number().int() }),
});
export type TCompliance = z.infer<typeof ZCompliance>;

// ---------------------------------------------------------------------------------------------
// Workbench and team view
// ---------------------------------------------------------------------------------------------

export const ZWorkbenchCustomer = z.object({
  id: z.string(),
  name: z.string(),
  grade: z.string().nullable(),
  isKey: z.boolean(),
  lastContactAt: z.string().nullable(),
  compliance: ZCompliance,
  /** What is due first: the method a quick log should start with. */
  dueMethod: z.enum(['onsite', 'phone']).nullable(),
  overdueSince: z.string().nullable(),
});
export type TWorkbenchCustomer = z.infer<typeof ZWorkbenchCustomer>;

export const ZWorkbench = z.object({
  date: z.string(),
  today: z.array(ZVisit),
  overdue: z.object({ count: z.number().int(), onsite: z.number().int(), phone: z.number().int(), customers: z.array(ZWorkbenchCustomer) }),
  dueThisWeek: z.object({ count: z.number().int(), customers: z.array(ZWorkbenchCustomer) }),
  reclaim: z.object({ count: z.number().int(), customers: z.array(z.object({ id: z.string(), name: z.string(), lastContactAt: z.string().nullable(), warnedAt: z.string() })) }),
  keyDates: z.array(
    z.object({
      kind: z.enum(['birthday', 'keyDate']),
      date: z.string(),
      title: z.string(),
      customerId: z.string(),
      customerName: z.string(),
      contactName: z.string().nullable(),
      lunar: z.boolean(),
    }),
  ),
  coverage: z.object({
    customers: z.number().int(),
    month: z.object({ key: z.string(), subject: z.number().int(), met: z.number().int() }),
    week: z.object({ key: z.string(), subject: z.number().int(), met: z.number().int() }),
  }),
  visits: z.object({ doneThisWeek: z.number().int(), plannedThisWeek: z.number().int() }),
});
export type TWorkbench = z.infer<typeof ZWorkbench>;

export const ZCoverageQuery = z.strictObject({
  orgUnitId: z.string().max(64).optional(),
  month: z.string().refine(isMonthKey, { params: { key: 'invalid_month' } }).optional(),
  week: z.string().refine(isIsoWeekKey, { params: { key: 'invalid_week' } }).optional(),
});

export const ZCoverageRow = z.object({
  managerId: z.string(),
  managerName: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  customers: z.number().int(),
  monthSubject: z.number().int(),
  monthMet: z.number().int(),
  weekSubject: z.number().int(),
  weekMet: z.number().int(),
  overdue: z.number().int(),
  visitsDone: z.number().int(),
  visitsPlanned: z.number().int(),
  visitsMissed: z.number().int(),
  flaggedCheckIns: z.number().int(),
});
export type TCoverageRow = z.infer<typeof ZCoverageRow>;
export const ZCoverage = z.object({ month: z.string(), week: z.string(), rows: z.array(ZCoverageRow), total: ZCoverageRow.omit({ managerId: true, managerName: true, orgUnitId: true, orgUnitName: true }) });
export type TCoverage = z.infer<typeof ZCoverage>;

export const ZCalendarToken = z.object({ id: z.string(), createdAt: z.string(), url: z.string().nullable() });
