import { z } from 'zod';
import { ZVersion } from './common.js';

import { customerKinds, customerStages } from '../customers/constants.js';

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();
const dictValue = z.string().trim().max(40).nullable().optional();

const customerFields = {
  name: z.string().trim().min(1).max(100),
  shortName: optText(50),
  creditCode: optText(40),
  idNumber: optText(40),
  licenceNo: optText(40),
  regionCode: z.string().trim().regex(/^\d{2,6}$/).nullable().optional(),
  address: optText(200),
  phone: optText(40),
  legalPerson: optText(50),
  industry: dictValue,
  ownership: dictValue,
  scale: dictValue,
  businessFormat: dictValue,
  marketType: dictValue,
  source: dictValue,
  needs: optText(2000),
  purchaseChannel: optText(500),
  salesChannel: optText(500),
  remark: optText(2000),
  tags: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  isKey: z.boolean().optional(),
  isLocked: z.boolean().optional(),
  /** Judged potential 0–100, for grading customers without business yet. */
  potentialScore: z.number().int().min(0).max(100).nullable().optional(),
};

export const ZCreateCustomerBody = z.strictObject({
  kind: z.enum(customerKinds),
  ...customerFields,
  stage: z.enum(customerStages).optional(),
  /** Leaders may create for a manager of their subtree; managers create for themselves. */
  ownerId: z.string().max(64).nullable().optional(),
  /** Put straight into a pool instead of giving it an owner. */
  poolId: z.string().max(64).optional(),
  /** The caller saw the possible-duplicate warning and goes ahead. */
  confirmDuplicates: z.boolean().optional(),
});
export type TCreateCustomerBody = z.infer<typeof ZCreateCustomerBody>;

export const ZUpdateCustomerBody = z.strictObject({
  version: ZVersion,
  ...Object.fromEntries(Object.entries(customerFields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
  confirmDuplicates: z.boolean().optional(),
} as { version: typeof ZVersion; confirmDuplicates: z.ZodOptional<z.ZodBoolean> } & {
  [K in keyof typeof customerFields]: z.ZodOptional<(typeof customerFields)[K]>;
});
export type TUpdateCustomerBody = z.infer<typeof ZUpdateCustomerBody>;

export const ZCustomer = z.object({
  id: z.string(),
  kind: z.enum(customerKinds),
  name: z.string(),
  shortName: z.string().nullable(),
  creditCode: z.string().nullable(),
  idNumber: z.string().nullable(),
  licenceNo: z.string().nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  legalPerson: z.string().nullable(),
  industry: z.string().nullable(),
  ownership: z.string().nullable(),
  scale: z.string().nullable(),
  businessFormat: z.string().nullable(),
  marketType: z.string().nullable(),
  source: z.string().nullable(),
  needs: z.string().nullable(),
  purchaseChannel: z.string().nullable(),
  salesChannel: z.string().nullable(),
  remark: z.string().nullable(),
  tags: z.array(z.string()),
  isKey: z.boolean(),
  isLocked: z.boolean(),
  stage: z.enum(customerStages),
  stageChangedAt: z.string(),
  grade: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  poolId: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  /** Latest done on-site visit and phone-class contact. */
  lastOnsiteAt: z.string().nullable(),
  lastPhoneAt: z.string().nullable(),
  /** By when the next on-site visit / phone-class contact is due by the frequency rules (past = overdue); null when no rule applies. */
  onsiteDueAt: z.string().nullable(),
  phoneDueAt: z.string().nullable(),
  /** When the customer last went back to the pool (release or reclaim). */
  releasedAt: z.string().nullable(),
  /** Set when the reclaim job warned the owner; cleared by a follow-up, claim or reclaim. */
  reclaimWarnedAt: z.string().nullable(),
  potentialScore: z.number().int().nullable(),
  /** Which sensitive values are shown masked. */
  masked: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCustomer = z.infer<typeof ZCustomer>;

const csv = z
  .string()
  .max(500)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const ZCustomerQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
  sort: z.string().max(100).optional(),
  q: z.string().max(100).refine((s) => !s.includes('\u0000')).optional(),
  cursor: z.string().max(500).optional(),
  ownerId: z.string().max(64).optional(),
  orgUnitId: z.string().max(64).optional(),
  stage: csv.pipe(z.array(z.enum(customerStages))).optional(),
  grade: csv.optional(),
  kind: csv.pipe(z.array(z.enum(customerKinds))).optional(),
  businessFormat: csv.optional(),
  marketType: csv.optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  isKey: z.enum(['true', 'false']).optional(),
  tag: csv.optional(),
  lastContactBefore: z.iso.datetime({ offset: true }).optional(),
  lastContactAfter: z.iso.datetime({ offset: true }).optional(),
  pool: z.enum(['true', 'false']).optional(),
  poolId: z.string().max(64).optional(),
  /** Customers warned that the reclaim job will return them to the pool soon. */
  reclaimWarned: z.enum(['true']).optional(),
  /** Overdue by the contact-frequency rules: on-site, phone-class, or either. */
  overdue: z.enum(['onsite', 'phone', 'any']).optional(),
  /** Next contact of either kind due before this time (includes the overdue). */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
});
export type TCustomerQuery = z.infer<typeof ZCustomerQuery>;

export const ZStageBody = z.strictObject({
  version: ZVersion,
  stage: z.enum(customerStages),
  reason: z.string().trim().max(500).optional(),
});

export const ZRevealBody = z.strictObject({
  field: z.enum(['phone', 'idNumber', 'address', 'contact.mobile', 'contact.landline', 'contact.address']),
  contactId: z.string().max(64).optional(),
});

export const ZReleaseBody = z.strictObject({
  version: ZVersion,
  reason: z.string().trim().min(1).max(40),
  note: z.string().trim().max(500).optional(),
  poolId: z.string().max(64).optional(),
});
export const ZClaimBody = z.strictObject({ version: ZVersion });

export const ZCustomerEvent = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  kind: z.string(),
  changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })).nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

