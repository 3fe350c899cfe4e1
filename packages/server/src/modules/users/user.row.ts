import { newId } from '../../db/dialect.js';
import type { NewRow } from '../../db/schema.js';

export type NewUser = {
  username: string;
  displayName: string;
  passwordHash: string;
  orgUnitId: string;
  grade?: 'junior' | 'middle' | 'senior' | null;
  email?: string | null;
  phone?: string | null;
  locale?: 'zh-CN' | 'en-US';
  mustChangePassword: boolean;
};

/** The one place a user row is made: the API, the demo seed and the CLI all create users so. */
export const newUserRow = (u: NewUser, now: string) =>
  ({
    id: newId(),
    username: u.username,
    usernameLower: u.username.toLowerCase(),
    displayName: u.displayName,
    passwordHash: u.passwordHash,
    orgUnitId: u.orgUnitId,
    grade: u.grade ?? null,
    email: u.email ?? null,
    phone: u.phone ?? null,
    locale: u.locale ?? 'zh-CN',
    status: 'active',
    failedLoginCount: 0,
    failedLoginSince: null,
    lockedUntil: null,
    mustChangePassword: u.mustChangePassword ? 1 : 0,
    passwordChangedAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }) satisfies NewRow<'appUser'>;
