import { maskSearchText } from '@liaison/shared';
import { newId, toIso, toJson } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import type { Auth } from '../../access/auth.js';
import type { RequestMeta } from '../../context.js';

export type Change = { old: unknown; new: unknown };
export type Changes = Record<string, Change>;

/** Values never written to the audit log in clear. */
const secretFields = new Set(['password', 'passwordHash', 'tokenHash', 'csrfToken']);
/** Values written masked, as lists and exports show them. */
const maskedFields = new Set(['phone', 'mobile', 'landline', 'idNumber', 'email', 'address', 'detailAddress']);

export const maskValue = (field: string, value: unknown): unknown => {
  if (value == null || value === '') return value;
  if (secretFields.has(field)) return '******';
  if (maskedFields.has(field)) return maskText(String(value));
  return value;
};

/** `13812341234` → `138****1234`; short values keep only their first character. */
export const maskText = (s: string): string => {
  if (s.length >= 7) {
    const keepHead = s.length >= 11 ? 3 : 2;
    return s.slice(0, keepHead) + '*'.repeat(Math.max(4, s.length - keepHead - 4)) + s.slice(-4);
  }
  return s.slice(0, 1) + '*'.repeat(Math.max(1, s.length - 1));
};

/** The fields that differ between two versions of a record, masked for the log. */
export const diff = <T extends Record<string, unknown>>(before: T, after: Partial<T>, fields?: (keyof T)[]): Changes => {
  const out: Changes = {};
  for (const key of fields ?? (Object.keys(after) as (keyof T)[])) {
    const a = before[key];
    const b = after[key];
    if (b === undefined) continue;
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    out[key as string] = { old: maskValue(String(key), a ?? null), new: maskValue(String(key), b ?? null) };
  }
  return out;
};

export const created = (record: Record<string, unknown>): Changes =>
  Object.fromEntries(
    Object.entries(record)
      .filter(([k, v]) => v !== undefined && !['id', 'version', 'createdAt', 'updatedAt'].includes(k))
      .map(([k, v]) => [k, { old: null, new: maskValue(k, v) }]),
  );

/** Keys under which a detail records what someone searched or filtered by. */
const filterKeys = new Set(['filter', 'filters', 'query', 'q', 'search', 'keyword']);

/**
 * A detail as the log keeps it: under a filter key (an export's `filter: { q: '158…' }`) search
 * text that looks like a phone, ID or credit code is masked, and masked fields (phone, idNumber…)
 * are masked as everywhere — auditors without the reveal permission read the log.
 */
export const maskDetail = (value: unknown, inFilter = false, key = ''): unknown => {
  if (typeof value === 'string') {
    if (maskedFields.has(key) || secretFields.has(key)) return maskValue(key, value);
    return inFilter ? maskSearchText(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskDetail(v, inFilter, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDetail(v, inFilter || filterKeys.has(k), k)]));
  return value;
};

export type AuditInput = {
  action: string;
  entity: string;
  entityId?: string | null;
  changes?: Changes | null;
  detail?: Record<string, unknown> | null;
};

/** Appends one entry; call it inside the transaction that makes the change it records. */
export const recordAudit = async (
  tx: Tx,
  at: Date,
  actor: Pick<Auth, 'userId' | 'displayName'> | { userId: string | null; displayName: string | null } | null,
  meta: RequestMeta | null,
  input: AuditInput,
): Promise<void> => {
  await tx
    .insertInto('auditLog')
    .values({
      id: newId(),
      at: toIso(at),
      actorId: actor?.userId ?? null,
      actorName: actor?.displayName ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? null,
      changes: input.changes && Object.keys(input.changes).length ? toJson(input.changes) : null,
      detail: toJson(input.detail ? maskDetail(input.detail) : null),
      ip: meta?.ip ?? null,
    })
    .execute();
};
