import { z } from 'zod';
import { ZListQuery, ZVersion } from './common.js';

export const ticketKinds = ['complaint', 'fault', 'repair', 'consultation', 'suggestion'] as const;
export type TTicketKind = (typeof ticketKinds)[number];
/** 一般 / 较大 / 重大 / 紧急 */
export const ticketSeverities = ['general', 'major', 'critical', 'urgent'] as const;
export type TTicketSeverity = (typeof ticketSeverities)[number];
/** 电话 / 上门 / 网点 / 线上 / 拜访中 */
export const ticketChannels = ['phone', 'onsite', 'branch', 'online', 'visit'] as const;
export type TTicketChannel = (typeof ticketChannels)[number];

/**
 * Where a ticket stands: the step it waits for, named as GLOSSARY.md names the steps, and
 * `closed` at the end. Consultations and suggestions take the short path through `answer`.
 */
export const ticketStatuses = ['accept', 'assign', 'analyse', 'propose', 'approve', 'implement', 'callback', 'review', 'answer', 'closed'] as const;
export type TTicketStatus = (typeof ticketStatuses)[number];

/** Why a ticket waits on the customer (the clock pauses for the reasons the SLA settings name). */
export const ticketWaitReasons = ['customerMaterials', 'customerAppointment', 'customerUnreachable', 'thirdParty'] as const;
export type TTicketWaitReason = (typeof ticketWaitReasons)[number];

export const slaUnitValues = ['workingHours', 'workingDays', 'naturalDays', 'naturalHours'] as const;
export type TSlaUnit = (typeof slaUnitValues)[number];

/** A fault needs the leader's approval only when it is this severe or worse. */
export const faultApprovalSeverities: readonly TTicketSeverity[] = ['critical', 'urgent'];

export const ticketNeedsApproval = (kind: TTicketKind, severity: TTicketSeverity): boolean =>
  kind === 'complaint' || (kind === 'fault' && faultApprovalSeverities.includes(severity));

/**
 * The steps a ticket of this kind goes through, in order, ending with `closed` (SPEC §2.3 and
 * seeds 000/001/002): complaints the full manual flow, faults skip the approval unless severe,
 * repairs go from dispatch straight to the visit (appointment, fee, sign-off), consultations and
 * suggestions accept → answer → close.
 */
export const ticketPath = (kind: TTicketKind, severity: TTicketSeverity): TTicketStatus[] => {
  if (kind === 'consultation' || kind === 'suggestion') return ['accept', 'answer', 'closed'];
  if (kind === 'repair') return ['accept', 'assign', 'implement', 'callback', 'review', 'closed'];
  const full: TTicketStatus[] = ['accept', 'assign', 'analyse', 'propose', 'approve', 'implement', 'callback', 'review', 'closed'];
  return ticketNeedsApproval(kind, severity) ? full : full.filter((s) => s !== 'approve');
};

/** The step before `status` on the ticket's path (for "send back one step"), or null at the start. */
export const previousStep = (kind: TTicketKind, severity: TTicketSeverity, status: TTicketStatus): TTicketStatus | null => {
  const path = ticketPath(kind, severity);
  const i = path.indexOf(status);
  return i > 0 ? path[i - 1]! : null;
};

export const nextStep = (kind: TTicketKind, severity: TTicketSeverity, status: TTicketStatus): TTicketStatus => {
  const path = ticketPath(kind, severity);
  return path[Math.min(path.indexOf(status) + 1, path.length - 1)]!;
};

/** The actions of POST /tickets/{id}/transitions; the step actions complete the step of that name. */
export const ticketActions = [
  'accept',
  'assign',
  'analyse',
  'propose',
  'approve',
  'implement',
  'callback',
  'review',
  'answer',
  'sendBack',
  'reassign',
  'wait',
  'resume',
  'reopen',
  'schedule',
  'arrive',
  'confirmFee',
] as const;
export type TTicketAction = (typeof ticketActions)[number];

// PostgreSQL text cannot hold NUL; refuse it here so the error names the field on both databases.
const noNul = (s: string) => !s.includes('\u0000');
const note = z.string().trim().max(2000).refine(noNul);
const required = (max: number) => z.string().trim().min(1).max(max).refine(noNul);
const id = z.string().min(1).max(64);
const isoTime = z.iso.datetime({ offset: true });

