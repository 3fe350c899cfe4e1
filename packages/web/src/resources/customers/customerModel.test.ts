import { describe, expect, it } from 'vitest';
import type { TCustomer } from '@liaison/shared';
import {
  activeFilterCount,
  contactStaleness,
  contactStanding,
  followUpPeriod,
  createPayload,
  customerStateFromParams,
  duplicateLink,
  duplicateMatches,
  exportHref,
  filtersOnly,
  formValuesOf,
  hasCustomerFilters,
  identityFields,
  nextStages,
  paramsFromCustomerState,
  regionLabel,
  regionPath,
  shortRegion,
  sortOrderOf,
  sortParam,
  stageNeedsReason,
  toApiQuery,
  updatePayload,
} from './customerModel';

const tree = [
  {
    code: '33',
    name: '浙江省',
    children: [{ code: '3301', name: '杭州市', children: [{ code: '330106', name: '西湖区' }, { code: '330108', name: '滨江区' }] }],
  },
  { code: '11', name: '北京市', children: [{ code: '1101', name: '市辖区', children: [{ code: '110101', name: '东城区' }] }] },
];

const customer = (over: Partial<TCustomer> = {}): TCustomer => ({
  id: 'c1',
  kind: 'outlet',
  name: '惠民便利店',
  shortName: null,
  creditCode: null,
  idNumber: null,
  licenceNo: '330106100001',
  provinceCode: '33',
  cityCode: '3301',
  regionCode: '330106',
  regionName: '浙江省杭州市西湖区',
  address: '文三路100****',
  phone: '138****1234',
  legalPerson: null,
  industry: null,
  ownership: null,
  scale: null,
  businessFormat: 'convenience',
  marketType: null,
  source: null,
  needs: null,
  purchaseChannel: null,
  salesChannel: null,
  remark: null,
  tags: ['honest'],
  isKey: false,
  isLocked: false,
  stage: 'maintained',
  stageChangedAt: '2026-01-01T00:00:00Z',
  grade: 'B',
  ownerId: 'u1',
  ownerName: '张伟',
  orgUnitId: 'o1',
  orgUnitName: '西湖营销部',
  poolId: null,
  lastContactAt: null,
  lastOnsiteAt: null,
  lastPhoneAt: null,
  onsiteDueAt: null,
  phoneDueAt: null,
  releasedAt: null,
  reclaimWarnedAt: null,
  potentialScore: null,
  masked: ['address', 'phone'],
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('customer list state', () => {
  it('round-trips filters through the URL, lists comma-separated, defaults left out', () => {
    const state = customerStateFromParams(new URLSearchParams('q=zsyh&stage=won,maintained,bogus&grade=A&isKey=true&idleDays=30&regionCode=3301&page=2'));
    expect(state).toMatchObject({ q: 'zsyh', stage: ['won', 'maintained'], grade: ['A'], isKey: 'true', idleDays: 30, regionCode: '3301', page: 2, perPage: 20 });
    expect(paramsFromCustomerState(state)).toEqual({ q: 'zsyh', stage: 'won,maintained', grade: 'A', isKey: 'true', idleDays: '30', regionCode: '3301', page: '2' });
  });

  it('ignores values the API would refuse', () => {
    const state = customerStateFromParams(new URLSearchParams('isKey=maybe&idleDays=-3&regionCode=abc&kind=shop'));
    expect(state.isKey).toBeUndefined();
    expect(state.idleDays).toBeUndefined();
    expect(state.regionCode).toBeUndefined();
    expect(state.kind).toBeUndefined();
  });

  it('counts active filters (the search box apart) and keeps only filters for saving', () => {
    const state = customerStateFromParams(new URLSearchParams('q=张&stage=won&tag=honest&sort=-createdAt&page=3'));
    expect(activeFilterCount(state)).toBe(2);
    expect(hasCustomerFilters(state)).toBe(true);
    expect(filtersOnly(state)).toEqual({ q: '张', stage: 'won', tag: 'honest' });
    expect(hasCustomerFilters(customerStateFromParams(new URLSearchParams('sort=name')))).toBe(false);
  });

  it('asks the API with "not contacted for N days" as a timestamp', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const q = toApiQuery(customerStateFromParams(new URLSearchParams('idleDays=30&stage=won,lost&isKey=true')), now);
    expect(q).toEqual({ stage: 'won,lost', isKey: 'true', lastContactBefore: '2026-10-24T00:00:00.000Z', page: 1, perPage: 20 });
    expect(exportHref(customerStateFromParams(new URLSearchParams('q=惠民&page=4')), now)).toBe('/api/v1/customers/export.xlsx?q=%E6%83%A0%E6%B0%91');
  });

  it('maps table sorting to the API and back, name ascending by default', () => {
    expect(sortParam('lastContactAt', 'descend')).toBe('-lastContactAt');
    expect(sortParam('name', null)).toBeUndefined();
    expect(sortOrderOf(undefined, 'name')).toBe('ascend');
    expect(sortOrderOf('-lastContactAt', 'lastContactAt')).toBe('descend');
    expect(sortOrderOf('-lastContactAt', 'name')).toBeNull();
  });
});

describe('lifecycle', () => {
  it('follows the server transitions and asks a reason for backward, dormant and lost moves', () => {
    expect(nextStages('prospect')).toEqual(['target', 'won', 'lost']);
    expect(nextStages('maintained')).toEqual(['dormant', 'lost']);
    expect(stageNeedsReason('prospect', 'target')).toBe(false);
    expect(stageNeedsReason('target', 'prospect')).toBe(true);
    expect(stageNeedsReason('won', 'dormant')).toBe(true);
    expect(stageNeedsReason('dormant', 'maintained')).toBe(false);
  });
});

describe('regions', () => {
  it('finds the cascader path by code prefix and names it without 市辖区', () => {
    expect(regionPath(tree, '330108')).toEqual(['33', '3301', '330108']);
    expect(regionPath(tree, '3301')).toEqual(['33', '3301']);
    expect(regionPath(tree, '999999')).toEqual([]);
    expect(regionPath(tree, null)).toEqual([]);
    expect(regionLabel(tree, '110101')).toBe('北京市 / 东城区');
    expect(shortRegion('浙江省杭州市西湖区')).toBe('杭州市西湖区');
    expect(shortRegion('北京市东城区')).toBe('北京市东城区');
    expect(shortRegion('广西壮族自治区南宁市青秀区')).toBe('南宁市青秀区');
  });
});

describe('the customer form', () => {
  it('uses the identity fields of each kind', () => {
    expect(identityFields('individual')).toEqual(['idNumber']);
    expect(identityFields('outlet')).toContain('licenceNo');
    expect(identityFields('enterprise')).not.toContain('licenceNo');
  });

  it('creates with blanks left out and the district code as the region', () => {
    const body = createPayload({ kind: 'enterprise', name: ' 杭州华信科技有限公司 ', creditCode: '91330106MA2XXXXXXX', idNumber: '330106199001011234', regionCode: ['33', '3301', '330106'], phone: '  ', tags: [], isKey: true });
    expect(body).toEqual({ kind: 'enterprise', name: '杭州华信科技有限公司', creditCode: '91330106MA2XXXXXXX', regionCode: '330106', isKey: true });
  });

  it('starts editing with masked values empty and sends only what changed', () => {
    const c = customer();
    const values = formValuesOf(c, tree);
    expect(values.phone).toBeNull();
    expect(values.address).toBeNull();
    expect(values.regionCode).toEqual(['33', '3301', '330106']);
    expect(updatePayload(c, values)).toEqual({});

    expect(updatePayload(c, { ...values, name: '惠民超市', phone: '13900001111', tags: [], regionCode: ['33', '3301', '330108'] })).toEqual({
      name: '惠民超市',
      phone: '13900001111',
      tags: [],
      regionCode: '330108',
    });
    expect(updatePayload(c, { ...values, businessFormat: null, potentialScore: 80 })).toEqual({ businessFormat: null, potentialScore: 80 });
  });
});

describe('duplicates', () => {
  it('reads matches from the error detail and links where one can act', () => {
    const matches = duplicateMatches({ matches: [{ reason: 'name', location: 'pool', name: '惠民便利店', customerId: 'c9' }, { reason: 'phone', location: 'colleague' }, { bogus: true }] });
    expect(matches).toHaveLength(2);
    expect(duplicateLink(matches[0]!)).toBe('/pool?q=%E6%83%A0%E6%B0%91%E4%BE%BF%E5%88%A9%E5%BA%97');
    expect(duplicateLink(matches[1]!)).toBeNull();
    expect(duplicateLink({ reason: 'creditCode', location: 'mine', customerId: 'c3' })).toBe('/customers/c3');
    expect(duplicateMatches(undefined)).toEqual([]);
  });
});

describe('contact staleness', () => {
  it('grades the time since the last contact', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    expect(contactStaleness(null, now)).toBe('never');
    expect(contactStaleness('2026-11-20T00:00:00Z', now)).toBe('fresh');
    expect(contactStaleness('2026-10-10T00:00:00Z', now)).toBe('late');
    expect(contactStaleness('2026-08-01T00:00:00Z', now)).toBe('stale');
  });
});

describe('last contact against the customer’s period', () => {
  const rules = { daysByGrade: { A: 90, B: 60, C: 45, D: 30, default: 30 }, warnDays: 7 };
  it('36 days is overdue for a 30-day customer, fine for a 45-day one; the last W days are "soon"', () => {
    expect(contactStanding(36, followUpPeriod(rules, 'D'))).toBe('overdue');
    expect(contactStanding(36, followUpPeriod(rules, 'C'))).toBe('ok');
    expect(contactStanding(26, followUpPeriod(rules, 'D'))).toBe('soon');
    expect(contactStanding(23, followUpPeriod(rules, 'D'))).toBe('ok');
    expect(contactStanding(31, followUpPeriod(rules, null))).toBe('overdue');
    expect(contactStanding(null, followUpPeriod(rules, 'A'))).toBe('never');
    expect(followUpPeriod(undefined, 'A')).toEqual({ days: 30, warnDays: 7 });
  });
});