const contactFields = {
  name: z.string().trim().min(1).max(50),
  role: z.string().trim().max(40).nullable().optional(),
  position: optText(50),
  employer: optText(100),
  mobile: optText(40),
  landline: optText(40),
  email: z.email().max(200).nullable().optional(),
  wechat: optText(60),
  address: optText(200),
  gender: z.enum(['male', 'female']).nullable().optional(),
  birthdayCalendar: z.enum(['solar', 'lunar']).nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  birthMonth: z.number().int().min(1).max(12).nullable().optional(),
  birthDay: z.number().int().min(1).max(31).nullable().optional(),
  birthLeapMonth: z.boolean().optional(),
  preferences: optText(1000),
  notes: optText(2000),
  isPrimary: z.boolean().optional(),
};
export const ZCreateContactBody = z.strictObject(contactFields);
export const ZUpdateContactBody = z.strictObject({
  version: ZVersion,
  ...Object.fromEntries(Object.entries(contactFields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
} as { version: typeof ZVersion } & { [K in keyof typeof contactFields]: z.ZodOptional<(typeof contactFields)[K]> });

export const ZContact = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  role: z.string().nullable(),
  position: z.string().nullable(),
  employer: z.string().nullable(),
  mobile: z.string().nullable(),
  landline: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  address: z.string().nullable(),
  gender: z.string().nullable(),
  birthdayCalendar: z.enum(['solar', 'lunar']).nullable(),
  birthYear: z.number().nullable(),
  birthMonth: z.number().nullable(),
  birthDay: z.number().nullable(),
  birthLeapMonth: z.boolean(),
  nextBirthday: z.string().nullable(),
  preferences: z.string().nullable(),
  notes: z.string().nullable(),
  isPrimary: z.boolean(),
  masked: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TContact = z.infer<typeof ZContact>;

export const ZPool = z.object({
  id: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  maxHeld: z.number().int(),
  maxClaimsPerDay: z.number().int(),
  reclaimCooldownDays: z.number().int(),
  customerCount: z.number().int(),
  version: z.number().int(),
});
export const ZPoolBody = z.strictObject({
  orgUnitId: z.string().max(64),
  name: z.string().trim().min(1).max(50),
  maxHeld: z.number().int().min(1).max(100000).optional(),
  maxClaimsPerDay: z.number().int().min(0).max(10000).optional(),
  reclaimCooldownDays: z.number().int().min(0).max(3650).optional(),
});
export const ZUpdatePoolBody = z.strictObject({
  version: ZVersion,
  name: z.string().trim().min(1).max(50).optional(),
  maxHeld: z.number().int().min(1).max(100000).optional(),
  maxClaimsPerDay: z.number().int().min(0).max(10000).optional(),
  reclaimCooldownDays: z.number().int().min(0).max(3650).optional(),
});

export const ZReclaimRules = z.strictObject({
  /** Days without follow-up before a customer returns to the pool, per grade; `default` for ungraded. */
  daysByGrade: z.record(z.string().max(10), z.number().int().min(1).max(3650)),
  warnDays: z.number().int().min(0).max(365),
  exemptKey: z.boolean(),
  exemptLocked: z.boolean(),
  dormantDays: z.number().int().min(1).max(3650),
  lostDays: z.number().int().min(1).max(3650),
});
export type TReclaimRules = z.infer<typeof ZReclaimRules>;
export const defaultReclaimRules: TReclaimRules = {
  daysByGrade: { A: 90, B: 60, C: 45, D: 30, default: 30 },
  warnDays: 7,
  exemptKey: true,
  exemptLocked: true,
  dormantDays: 180,
  lostDays: 365,
};

export const ZAssignBody = z.strictObject({
  customerIds: z.array(z.string().max(64)).min(1).max(1000),
  ownerId: z.string().max(64),
  reason: z.string().trim().max(500).optional(),
});
export const ZBulkReleaseBody = z.strictObject({
  customerIds: z.array(z.string().max(64)).min(1).max(1000),
  reason: z.string().trim().min(1).max(40),
  note: z.string().trim().max(500).optional(),
});
export const ZBulkTagBody = z.strictObject({
  customerIds: z.array(z.string().max(64)).min(1).max(1000),
  add: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  remove: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
});
export const ZHandoverBody = z.strictObject({
  fromUserId: z.string().max(64),
  /** All the manager's customers (`all`), or the listed ones, to one or several successors. */
  assignments: z
    .array(z.strictObject({ toUserId: z.string().max(64), customerIds: z.union([z.literal('all'), z.array(z.string().max(64)).min(1).max(100000)]) }))
    .min(1)
    .max(50),
  reason: z.string().trim().min(1).max(500),
});
export const ZChangeRequestBody = z.strictObject({
  field: z.enum(['ownerId', 'grade', 'creditCode']),
  value: z.string().trim().max(64).nullable(),
  reason: z.string().trim().min(1).max(500),
});
export const ZDecideBody = z.strictObject({
  approve: z.boolean(),
  comment: z.string().trim().max(500).optional(),
});
export const ZChangeRequest = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  requestedBy: z.string(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  version: z.number().int(),
});

export const ZWithdrawBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647) });