export const ZTicketTransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), version: ZVersion, note: note.optional() }),
  z.strictObject({ action: z.literal('assign'), version: ZVersion, orgUnitId: id.optional(), assigneeId: id, note: note.optional() }),
  z.strictObject({ action: z.literal('analyse'), version: ZVersion, cause: z.string().trim().min(1).max(40), analysis: required(4000) }),
  z.strictObject({ action: z.literal('propose'), version: ZVersion, proposal: required(4000) }),
  z.strictObject({ action: z.literal('approve'), version: ZVersion, approved: z.boolean(), comment: note.optional() }),
  z.strictObject({
    action: z.literal('implement'),
    version: ZVersion,
    implementation: required(4000),
    /** Repairs: the customer signs off the work (name, time, optional signature image). */
    signOffName: z.string().trim().min(1).max(50).optional(),
    signOffAt: isoTime.optional(),
    signatureAttachmentId: id.optional(),
  }),
  z.strictObject({ action: z.literal('callback'), version: ZVersion, satisfaction: z.number().int().min(1).max(5), solved: z.boolean(), note: note.optional() }),
  z.strictObject({ action: z.literal('review'), version: ZVersion, summary: required(4000) }),
  z.strictObject({ action: z.literal('answer'), version: ZVersion, answer: required(4000) }),
  z.strictObject({ action: z.literal('sendBack'), version: ZVersion, reason: required(500) }),
  z.strictObject({ action: z.literal('reassign'), version: ZVersion, orgUnitId: id.optional(), assigneeId: id, reason: required(500) }),
  z.strictObject({ action: z.literal('wait'), version: ZVersion, waitReason: z.enum(ticketWaitReasons), note: note.optional() }),
  z.strictObject({ action: z.literal('resume'), version: ZVersion, note: note.optional() }),
  z.strictObject({ action: z.literal('reopen'), version: ZVersion, reason: required(500) }),
  z.strictObject({ action: z.literal('schedule'), version: ZVersion, appointmentStart: isoTime, appointmentEnd: isoTime }),
  z.strictObject({ action: z.literal('arrive'), version: ZVersion, arrivedAt: isoTime.optional(), delayNotified: z.boolean().optional() }),
  z.strictObject({ action: z.literal('confirmFee'), version: ZVersion, fee: z.number().min(0).max(10_000_000).multipleOf(0.01), agreed: z.literal(true) }),
]);
export type TTicketTransitionBody = z.infer<typeof ZTicketTransitionBody>;

export const ZCreateTicketBody = z.strictObject({
  kind: z.enum(ticketKinds),
  severity: z.enum(ticketSeverities),
  channel: z.enum(ticketChannels),
  customerId: id,
  contactId: id.nullable().optional(),
  /** The visit during which the customer raised it (channel `visit`). */
  visitId: id.nullable().optional(),
  title: required(100),
  description: required(4000),
  /** The responsible unit; by default the nearest unit above the customer that handles tickets. */
  orgUnitId: id.optional(),
});
export type TCreateTicketBody = z.infer<typeof ZCreateTicketBody>;

export const ZUpdateTicketBody = z.strictObject({
  version: ZVersion,
  title: required(100).optional(),
  description: required(4000).optional(),
  severity: z.enum(ticketSeverities).optional(),
  contactId: id.nullable().optional(),
});
export type TUpdateTicketBody = z.infer<typeof ZUpdateTicketBody>;

export const ZTicketAttachment = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TTicketAttachment = z.infer<typeof ZTicketAttachment>;
/** Photos per ticket (fault pictures, the customer's signature); each at most this many MB. */
export const TICKET_ATTACHMENT_MAX = 20;
export const TICKET_ATTACHMENT_MAX_MB = 10;

export const ZTicketDeadline = z.object({
  unit: z.enum(slaUnitValues),
  amount: z.number(),
  /** When the time runs out; null while the clock is paused or after the step was done. */
  dueAt: z.string().nullable(),
  /** Depends on a year whose official holiday schedule is not published yet. */
  provisional: z.boolean(),
  /** Done (responded / resolved) at, if done. */
  metAt: z.string().nullable(),
  breached: z.boolean(),
  /** Working (or wall-clock, for 24×7) minutes left now; negative once breached. */
  remainingMinutes: z.number().nullable(),
  /** Why it falls where it does, in the caller's language; the first line is the headline. */
  explanation: z.array(z.string()),
});

