import { customerKinds, customerStages, stageMoveNeedsReason, stageTransitions, type TCustomer, type TCustomerKind, type TCustomerStage } from '@liaison/shared';
import { apiUrl, type Query } from '../../api/client';
import type { TRegion } from '../../api/customers';

/** The customer list's state as it lives in the URL (and in saved filters). */
export type CustomerListState = {
  q?: string;
  stage?: TCustomerStage[];
  grade?: string[];
  kind?: TCustomerKind[];
  businessFormat?: string[];
  marketType?: string[];
  tag?: string[];
  isKey?: 'true' | 'false';
  ownerId?: string;
  orgUnitId?: string;
  regionCode?: string;
  /** "Not contacted for more than N days"; turned into `lastContactBefore` when asking the API. */
  idleDays?: number;
  poolId?: string;
  /** Only customers the reclaim job warned about. */
  reclaimWarned?: 'true';
  /** Overdue by the contact-frequency rules. */
  overdue?: 'onsite' | 'phone' | 'any';
  /** Next contact due before this time (the workbench's "due this week"). */
  dueBefore?: string;
  sort?: string;
  page: number;
  perPage: number;
};

export const DEFAULT_PER_PAGE = 20;
export const idleDayPresets = [7, 15, 30, 60, 90, 180] as const;
export const sortFields = ['name', 'lastContactAt', 'createdAt', 'onsiteDueAt', 'phoneDueAt'] as const;
export type SortField = (typeof sortFields)[number];

const listKeys = ['stage', 'grade', 'kind', 'businessFormat', 'marketType', 'tag'] as const;
const filterKeys = [...listKeys, 'q', 'isKey', 'ownerId', 'orgUnitId', 'regionCode', 'idleDays', 'poolId', 'reclaimWarned', 'overdue', 'dueBefore'] as const;

const csv = (v: string | null): string[] | undefined => {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
};
const oneOf = <T extends string>(values: readonly T[], v: string[] | undefined): T[] | undefined => {
  const kept = v?.filter((x): x is T => (values as readonly string[]).includes(x));
  return kept?.length ? kept : undefined;
};

export const customerStateFromParams = (p: URLSearchParams): CustomerListState => {
  const isKey = p.get('isKey');
  const idle = Number(p.get('idleDays'));
  return {
    q: p.get('q') || undefined,
    stage: oneOf(customerStages, csv(p.get('stage'))),
    grade: csv(p.get('grade')),
    kind: oneOf(customerKinds, csv(p.get('kind'))),
    businessFormat: csv(p.get('businessFormat')),
    marketType: csv(p.get('marketType')),
    tag: csv(p.get('tag')),
    isKey: isKey === 'true' || isKey === 'false' ? isKey : undefined,
    ownerId: p.get('ownerId') || undefined,
    orgUnitId: p.get('orgUnitId') || undefined,
    regionCode: /^\d{2,6}$/.test(p.get('regionCode') ?? '') ? p.get('regionCode')! : undefined,
    idleDays: Number.isInteger(idle) && idle > 0 ? idle : undefined,
    poolId: p.get('poolId') || undefined,
    reclaimWarned: p.get('reclaimWarned') === 'true' ? 'true' : undefined,
    overdue: (['onsite', 'phone', 'any'] as const).find((o) => o === p.get('overdue')),
    dueBefore: p.get('dueBefore') && !Number.isNaN(Date.parse(p.get('dueBefore')!)) ? p.get('dueBefore')! : undefined,
    sort: p.get('sort') || undefined,
    page: Number(p.get('page')) || 1,
    perPage: Number(p.get('perPage')) || DEFAULT_PER_PAGE,
  };
};

/** The URL form of the state, defaults left out; also what a saved filter stores. */
export const paramsFromCustomerState = (s: Partial<CustomerListState>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.join(',');
      continue;
    }
    if (k === 'page' && v === 1) continue;
    if (k === 'perPage' && v === DEFAULT_PER_PAGE) continue;
    out[k] = String(v);
  }
  return out;
};

/** Only the filters (no page, size or sort): what a saved filter keeps. */
export const filtersOnly = (s: CustomerListState): Record<string, string> => {
  const all = paramsFromCustomerState(s);
  return Object.fromEntries(Object.entries(all).filter(([k]) => (filterKeys as readonly string[]).includes(k)));
};

export const activeFilterCount = (s: CustomerListState): number =>
  filterKeys.filter((k) => k !== 'q' && (Array.isArray(s[k]) ? (s[k] as unknown[]).length > 0 : s[k] !== undefined)).length;

export const hasCustomerFilters = (s: CustomerListState): boolean => Boolean(s.q) || activeFilterCount(s) > 0;

export const clearedFilters = (): Partial<CustomerListState> => Object.fromEntries(filterKeys.map((k) => [k, undefined]));

/** The moment before which the last contact must lie for "not contacted for N days". */
export const lastContactBefore = (idleDays: number, now: Date): string => new Date(now.getTime() - idleDays * 86_400_000).toISOString();

