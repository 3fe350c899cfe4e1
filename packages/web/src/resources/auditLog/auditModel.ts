import { auditActionLabels, auditEntityLabels, type TAuditEntry } from '@liaison/shared';
import type { AuditQuery } from '../../api/auditLog';

/** Every action and record type the server records, from the shared catalogue. */
export const knownActions = Object.keys(auditActionLabels);
export const knownEntities = Object.keys(auditEntityLabels);

export type ChangeRow = { field: string; old: unknown; new: unknown };

export const changeRows = (entry: Pick<TAuditEntry, 'changes'>): ChangeRow[] =>
  Object.entries(entry.changes ?? {}).map(([field, c]) => ({ field, old: c.old, new: c.new }));

const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A record's creation: every old value is empty, so only the values set are worth showing. */
export const isCreation = (rows: ChangeRow[]): boolean => rows.length > 0 && rows.every((r) => isBlank(r.old));

export const setValues = (rows: ChangeRow[]): ChangeRow[] => rows.filter((r) => !isBlank(r.new));

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** A short human label for the record an entry is about, from what the entry itself carries. */
export const summaryOf = (entry: Pick<TAuditEntry, 'changes' | 'detail'> & { recordName?: string | null }): string | null => {
  if (entry.recordName) return entry.recordName;
  const c = entry.changes ?? {};
  const d = entry.detail ?? {};
  const name = str(c.displayName?.new) ?? str(c.name?.new) ?? str(c.labelZh?.new) ?? str(d.name) ?? str(d.displayName);
  const code = str(c.username?.new) ?? str(c.code?.new) ?? str(c.value?.new) ?? str(d.username) ?? str(d.code);
  if (name && code && name !== code) return `${name} (${code})`;
  return name ?? code;
};

export const actionColor = (action: string): string | undefined =>
  ({ create: 'green', update: 'blue', delete: 'red', login_failed: 'orange', password_reset: 'purple', revoke: 'volcano', unlock: 'cyan' })[action];

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
export const isIsoTime = (v: unknown): v is string => typeof v === 'string' && ISO.test(v);

/** Filters live in the URL so an investigation can be shared as a link. */
export const auditQueryFromParams = (p: URLSearchParams): AuditQuery => ({
  actorId: p.get('actorId') || undefined,
  action: p.get('action') || undefined,
  entity: p.get('entity') || undefined,
  entityId: p.get('entityId') || undefined,
  from: p.get('from') || undefined,
  to: p.get('to') || undefined,
  page: Number(p.get('page')) || 1,
  perPage: Number(p.get('perPage')) || 20,
});

export const auditParamsFromQuery = (q: AuditQuery): Record<string, string> =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => v !== undefined && v !== '' && !(k === 'page' && v === 1) && !(k === 'perPage' && v === 20))
      .map(([k, v]) => [k, String(v)]),
  );

export const hasAuditFilters = (q: AuditQuery): boolean => Boolean(q.actorId || q.action || q.entity || q.entityId || q.from || q.to);
