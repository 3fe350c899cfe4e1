import { z } from 'zod';

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** The record's name in words ("崔辉子食杂店"), looked up when the entry is read; null when gone or nameless. */
  recordName: z.string().nullable(),
  changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
  sort: z.string().max(100).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(40).optional(),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const ZJob = z.object({
  name: z.string(),
  schedule: z.string(),
  nextRunAt: z.string().nullable(),
  lastRun: z
    .object({ id: z.string(), status: z.string(), startedAt: z.string(), finishedAt: z.string().nullable() })
    .nullable(),
});
export const ZJobRun = z.object({
  id: z.string(),
  job: z.string(),
  slot: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'abandoned']),
  instance: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  /** 1, or more when the slot was taken over after its instance stopped renewing the lease. */
  attempts: z.number().int(),
  leaseUntil: z.string().nullable(),
});
export type TJobRun = z.infer<typeof ZJobRun>;

export const ZHealth = z.object({
  status: z.literal('ok'),
  db: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
