import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

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
  status: 'running' | 'succeeded' | 'failed';
  instance: string;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
  result: string | null;
};

export type SettingTable = { key: string; value: string; updatedAt: string };

export type Database = {
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

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type Patch<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