/** What the API is asked: lists comma-separated, "idle days" as a timestamp. */
export const toApiQuery = (s: CustomerListState, now = new Date()): Query => {
  const { idleDays, ...rest } = s;
  const q: Query = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined || v === '') continue;
    q[k] = Array.isArray(v) ? (v.length ? v.join(',') : undefined) : v;
  }
  if (idleDays) q.lastContactBefore = lastContactBefore(idleDays, now);
  return q;
};

/** The export link: the same filters and sort, every page. */
export const exportHref = (s: CustomerListState, now = new Date()): string => {
  const { page: _p, perPage: _pp, ...q } = toApiQuery(s, now);
  return apiUrl('/customers/export.xlsx', q);
};

export const sortOrderOf = (sort: string | undefined, field: string, defaultField = 'name'): 'ascend' | 'descend' | null => {
  if (!sort) return field === defaultField ? 'ascend' : null;
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
};

/** antd's table sorter to the API's `sort`; dates sort newest first the first time they are clicked. */
export const sortParam = (field: unknown, order: 'ascend' | 'descend' | null | undefined): string | undefined =>
  order && typeof field === 'string' ? `${order === 'descend' ? '-' : ''}${field}` : undefined;

// Lifecycle

export const stageColor: Record<TCustomerStage, string> = {
  prospect: 'default',
  target: 'cyan',
  won: 'green',
  maintained: 'blue',
  dormant: 'orange',
  lost: 'red',
};

export const nextStages = (stage: TCustomerStage): TCustomerStage[] => [...stageTransitions[stage]];
/** Backwards, to dormant or to lost: the move needs a reason. */
export const stageNeedsReason = stageMoveNeedsReason;

// Kinds and the identity fields each one uses

export type IdentityField = 'creditCode' | 'idNumber' | 'licenceNo' | 'legalPerson';
export const identityFields = (kind: TCustomerKind): IdentityField[] =>
  kind === 'individual' ? ['idNumber'] : kind === 'outlet' ? ['licenceNo', 'creditCode', 'legalPerson'] : ['creditCode', 'legalPerson'];

// Regions

/** The Cascader path (province, city, district codes) down to a code; empty when unknown. Codes nest by prefix. */
export const regionPath = (tree: TRegion[], code: string | null | undefined): string[] => {
  if (!code) return [];
  const path: string[] = [];
  let level: TRegion[] | undefined = tree;
  while (level) {
    const node: TRegion | undefined = level.find((n) => code.startsWith(n.code));
    if (!node) return [];
    path.push(node.code);
    if (node.code === code) return path;
    level = node.children;
  }
  return [];
};

/** The names along a region path, for showing a chosen region without the whole tree. */
export const regionLabel = (tree: TRegion[], code: string | null | undefined): string => {
  const names: string[] = [];
  let level: TRegion[] | undefined = tree;
  for (const c of regionPath(tree, code)) {
    const node: TRegion | undefined = level?.find((n) => n.code === c);
    if (!node) break;
    if (node.name !== '市辖区') names.push(node.name);
    level = node.children;
  }
  return names.join(' / ');
};

// The form

export type CustomerFormValues = {
  kind: TCustomerKind;
  name: string;
  shortName?: string | null;
  creditCode?: string | null;
  idNumber?: string | null;
  licenceNo?: string | null;
  legalPerson?: string | null;
  phone?: string | null;
  /** The Cascader path; named like the API field so server errors land on it. */
  regionCode?: string[];
  address?: string | null;
  industry?: string | null;
  ownership?: string | null;
  scale?: string | null;
  businessFormat?: string | null;
  marketType?: string | null;
  source?: string | null;
  tags?: string[];
  needs?: string | null;
  purchaseChannel?: string | null;
  salesChannel?: string | null;
  remark?: string | null;
  isKey?: boolean;
  potentialScore?: number | null;
};

const textFields = [
  'shortName',
  'creditCode',
  'idNumber',
  'licenceNo',
  'legalPerson',
  'phone',
  'address',
  'needs',
  'purchaseChannel',
  'salesChannel',
  'remark',
] as const;
const dictFields = ['industry', 'ownership', 'scale', 'businessFormat', 'marketType', 'source'] as const;
/** Values the server only ever sends masked: the form starts them empty and sends them only when typed. */
export const maskedFormFields = ['phone', 'idNumber', 'address'] as const;