export const ZTicket = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(ticketKinds),
  severity: z.enum(ticketSeverities),
  channel: z.enum(ticketChannels),
  status: z.enum(ticketStatuses),
  title: z.string(),
  description: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  visitId: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  managerId: z.string().nullable(),
  path: z.array(z.enum(ticketStatuses)),
  cause: z.string().nullable(),
  analysis: z.string().nullable(),
  proposal: z.string().nullable(),
  approvalComment: z.string().nullable(),
  implementation: z.string().nullable(),
  answer: z.string().nullable(),
  summary: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  solved: z.boolean().nullable(),
  callbackNote: z.string().nullable(),
  waiting: z.object({ since: z.string(), reason: z.enum(ticketWaitReasons), pausesClock: z.boolean() }).nullable(),
  repair: z
    .object({
      appointmentStart: z.string().nullable(),
      appointmentEnd: z.string().nullable(),
      arrivedAt: z.string().nullable(),
      late: z.boolean().nullable(),
      delayNotified: z.boolean(),
      fee: z.number().nullable(),
      feeConfirmedAt: z.string().nullable(),
      signOffName: z.string().nullable(),
      signOffAt: z.string().nullable(),
      signatureAttachmentId: z.string().nullable(),
    })
    .nullable(),
  response: ZTicketDeadline,
  resolution: ZTicketDeadline,
  nearBreach: z.boolean(),
  breachedAt: z.string().nullable(),
  escalationLevel: z.number().int(),
  escalationUnitName: z.string().nullable(),
  reopenCount: z.number().int(),
  respondedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** The actions the caller may take now (the page offers only these). */
  actions: z.array(z.enum(ticketActions)),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTicket = z.infer<typeof ZTicket>;