export const ZKeyDateBody = z.strictObject({
  kind: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(60),
  calendar: z.enum(['solar', 'lunar']),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  year: z.number().int().min(1900).max(2100).nullable().optional(),
  leapMonth: z.boolean().optional(),
  contactId: z.string().max(64).nullable().optional(),
  remindDaysBefore: z.number().int().min(0).max(60).optional(),
});
export const ZKeyDate = z.object({
  id: z.string(),
  customerId: z.string(),
  contactId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  calendar: z.enum(['solar', 'lunar']),
  year: z.number().nullable(),
  month: z.number(),
  day: z.number(),
  leapMonth: z.boolean(),
  nextDate: z.string(),
  remindDaysBefore: z.number(),
  version: z.number(),
});
export type TKeyDate = z.infer<typeof ZKeyDate>;

/** The pool's daily limit beside what the caller claimed today ("今日已领 3 / 10"). */
export const ZMyClaims = z.object({ claimedToday: z.number().int(), held: z.number().int() });
export type TMyClaims = z.infer<typeof ZMyClaims>;

/** A pool customer before claiming: read-only, sensitive values masked. */
export const ZPoolPreview = z.object({
  customer: ZCustomer,
  grade: z.object({ grade: z.string().nullable(), method: z.string().nullable(), score: z.number().nullable(), override: z.string().nullable() }),
  contacts: z.array(ZContact),
  figures: z.array(z.object({ month: z.string(), volume: z.number().nullable(), profit: z.number().nullable(), daysLate: z.number().nullable() })),
});
export type TPoolPreview = z.infer<typeof ZPoolPreview>;
