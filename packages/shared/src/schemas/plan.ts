import { z } from 'zod';
import { ZVersion } from './common.js';
import { addDays, atLocal, isIsoWeekKey, isLocalDate, isMonthKey, isoWeekMonday, shiftPeriod } from '../time/periods.js';
import { visitMethods } from '../visits/constants.js';

// PostgreSQL text cannot hold NUL; refuse it here so the error names the field on both databases.
const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max).refine(noNul, { params: { key: 'invalid_characters' } });
const required = (max: number) => z.string().trim().min(1).max(max).refine(noNul, { params: { key: 'invalid_characters' } });
const id = z.string().min(1).max(64);

export const planKinds = ['month', 'week'] as const;
export type TPlanKind = (typeof planKinds)[number];
export const planStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type TPlanStatus = (typeof planStatuses)[number];
export const checkStatuses = ['open', 'submitted', 'approved', 'returned'] as const;
export type TCheckStatus = (typeof checkStatuses)[number];
export const indicatorAggregations = ['sum', 'count', 'ratio'] as const;
export type TIndicatorAggregation = (typeof indicatorAggregations)[number];

/** Indicators computed from what happened in Liaison; built in, one query each per period. */
export const computedIndicators = [
  'visits',
  'onsiteVisits',
  'phoneContacts',
  'coverage',
  'newProspects',
  'wonCustomers',
  'keyCustomerVisits',
  'plannedCompletion',
] as const;
export type TComputedIndicator = (typeof computedIndicators)[number];

/** A month `2026-11`; a week `2026-W48` that exists. */
export const ZMonthKey = z.string().refine(isMonthKey, { params: { key: 'invalid_month' } });
export const ZWeekKey = z.string().refine(isIsoWeekKey, { params: { key: 'invalid_week' } });

export const ZIndicator = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  source: z.enum(['computed', 'figure']),
  /** For business-figure indicators: `volume`, `profit`, `daysLate` or an imported metric's column name. */
  field: z.string().nullable(),
  aggregation: z.enum(indicatorAggregations),
  builtin: z.boolean(),
  enabled: z.boolean(),
  sortOrder: z.number(),
  version: z.number(),
});
export type TIndicator = z.infer<typeof ZIndicator>;

