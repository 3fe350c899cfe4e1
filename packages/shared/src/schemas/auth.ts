import { z } from 'zod';
import { dataScopes, permissions } from '../permissions.js';
import { locales } from '../locale.js';

export const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const ZManagerGrade = z.enum(['junior', 'middle', 'senior']);
export type TManagerGrade = z.infer<typeof ZManagerGrade>;

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(locales),
  grade: ZManagerGrade.nullable(),
  orgUnit: z.object({ id: z.string(), name: z.string(), path: z.string() }),
  roles: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  permissions: z.partialRecord(z.enum(permissions), z.enum(dataScopes)),
  mustChangePassword: z.boolean(),
  csrfToken: z.string().nullable(),
});
export type TMe = z.infer<typeof ZMe>;

/** Answer to a password change: how many personal access tokens it revoked (all of them). */
export const ZPasswordChanged = z.object({ ok: z.literal(true), revokedTokens: z.number().int().min(0) });
export const ZChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const ZUpdateMeBody = z.strictObject({
  locale: z.enum(locales).optional(),
  displayName: z.string().trim().min(1).max(50).optional(),
});

export const ZAccessToken = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const ZCreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
