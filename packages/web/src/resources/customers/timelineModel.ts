import type { TCustomerEvent } from '../../api/customers';

export type EventChange = { field: string; old: unknown; new: unknown };

/** Bookkeeping columns a creation event carries that say nothing to a person. */
const noise = new Set(['id', 'version', 'createdAt', 'updatedAt', 'stageChangedAt', 'provinceCode', 'cityCode', 'customerId', 'contactId', 'claimedAt', 'poolId', 'orgUnitId']);

/** The changed fields worth showing, in the order they came. */
export const eventChanges = (e: Pick<TCustomerEvent, 'changes'>): EventChange[] =>
  Object.entries(e.changes ?? {})
    .filter(([field]) => !noise.has(field))
    .map(([field, c]) => ({ field, old: c.old, new: c.new }));

/** A creation lists every value set; only those are worth a line. */
export const isBlankValue = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export const eventColor = (kind: string): string =>
  ({
    created: 'green',
    claim: 'green',
    change_approved: 'green',
    stage: 'purple',
    change_requested: 'purple',
    release: 'orange',
    reclaim_warning: 'orange',
    reveal: 'orange',
    reclaim: 'red',
    change_rejected: 'red',
    contact_removed: 'red',
    assign: 'cyan',
    handover: 'cyan',
  })[kind] ?? 'blue';

/** Dictionary-backed fields, for showing stored values in words. */
export const dictionaryOfField: Record<string, string> = {
  industry: 'industry',
  ownership: 'ownership',
  scale: 'scale',
  businessFormat: 'businessFormat',
  marketType: 'marketType',
  source: 'source',
  role: 'contactRole',
  kind: 'keyDateKind',
};

/** The extra line an event carries beyond its changes (a reason, a warning, a contact's name). */
export const eventDetailKey = (
  e: Pick<TCustomerEvent, 'kind' | 'detail'>,
): { key: 'revealed' | 'warning' | 'keyDate' | 'contact' | 'requestField' | 'note'; params: Record<string, string> } | null => {
  const d = e.detail ?? {};
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  switch (e.kind) {
    case 'reveal':
      return { key: 'revealed', params: { field: s(d.field) } };
    case 'reclaim_warning':
      return { key: 'warning', params: { days: s(d.days), idleDays: s(d.idleDays), reclaimOn: s(d.reclaimOn) } };
    case 'key_date_added':
      return { key: 'keyDate', params: { title: s(d.title), date: s(d.nextDate) } };
    case 'contact_updated':
    case 'contact_removed':
      return d.name ? { key: 'contact', params: { name: s(d.name) } } : null;
    case 'change_requested':
    case 'change_rejected':
      return d.field ? { key: 'requestField', params: { field: s(d.field) } } : null;
    case 'release':
      return d.note ? { key: 'note', params: { note: s(d.note) } } : null;
    default:
      return null;
  }
};