export const ZCreateIndicatorBody = z.strictObject({
  code: z.string().refine((s) => /^[a-zA-Z][a-zA-Z0-9_]{1,39}$/.test(s), { params: { key: 'indicator_code' } }),
  nameZh: required(40),
  nameEn: required(80),
  unit: required(10),
  field: required(40),
  /** A business figure sums over the manager's customers, or counts the customers that have it. */
  aggregation: z.enum(['sum', 'count']),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type TCreateIndicatorBody = z.infer<typeof ZCreateIndicatorBody>;

export const ZUpdateIndicatorBody = z.strictObject({
  version: ZVersion,
  nameZh: required(40).optional(),
  nameEn: required(80).optional(),
  unit: required(10).optional(),
  enabled: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const ZPlanSettings = z.strictObject({
  /** Next month's plan is due by the end of this day of the month before (clamped to its length). */
  monthDueDay: z.number().int().min(1).max(31),
  /** This week's plan is due on this weekday of the week (1 = Monday) at this hour. */
  weekDueWeekday: z.number().int().min(1).max(7),
  weekDueHour: z.number().int().min(0).max(23),
  /** Optimistic concurrency (decision 066): the version read, sent back with a change. */
  version: z.number().int(),
});
export type TPlanSettings = z.infer<typeof ZPlanSettings>;

/** A change of the due times carries the version it was read at; a stale one is 409. */
export const ZPlanSettingsBody = ZPlanSettings.extend({ version: ZVersion });
export type TPlanSettingsBody = z.infer<typeof ZPlanSettingsBody>;

/**
 * When a plan of a period is due (UTC ISO): a week's by the settings' weekday and hour of that
 * week; a month's by the end of the settings' day of the month before (the last day in short
 * months). Shared so the server's rules and the calendar's deadline cards agree.
 */
export const planDueAt = (kind: 'month' | 'week', period: string, s: Pick<TPlanSettings, 'monthDueDay' | 'weekDueWeekday' | 'weekDueHour'>): string => {
  if (kind === 'week') return atLocal(addDays(isoWeekMonday(period), s.weekDueWeekday - 1), `${String(s.weekDueHour).padStart(2, '0')}:00`);
  const prev = shiftPeriod('month', period, -1);
  const [y, m] = prev.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = `${prev}-${String(Math.min(s.monthDueDay, last)).padStart(2, '0')}`;
  return atLocal(addDays(day, 1), '00:00');
};

export const ZPlanTarget = z.object({
  indicatorId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  aggregation: z.enum(indicatorAggregations),
  target: z.number().nullable(),
  /** Computed at read time; the frozen value once the check is submitted. */
  actual: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** actual ÷ target, in per cent. */
  completion: z.number().nullable(),
  /** target − actual (positive: short of the target). */
  gap: z.number().nullable(),
  frozen: z.boolean(),
});
export type TPlanTarget = z.infer<typeof ZPlanTarget>;

export const ZWorkItem = z.strictObject({ text: required(500), day: z.number().int().min(1).max(7).nullable().optional() });

export const ZPlanEvent = z.object({ at: z.string(), actorName: z.string().nullable(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), comment: z.string().nullable() });

export const ZPlanVisit = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  startAt: z.string(),
  method: z.string(),
  purpose: z.string(),
  status: z.string(),
  /** Whether it belongs to this week's plan (false: a visit added during the week). */
  planned: z.boolean(),
  version: z.number(),
});

export const ZPlan = z.object({
  id: z.string(),
  kind: z.enum(planKinds),
  period: z.string(),
  managerId: z.string(),
  managerName: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  status: z.enum(planStatuses),
  keyActions: z.string().nullable(),
  developCustomerIds: z.array(z.string()),
  analysisCustomer: z.string().nullable(),
  analysisProduct: z.string().nullable(),
  analysisMarket: z.string().nullable(),
  improvements: z.string().nullable(),
  workItems: z.array(z.object({ text: z.string(), day: z.number().nullable().optional() })),
  leaderComment: z.string().nullable(),
  dueAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  late: z.boolean(),
  checkStatus: z.enum(checkStatuses),
  checkExplanation: z.string().nullable(),
  checkImprovement: z.string().nullable(),
  checkComment: z.string().nullable(),
  checkSubmittedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TPlan = z.infer<typeof ZPlan>;

export const ZPlanDetail = ZPlan.extend({
  targets: z.array(ZPlanTarget),
  history: z.array(ZPlanEvent),
  developCustomers: z.array(z.object({ id: z.string(), name: z.string(), stage: z.string() })),
  visits: z.array(ZPlanVisit),
  /** Weekly: planned visits done / missed / still open, and visits added that were not planned. */
  visitSummary: z.object({ planned: z.number(), done: z.number(), missed: z.number(), open: z.number(), added: z.number() }).nullable(),
  /** What the caller may do now. */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), decide: z.boolean(), submitCheck: z.boolean(), decideCheck: z.boolean() }),
});
export type TPlanDetail = z.infer<typeof ZPlanDetail>;

export const ZPlanQuery = z.strictObject({
  kind: z.enum(planKinds).optional(),
  period: z.string().max(10).optional(),
  managerId: id.optional(),
  status: z.enum(planStatuses).optional(),
  page: z.coerce.number().int().min(1).max(100000).optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
  sort: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
});
export type TPlanQuery = z.infer<typeof ZPlanQuery>;

export const ZCreatePlanBody = z.strictObject({
  kind: z.enum(planKinds),
  period: z.string().max(10),
  /** Leaders may open a plan for a manager of their scope. */
  managerId: id.optional(),
});

const targetsField = z
  .array(z.strictObject({ indicatorId: id, target: z.number().min(0).max(1e12) }))
  .max(50)
  .optional();

export const ZUpdatePlanBody = z.strictObject({
  version: ZVersion,
  keyActions: text(4000).nullable().optional(),
  developCustomerIds: z.array(id).max(100).optional(),
  analysisCustomer: text(4000).nullable().optional(),
  analysisProduct: text(4000).nullable().optional(),
  analysisMarket: text(4000).nullable().optional(),
  improvements: text(4000).nullable().optional(),
  workItems: z.array(ZWorkItem).max(50).optional(),
  /** Weekly plans: the manager's own targets. A month's targets come from the leader's breakdown. */
  targets: targetsField,
});
export type TUpdatePlanBody = z.infer<typeof ZUpdatePlanBody>;

export const ZPlanTransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('submit'), version: ZVersion }),
  z.strictObject({ action: z.literal('approve'), version: ZVersion, comment: text(2000).nullable().optional() }),
  z.strictObject({ action: z.literal('return'), version: ZVersion, comment: required(2000) }),
]);
export type TPlanTransitionBody = z.infer<typeof ZPlanTransitionBody>;