/** A row of the ticket list: the ticket without the long texts and explanations. */
export const ZTicketListItem = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(ticketKinds),
  severity: z.enum(ticketSeverities),
  channel: z.enum(ticketChannels),
  status: z.enum(ticketStatuses),
  title: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  resolveDueAt: z.string().nullable(),
  dueProvisional: z.boolean(),
  waiting: z.boolean(),
  nearBreach: z.boolean(),
  breachedAt: z.string().nullable(),
  escalationLevel: z.number().int(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type TTicketListItem = z.infer<typeof ZTicketListItem>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(300)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const ticketViews = ['mine', 'unit', 'breached', 'dueSoon', 'all'] as const;
export const ZTicketQuery = ZListQuery.extend({
  view: z.enum(ticketViews).optional(),
  kind: csv(ticketKinds).optional(),
  status: csv(['open', ...ticketStatuses] as const).optional(),
  severity: csv(ticketSeverities).optional(),
  customerId: id.optional(),
  ownerId: id.optional(),
  orgUnitId: id.optional(),
  createdFrom: isoTime.optional(),
  createdTo: isoTime.optional(),
});
export type TTicketQuery = z.infer<typeof ZTicketQuery>;

export const ZTicketEvent = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  orgUnitName: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type TTicketEvent = z.infer<typeof ZTicketEvent>;

// ── SLA policies and settings ────────────────────────────────────────────────
const amount = z.number().int().min(1).max(10_000);
export const ZSlaPolicy = z.object({
  id: z.string(),
  kind: z.enum(ticketKinds),
  severity: z.enum(ticketSeverities),
  responseAmount: z.number().int(),
  responseUnit: z.enum(slaUnitValues),
  resolveAmount: z.number().int(),
  resolveUnit: z.enum(slaUnitValues),
  warnPercent: z.number().int(),
  escalateEveryHours: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;
export const ZUpdateSlaPolicyBody = z.strictObject({
  version: ZVersion,
  responseAmount: amount.optional(),
  responseUnit: z.enum(slaUnitValues).optional(),
  resolveAmount: amount.optional(),
  resolveUnit: z.enum(slaUnitValues).optional(),
  warnPercent: z.number().int().min(1).max(99).optional(),
  escalateEveryHours: z.number().int().min(1).max(1000).optional(),
});
export type TUpdateSlaPolicyBody = z.infer<typeof ZUpdateSlaPolicyBody>;

export const ZSlaSettings = z.object({
  /** `09:00-12:00,14:00-18:00`: the working periods of a working day, Asia/Shanghai. */
  workingHours: z.string(),
  /** Days after closing within which an unsolved callback may reopen a ticket. */
  reopenDays: z.number().int(),
  /** Waiting reasons that stop the clock. */
  pauseReasons: z.array(z.enum(ticketWaitReasons)),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type TSlaSettings = z.infer<typeof ZSlaSettings>;
export const ZUpdateSlaSettingsBody = z.strictObject({
  version: ZVersion,
  workingHours: z.string().trim().min(1).max(100).optional(),
  reopenDays: z.number().int().min(0).max(365).optional(),
  pauseReasons: z.array(z.enum(ticketWaitReasons)).max(ticketWaitReasons.length).optional(),
});

// ── working calendar ─────────────────────────────────────────────────────────
export const workDayKinds = ['workday', 'weekend', 'holiday', 'makeupWorkday', 'localDayOff', 'localWorkday'] as const;
export const ZWorkCalendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  kind: z.enum(workDayKinds),
  name: z.string().nullable(),
  provisional: z.boolean(),
  /** Where the day's status comes from: `holiday-calendar@1.3.3`, `import:<id>`, `exception:<id>`, or `weekday` (a guess). */
  source: z.string(),
});
export const ZWorkCalendarException = z.object({
  id: z.string(),
  date: z.string(),
  working: z.boolean(),
  name: z.string(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type TWorkCalendarException = z.infer<typeof ZWorkCalendarException>;
export const ZWorkCalendarImport = z.object({
  id: z.string(),
  year: z.number().int(),
  papers: z.array(z.string()),
  days: z.array(z.object({ date: z.string(), name: z.string(), isOffDay: z.boolean() })),
  status: z.enum(['pending', 'approved', 'rejected']),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  version: z.number().int(),
});
export type TWorkCalendarImport = z.infer<typeof ZWorkCalendarImport>;
export const ZWorkCalendarYear = z.object({
  year: z.number().int(),
  /** `published` when an official schedule is loaded; `provisional` otherwise (weekdays guessed). */
  status: z.enum(['published', 'provisional']),
  source: z.string().nullable(),
  papers: z.array(z.string()),
  loadedAt: z.string().nullable(),
  days: z.array(ZWorkCalendarDay),
  exceptions: z.array(ZWorkCalendarException),
  imports: z.array(ZWorkCalendarImport),
  /** Every year with an official schedule loaded. */
  publishedYears: z.array(z.number().int()),
});
export type TWorkCalendarYear = z.infer<typeof ZWorkCalendarYear>;

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const ZCreateWorkCalendarExceptionBody = z.strictObject({
  date: localDate,
  working: z.boolean(),
  name: required(40),
  note: note.nullable().optional(),
});
export const ZUpdateWorkCalendarExceptionBody = z.strictObject({
  version: ZVersion,
  working: z.boolean().optional(),
  name: required(40).optional(),
  note: note.nullable().optional(),
});
/** The State Council notice in holiday-cn's shape, so a file from that project imports as is. */
export const ZWorkCalendarImportBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  papers: z.array(z.string().trim().url().max(500)).max(10).optional(),
  days: z.array(z.strictObject({ date: localDate, name: required(40), isOffDay: z.boolean() })).min(1).max(120),
});
export const ZDecideWorkCalendarImportBody = z.strictObject({ version: ZVersion, approved: z.boolean(), comment: note.optional() });

// ── statistics ──────────────────────────────────────────────────────────────
export const ZTicketStatsQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  orgUnitId: id.optional(),
  months: z.coerce.number().int().min(1).max(24).optional(),
});
const ZRate = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });
export const ZTicketStatsRow = z.object({
  key: z.string(),
  name: z.string(),
  opened: z.number().int(),
  resolved: z.number().int(),
  timeliness: ZRate,
  passRate: ZRate,
  satisfaction: z.number().nullable(),
  callbacks: z.number().int(),
  avgResolveHours: z.number().nullable(),
  p90ResolveHours: z.number().nullable(),
});
export type TTicketStatsRow = z.infer<typeof ZTicketStatsRow>;
export const ZTicketStats = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  total: ZTicketStatsRow,
  byKind: z.array(z.object({ kind: z.enum(ticketKinds), opened: z.number().int() })),
  byCause: z.array(z.object({ cause: z.string(), name: z.string(), count: z.number().int() })),
  byUnit: z.array(ZTicketStatsRow),
  byHandler: z.array(ZTicketStatsRow),
  byManager: z.array(ZTicketStatsRow),
  trend: z.array(ZTicketStatsRow),
});
export type TTicketStats = z.infer<typeof ZTicketStats>;
