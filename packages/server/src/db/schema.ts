import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { VisitTables } from '../modules/visits/visit.tables.js';
import type { PlanTables } from '../modules/plans/plan.tables.js';
import type { TicketTables } from '../modules/tickets/ticket.tables.js';
import type { NotificationTables } from '../modules/notifications/notification.tables.js';

/** Table shapes as the application sees them (CamelCasePlugin maps to snake_case columns). */
export type OrgUnitTable = {
  id: string;
  parentId: string | null;
  name: string;
  code: string;
  kind: 'province' | 'city' | 'department' | 'team';
  /** Materialised path of ids, `/a/b/c/`, so a subtree is one indexed prefix match. */
  path: string;
  depth: number;
  sortOrder: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type AppUserTable = {
  id: string;
  username: string;
  usernameLower: string;
  displayName: string;
  passwordHash: string;
  orgUnitId: string;
  grade: 'junior' | 'middle' | 'senior' | null;
  email: string | null;
  phone: string | null;
  locale: 'zh-CN' | 'en-US';
  status: 'active' | 'disabled';
  failedLoginCount: number;
  failedLoginSince: string | null;
  lockedUntil: string | null;
  mustChangePassword: number;
  passwordChangedAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type RoleTable = {
  id: string;
  code: string;
  name: string;
  description: string;
  builtin: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type RoleGrantTable = { roleId: string; permission: string; dataScope: string };
export type UserRoleTable = { userId: string; roleId: string };

export type SessionTable = {
  /** sha256 of the cookie value; the raw token is never stored. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
};

export type AccessTokenTable = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

export type DictionaryTable = { code: string; nameZh: string; nameEn: string; sortOrder: number };
export type DictionaryItemTable = {
  id: string;
  dictionaryCode: string;
  value: string;
  labelZh: string;
  labelEn: string;
  sortOrder: number;
  enabled: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type AuditLogTable = {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: string | null;
  detail: string | null;
  ip: string | null;
};

export type JobRunTable = {
  id: string;
  job: string;
  /** The scheduled minute this run belongs to; unique with `job`, so one instance wins it. */
  slot: string;
  /** 'abandoned': its instance stopped renewing the lease and the slot was not run again (decision 073). */
  status: 'running' | 'succeeded' | 'failed' | 'abandoned';
  instance: string;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
  result: string | null;
  /** Until when the running instance holds the slot; it renews this while the job runs. */
  leaseUntil: string | null;
  /** 1 for the first run of the slot, +1 for each takeover after a lease expired. */
  attempts: Generated<number>;
};

export type SettingTable = { key: string; value: string; updatedAt: string };

export type PoolTable = {
  id: string;
  orgUnitId: string;
  name: string;
  isDefault: number;
  maxHeld: number;
  maxClaimsPerDay: number;
  reclaimCooldownDays: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CustomerTable = {
  id: string;
  kind: 'enterprise' | 'individual' | 'outlet';
  name: string;
  shortName: string | null;
  nameNorm: string;
  namePinyin: string;
  nameInitials: string;
  sortKey: string;
  creditCode: string | null;
  idNumber: string | null;
  licenceNo: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  regionCode: string | null;
  address: string | null;
  phone: string | null;
  phoneNorm: string | null;
  legalPerson: string | null;
  industry: string | null;
  ownership: string | null;
  scale: string | null;
  businessFormat: string | null;
  marketType: string | null;
  source: string | null;
  needs: string | null;
  purchaseChannel: string | null;
  salesChannel: string | null;
  remark: string | null;
  tags: string;
  isKey: number;
  isLocked: number;
  stage: 'prospect' | 'target' | 'won' | 'maintained' | 'dormant' | 'lost';
  stageChangedAt: string;
  grade: string | null;
  gradeOverride: string | null;
  gradeExplanation: string | null;
  potentialScore: number | null;
  ownerId: string | null;
  orgUnitId: string;
  poolId: string | null;
  previousOwnerId: string | null;
  claimedAt: string | null;
  releasedAt: string | null;
  lastContactAt: string | null;
  /** Latest done on-site visit and phone-class contact (modules/visits). */
  lastOnsiteAt: string | null;
  lastPhoneAt: string | null;
  /** When the next on-site / phone-class contact is due by the frequency rules; null when none applies. */
  onsiteDueAt: string | null;
  phoneDueAt: string | null;
  /** The customer's place, set by the first accurate on-site check-in. */
  geoLat: number | null;
  geoLng: number | null;
  geoAccuracy: number | null;
  geoSetAt: string | null;
  lastBusinessAt: string | null;
  reclaimWarnedAt: string | null;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CustomerTagTable = { customerId: string; tag: string };

export type ContactTable = {
  id: string;
  customerId: string;
  name: string;
  namePinyin: string;
  role: string | null;
  position: string | null;
  employer: string | null;
  mobile: string | null;
  mobileNorm: string | null;
  landline: string | null;
  email: string | null;
  wechat: string | null;
  address: string | null;
  gender: string | null;
  birthdayCalendar: 'solar' | 'lunar' | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: number;
  nextBirthday: string | null;
  preferences: string | null;
  notes: string | null;
  isPrimary: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type KeyDateTable = {
  id: string;
  customerId: string;
  contactId: string | null;
  kind: string;
  title: string;
  calendar: 'solar' | 'lunar';
  year: number | null;
  month: number;
  day: number;
  leapMonth: number;
  nextDate: string;
  remindDaysBefore: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CustomerEventTable = {
  id: string;
  customerId: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  changes: string | null;
  reason: string | null;
  detail: string | null;
};

export type ChangeRequestTable = {
  id: string;
  customerId: string;
  field: 'ownerId' | 'grade' | 'creditCode';
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type BusinessFigureTable = {
  id: string;
  customerId: string;
  month: string;
  volume: number | null;
  profit: number | null;
  daysLate: number | null;
  metrics: string | null;
  createdAt: string;
  updatedAt: string;
};

export type SavedFilterTable = { id: string; userId: string; name: string; query: string; createdAt: string };

export type ImportJobTable = {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  fileName: string;
  mode: 'all' | 'validOnly';
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorCount: number;
  errors: string | null;
  message: string | null;
  /** The encoding a CSV was read in: 'utf-8' or 'gb18030'; null for .xlsx and before it is known. */
  encoding: 'utf-8' | 'gb18030' | null;
  /** Where a running import is; written as it goes (throttled) so any instance can answer. */
  phase: 'validating' | 'writing' | 'done' | null;
  createdBy: string;
  orgUnitId: string;
  createdAt: string;
  finishedAt: string | null;
};

export type GradeResultTable = { customerId: string; grade: string | null; explanation: string };

/** An Idempotency-Key and the answer it got (http/idempotency.ts). */
export type IdempotencyKeyTable = {
  userId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  response: string | null;
  createdAt: string;
};

/** A stored file (storage/attachments.ts); `data` is bytea / blob. */
export type AttachmentTable = {
  id: string;
  ownerType: string;
  ownerId: string;
  fileName: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  data: Buffer;
  createdBy: string;
  createdAt: string;
};

/** An event a module published inside its transaction (modules/notifications/publish.ts). */
export type OutboxEventTable = {
  id: string;
  type: string;
  entityType: string;
  entityId: string;
  orgUnitId: string | null;
  /** JSON array of user ids. */
  recipients: string;
  payload: string;
  dedupeKey: string | null;
  createdAt: string;
  processedAt: string | null;
};

/** One line per customer for the substring search, kept by triggers (migration 0012). `id` is SQLite's FTS rowid. */
export type CustomerSearchTable = {
  id?: number;
  customerId: string;
  body: string;
};

/** Tables of the foundation, the customer archive and the shared mechanisms. */
export type CoreTables = {
  customerSearch: CustomerSearchTable;
  idempotencyKey: IdempotencyKeyTable;
  attachment: AttachmentTable;
  outboxEvent: OutboxEventTable;
  gradeResult: GradeResultTable;
  pool: PoolTable;
  customer: CustomerTable;
  customerTag: CustomerTagTable;
  contact: ContactTable;
  keyDate: KeyDateTable;
  customerEvent: CustomerEventTable;
  changeRequest: ChangeRequestTable;
  businessFigure: BusinessFigureTable;
  savedFilter: SavedFilterTable;
  importJob: ImportJobTable;
  orgUnit: OrgUnitTable;
  appUser: AppUserTable;
  role: RoleTable;
  roleGrant: RoleGrantTable;
  userRole: UserRoleTable;
  session: SessionTable;
  accessToken: AccessTokenTable;
  dictionary: DictionaryTable;
  dictionaryItem: DictionaryItemTable;
  auditLog: AuditLogTable;
  jobRun: JobRunTable;
  setting: SettingTable;
};

/** Every table: the core's and each module's (modules/<domain>/<domain>.tables.ts). */
export type Database = CoreTables & VisitTables & PlanTables & TicketTables & NotificationTables;

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type Patch<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