export const ZCheckTransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('submit'), version: ZVersion, explanation: text(4000).nullable().optional(), improvement: text(4000).nullable().optional() }),
  z.strictObject({ action: z.literal('approve'), version: ZVersion, comment: text(2000).nullable().optional() }),
  z.strictObject({ action: z.literal('return'), version: ZVersion, comment: required(2000) }),
]);
export type TCheckTransitionBody = z.infer<typeof ZCheckTransitionBody>;

export const ZPlanVisitBody = z.strictObject({
  customerId: id,
  startAt: z.iso.datetime({ offset: true }),
  method: z.enum(visitMethods),
  purpose: z.string().trim().min(1).max(40),
  note: text(2000).nullable().optional(),
});
export type TPlanVisitBody = z.infer<typeof ZPlanVisitBody>;

export const ZBreakdownBody = z.strictObject({
  orgUnitId: id,
  month: ZMonthKey,
  /** The breakdown's version as read (decision 066): a stale one is 409 and changes nothing. */
  version: ZVersion,
  targets: z
    .array(
      z.strictObject({
        indicatorId: id,
        unitTarget: z.number().min(0).max(1e12),
        /** Required when a sum or count breakdown does not add up to the unit target. */
        differenceReason: text(500).nullable().optional(),
        managers: z.array(z.strictObject({ managerId: id, target: z.number().min(0).max(1e12) })).max(200),
        /** Shares given to units below (decision 065); each becomes that unit's month target. */
        subUnits: z.array(z.strictObject({ orgUnitId: id, target: z.number().min(0).max(1e12) })).max(200).optional(),
      }),
    )
    .max(50),
});
export type TBreakdownBody = z.infer<typeof ZBreakdownBody>;

export const ZBreakdown = z.object({
  orgUnitId: z.string(),
  month: z.string(),
  version: z.number().int(),
  managers: z.array(z.object({ id: z.string(), name: z.string(), orgUnitName: z.string(), planId: z.string().nullable(), planStatus: z.enum(planStatuses).nullable() })),
  /** The units directly below, which a share of the unit's targets may go to. */
  subUnits: z.array(z.object({ id: z.string(), name: z.string() })),
  targets: z.array(
    z.object({
      indicatorId: z.string(),
      unitTarget: z.number(),
      /** Set by the breakdown of the unit above: the target is fixed for this unit's leader. */
      allocatedBy: z.string().nullable(),
      differenceReason: z.string().nullable(),
      managers: z.array(z.object({ managerId: z.string(), target: z.number() })),
      subUnits: z.array(z.object({ orgUnitId: z.string(), target: z.number() })),
    }),
  ),
});
export type TBreakdown = z.infer<typeof ZBreakdown>;

export const ZPeriodQuery = z.strictObject({
  orgUnitId: id.optional(),
  kind: z.enum(planKinds),
  period: z.string().max(10),
});

/** Each manager of a unit and their plan for a period: missing, late, waiting. */
export const ZPlanTeam = z.object({
  kind: z.enum(planKinds),
  period: z.string(),
  dueAt: z.string(),
  rows: z.array(
    z.object({
      managerId: z.string(),
      managerName: z.string(),
      orgUnitName: z.string(),
      planId: z.string().nullable(),
      status: z.enum(planStatuses).nullable(),
      checkStatus: z.enum(checkStatuses).nullable(),
      submittedAt: z.string().nullable(),
      late: z.boolean(),
      missing: z.boolean(),
    }),
  ),
});
export type TPlanTeam = z.infer<typeof ZPlanTeam>;

