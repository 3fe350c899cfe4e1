import { z } from 'zod';
import { dataScopes, permissions } from '../permissions.js';
import { locales } from '../locale.js';
import { ZManagerGrade } from './auth.js';
import { ZVersion } from './common.js';

const name = z.string().trim().min(1).max(100);
const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/);

export const orgUnitKinds = ['province', 'city', 'department', 'team'] as const;

export const ZOrgUnit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  code: z.string(),
  kind: z.enum(orgUnitKinds),
  path: z.string(),
  sortOrder: z.number().int(),
  userCount: z.number().int().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrgUnit = z.infer<typeof ZOrgUnit>;

export const ZCreateOrgUnitBody = z.strictObject({
  parentId: z.string().min(1).max(64),
  name,
  code,
  kind: z.enum(orgUnitKinds),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export const ZUpdateOrgUnitBody = z.strictObject({
  version: ZVersion,
  parentId: z.string().min(1).max(64).optional(),
  name: name.optional(),
  code: code.optional(),
  kind: z.enum(orgUnitKinds).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const userStatuses = ['active', 'disabled'] as const;

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  grade: ZManagerGrade.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.enum(locales),
  status: z.enum(userStatuses),
  lockedUntil: z.string().nullable(),
  roles: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/);
const mobile = z.string().trim().regex(/^1[3-9]\d{9}$/);

export const ZCreateUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(256),
  orgUnitId: z.string().min(1).max(64),
  roleIds: z.array(z.string().min(1).max(64)).min(1).max(20),
  grade: ZManagerGrade.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: mobile.nullable().optional(),
  locale: z.enum(locales).optional(),
});
export const ZUpdateUserBody = z.strictObject({
  version: ZVersion,
  displayName: z.string().trim().min(1).max(50).optional(),
  orgUnitId: z.string().min(1).max(64).optional(),
  roleIds: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  grade: ZManagerGrade.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: mobile.nullable().optional(),
  locale: z.enum(locales).optional(),
  status: z.enum(userStatuses).optional(),
});
export const ZResetPasswordBody = z.strictObject({
  newPassword: z.string().min(1).max(256),
  mustChangePassword: z.boolean().optional(),
});

export const ZGrant = z.object({ permission: z.enum(permissions), dataScope: z.enum(dataScopes) });
export const ZRole = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  grants: z.array(ZGrant),
  userCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRole = z.infer<typeof ZRole>;
export const ZCreateRoleBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(50),
  description: z.string().trim().max(200).optional(),
  grants: z.array(z.strictObject({ permission: z.enum(permissions), dataScope: z.enum(dataScopes) })).max(200),
});
export const ZUpdateRoleBody = z.strictObject({
  version: ZVersion,
  name: z.string().trim().min(1).max(50).optional(),
  description: z.string().trim().max(200).optional(),
  grants: z
    .array(z.strictObject({ permission: z.enum(permissions), dataScope: z.enum(dataScopes) }))
    .max(200)
    .optional(),
});