const clean = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** Form values → the create body: blanks as null, the region as its last (most precise) code. */
export const createPayload = (v: CustomerFormValues) => {
  const kindFields = new Set<string>(identityFields(v.kind));
  const body: Record<string, unknown> = { kind: v.kind, name: v.name.trim() };
  for (const f of textFields) {
    if ((f === 'creditCode' || f === 'idNumber' || f === 'licenceNo' || f === 'legalPerson') && !kindFields.has(f)) continue;
    const value = clean(v[f]);
    if (value !== null) body[f] = value;
  }
  for (const f of dictFields) if (v[f]) body[f] = v[f];
  const region = v.regionCode?.at(-1);
  if (region) body.regionCode = region;
  if (v.tags?.length) body.tags = v.tags;
  if (v.isKey) body.isKey = true;
  if (v.potentialScore !== undefined && v.potentialScore !== null) body.potentialScore = v.potentialScore;
  return body as { kind: TCustomerKind; name: string } & Record<string, unknown>;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Form values → the PATCH body: only what changed. Masked values (phone, ID number, address)
 * are sent only when the user typed a new one; an untouched potential score is left alone.
 */
export const updatePayload = (c: TCustomer, v: CustomerFormValues): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  const kindFields = new Set<string>(identityFields(c.kind));
  if (v.name.trim() !== c.name) body.name = v.name.trim();
  for (const f of textFields) {
    if ((f === 'creditCode' || f === 'idNumber' || f === 'licenceNo' || f === 'legalPerson') && !kindFields.has(f)) continue;
    const value = clean(v[f]);
    if ((maskedFormFields as readonly string[]).includes(f)) {
      if (value !== null) body[f] = value;
      continue;
    }
    if (!same(value, c[f])) body[f] = value;
  }
  for (const f of dictFields) if (!same(v[f] ?? null, c[f])) body[f] = v[f] ?? null;
  const region = v.regionCode?.at(-1) ?? null;
  if (!same(region, c.regionCode)) body.regionCode = region;
  if (!same(v.tags ?? [], c.tags)) body.tags = v.tags ?? [];
  if (Boolean(v.isKey) !== c.isKey) body.isKey = Boolean(v.isKey);
  if (v.potentialScore !== undefined && v.potentialScore !== null) body.potentialScore = v.potentialScore;
  return body;
};

/** A customer as the edit form starts: masked values left empty (they are placeholders instead). */
export const formValuesOf = (c: TCustomer, tree: TRegion[]): CustomerFormValues => ({
  kind: c.kind,
  name: c.name,
  shortName: c.shortName,
  creditCode: c.creditCode,
  idNumber: c.masked.includes('idNumber') ? null : c.idNumber,
  licenceNo: c.licenceNo,
  legalPerson: c.legalPerson,
  phone: c.masked.includes('phone') ? null : c.phone,
  regionCode: regionPath(tree, c.regionCode),
  address: c.masked.includes('address') ? null : c.address,
  industry: c.industry,
  ownership: c.ownership,
  scale: c.scale,
  businessFormat: c.businessFormat,
  marketType: c.marketType,
  source: c.source,
  tags: c.tags,
  needs: c.needs,
  purchaseChannel: c.purchaseChannel,
  salesChannel: c.salesChannel,
  remark: c.remark,
  isKey: c.isKey,
});

// Duplicate check answers

export type DuplicateMatch = { reason: string; location: 'pool' | 'mine' | 'colleague'; customerId?: string; name?: string };

export const duplicateMatches = (detail: Record<string, unknown> | undefined): DuplicateMatch[] => {
  const raw = detail?.matches;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (m): m is DuplicateMatch =>
      Boolean(m) && typeof m === 'object' && typeof (m as DuplicateMatch).reason === 'string' && ['pool', 'mine', 'colleague'].includes((m as DuplicateMatch).location),
  );
};

/** Where a duplicate can be opened: the customer itself when it is in scope, else the pool searched by name. */
export const duplicateLink = (m: DuplicateMatch): string | null => {
  if (m.location === 'pool') return m.name ? `/pool?q=${encodeURIComponent(m.name)}` : '/pool';
  if (m.customerId) return `/customers/${m.customerId}`;
  return null;
};

/** A region without its province, for narrow columns: 浙江省杭州市西湖区 → 杭州市西湖区. */
export const shortRegion = (name: string | null | undefined): string => (name ? name.replace(/^.+?(省|自治区|特别行政区)(?=.)/, '') : '');

/** Days since a moment (whole days, never negative); null without one. */
export const daysSince = (iso: string | null | undefined, now = new Date()): number | null =>
  iso ? Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000)) : null;

/** The customer's follow-up period: its grade's reclaim period, else the default (30/45/60/90 days). */
export const followUpPeriod = (rules: { daysByGrade: Record<string, number>; warnDays: number } | undefined, grade: string | null | undefined): { days: number; warnDays: number } => ({
  days: (grade ? rules?.daysByGrade[grade] : undefined) ?? rules?.daysByGrade.default ?? 30,
  warnDays: rules?.warnDays ?? 7,
});

/** Days since the last contact against the customer's period: overdue past it, `soon` in its last W days. */
export const contactStanding = (days: number | null, period: { days: number; warnDays: number }): 'never' | 'overdue' | 'soon' | 'ok' => {
  if (days === null) return 'never';
  if (days > period.days) return 'overdue';
  if (days > period.days - period.warnDays) return 'soon';
  return 'ok';
};

/** A last contact this long ago is worth a warning colour in the list. */
export const contactStaleness = (iso: string | null | undefined, now = new Date()): 'never' | 'stale' | 'late' | 'fresh' => {
  const d = daysSince(iso, now);
  if (d === null) return 'never';
  if (d > 60) return 'stale';
  if (d > 30) return 'late';
  return 'fresh';
};