const ZCell = z.object({ target: z.number().nullable(), actual: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable(), completion: z.number().nullable() });

/** The unit view: every manager's achievement per indicator, and the unit total by aggregation. */
export const ZAchievement = z.object({
  kind: z.enum(planKinds),
  period: z.string(),
  indicators: z.array(ZIndicator.pick({ id: true, code: true, nameZh: true, nameEn: true, unit: true, aggregation: true })),
  rows: z.array(z.object({ managerId: z.string(), managerName: z.string(), orgUnitName: z.string(), planId: z.string().nullable(), cells: z.record(z.string(), ZCell) })),
  /** Each unit directly below: its managers' measures aggregated by the indicator's rule, against its month target. */
  subUnits: z.array(z.object({ orgUnitId: z.string(), name: z.string(), cells: z.record(z.string(), ZCell) })),
  total: z.record(z.string(), ZCell),
});
export type TAchievement = z.infer<typeof ZAchievement>;

/** The workbench's plan card: what is due, what came back, what waits for the caller's approval, this week's progress. */
export const ZPlanWorkbench = z.object({
  deadlines: z.array(z.object({ kind: z.enum(planKinds), period: z.string(), dueAt: z.string(), planId: z.string().nullable(), status: z.enum(planStatuses).nullable(), overdue: z.boolean() })),
  returned: z.array(z.object({ id: z.string(), kind: z.enum(planKinds), period: z.string(), comment: z.string().nullable() })),
  waiting: z.array(z.object({ id: z.string(), kind: z.enum(planKinds), period: z.string(), managerName: z.string(), submittedAt: z.string().nullable(), check: z.boolean() })),
  waitingCount: z.number(),
  week: z.object({ planId: z.string(), period: z.string(), planned: z.number(), done: z.number() }).nullable(),
  /** Key-customer service actions the caller owns that are past their due date (Form 7). */
  overdueActions: z.array(z.object({ id: z.string(), planId: z.string(), title: z.string(), dueDate: z.string(), customerName: z.string() })),
});
export type TPlanWorkbench = z.infer<typeof ZPlanWorkbench>;

const localDateStr = z.string().refine(isLocalDate, { params: { key: 'invalid_date' } });

export const ZServiceAction = z.object({
  id: z.string(),
  title: z.string(),
  dueDate: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  status: z.enum(['open', 'done']),
  visitId: z.string().nullable(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number(),
});
export type TServiceAction = z.infer<typeof ZServiceAction>;

/** Form 7 重点客户服务计划: a key customer's goals and actions for a month. */
export const ZServicePlan = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  managerId: z.string(),
  managerName: z.string(),
  orgUnitName: z.string(),
  period: z.string(),
  goals: z.string(),
  status: z.enum(['active', 'closed']),
  actions: z.array(ZServiceAction),
  visits: z.array(z.object({ id: z.string(), startAt: z.string(), method: z.string(), status: z.string(), outcome: z.string().nullable() })),
  version: z.number(),
});
export type TServicePlan = z.infer<typeof ZServicePlan>;

export const ZCreateServicePlanBody = z.strictObject({ customerId: id, period: ZMonthKey, goals: required(4000) });
export const ZUpdateServicePlanBody = z.strictObject({ version: ZVersion, goals: required(4000).optional(), status: z.enum(['active', 'closed']).optional() });
export const ZCreateServiceActionBody = z.strictObject({ title: required(500), dueDate: localDateStr, ownerId: id });
export const ZUpdateServiceActionBody = z.strictObject({
  version: ZVersion,
  title: required(500).optional(),
  dueDate: localDateStr.optional(),
  ownerId: id.optional(),
  status: z.enum(['open', 'done']).optional(),
  visitId: id.nullable().optional(),
});
export type TCreateServiceActionBody = z.infer<typeof ZCreateServiceActionBody>;
export type TUpdateServiceActionBody = z.infer<typeof ZUpdateServiceActionBody>;
export type TUpdateServicePlanBody = z.infer<typeof ZUpdateServicePlanBody>;
export const ZServicePlanQuery = z.strictObject({ customerId: id.optional(), period: z.string().max(10).optional() });
