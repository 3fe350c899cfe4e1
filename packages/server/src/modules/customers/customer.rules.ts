import {
  creditCodeProblem,
  idNumberProblem,
  isMobile,
  normalizeCode,
  normalizeCompanyName,
  normalizeLandline,
  normalizePhone,
  personPinyinKeys,
  phoneProblem,
  pinyinKeys,
  pinyinSortKey,
  toHalfWidth,
  type TCustomerKind,
} from '@liaison/shared';
import type { FieldProblem } from '../../errors.js';
import type { Tx } from '../../db/schema.js';
import { findRegion } from '../regions/region.js';

/** Dictionary-backed customer fields and the dictionary each draws from. */
export const dictionaryFields = {
  industry: 'industry',
  ownership: 'ownership',
  scale: 'scale',
  businessFormat: 'businessFormat',
  marketType: 'marketType',
  source: 'source',
} as const;

export type CustomerInput = {
  name?: string;
  shortName?: string | null;
  creditCode?: string | null;
  idNumber?: string | null;
  licenceNo?: string | null;
  regionCode?: string | null;
  address?: string | null;
  phone?: string | null;
  legalPerson?: string | null;
  industry?: string | null;
  ownership?: string | null;
  scale?: string | null;
  businessFormat?: string | null;
  marketType?: string | null;
  source?: string | null;
  needs?: string | null;
  purchaseChannel?: string | null;
  salesChannel?: string | null;
  remark?: string | null;
  tags?: string[];
  isKey?: boolean;
  isLocked?: boolean;
  potentialScore?: number | null;
};

/** Empty strings mean "no value"; everything else is kept as typed (already trimmed by the schema). */
const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v);

export const canonicalPhone = (raw: string): string => (isMobile(raw) ? normalizePhone(raw) : normalizeLandline(raw));

/**
 * Turns API input into column values: normalises codes and phones (full-width, spaces, case),
 * checks check digits, regions and dictionary values, derives search keys. Returns the columns
 * to write and the problems found, each naming its field.
 */
export const normalizeCustomer = async (
  tx: Tx,
  kind: TCustomerKind,
  input: CustomerInput,
  today: Date,
  /** The stored row, on update: rules that depend on kind or on required fields look at both. */
  current?: { licenceNo: string | null },
  opts: {
    /** Known dictionary values (`code:value`), for bulk work; without it, the database is asked. */
    knownValues?: ReadonlySet<string>;
    /** false: leave out the name's pinyin and sort key (an import's validating pass writes nothing). */
    searchKeys?: boolean;
  } = {},
): Promise<{ values: Record<string, unknown>; problems: FieldProblem[] }> => {
  const { knownValues, searchKeys = true } = opts;
  const problems: FieldProblem[] = [];
  const values: Record<string, unknown> = {};

  if (input.name !== undefined) {
    const name = toHalfWidth(input.name).trim().replace(/\s+/g, ' ');
    Object.assign(values, { name, nameNorm: normalizeCompanyName(name) });
    if (searchKeys) {
      // Sorted by the name read as words (company mode) for every kind; a person is also found by the surname reading.
      const company = pinyinKeys(name);
      const keys = kind === 'individual' ? personPinyinKeys(name) : company;
      Object.assign(values, { namePinyin: keys.full, nameInitials: keys.initials, sortKey: pinyinSortKey(name, company.full) });
    }
  }
  for (const f of ['shortName', 'address', 'legalPerson', 'needs', 'purchaseChannel', 'salesChannel', 'remark'] as const) {
    const v = blank(input[f]);
    if (v !== undefined) values[f] = v;
  }

  const creditCode = blank(input.creditCode);
  if (creditCode !== undefined) {
    if (creditCode === null) values.creditCode = null;
    else if (kind === 'individual') problems.push({ path: 'creditCode', key: 'not_for_kind' });
    else {
      const code = normalizeCode(creditCode);
      const problem = creditCodeProblem(code);
      if (problem) problems.push({ path: 'creditCode', key: { length: 'credit_code_length', charset: 'credit_code_charset', checkDigit: 'credit_code_check_digit' }[problem] });
      values.creditCode = code;
    }
  }
  const idNumber = blank(input.idNumber);
  if (idNumber !== undefined) {
    if (idNumber === null) values.idNumber = null;
    else if (kind !== 'individual') problems.push({ path: 'idNumber', key: 'not_for_kind' });
    else {
      const code = normalizeCode(idNumber);
      const problem = idNumberProblem(code, today);
      if (problem)
        problems.push({
          path: 'idNumber',
          key: { length: 'id_number_length', charset: 'id_number_charset', birthDate: 'id_number_birth_date', checkDigit: 'id_number_check_digit' }[problem],
        });
      values.idNumber = code;
    }
  }
  const licenceNo = blank(input.licenceNo);
  if (licenceNo !== undefined) values.licenceNo = licenceNo === null ? null : normalizeCode(licenceNo);
  const licenceAfter = licenceNo !== undefined ? values.licenceNo : current?.licenceNo;
  if (kind === 'outlet' && (licenceAfter === null || (licenceAfter === undefined && !current)))
    problems.push({ path: 'licenceNo', key: 'required_for_kind' });

  const phone = blank(input.phone);
  if (phone !== undefined) {
    if (phone === null) Object.assign(values, { phone: null, phoneNorm: null });
    else if (phoneProblem(phone)) problems.push({ path: 'phone', key: 'phone_format' });
    else Object.assign(values, { phone: canonicalPhone(phone), phoneNorm: normalizePhone(phone) });
  }

  const regionCode = blank(input.regionCode);
  if (regionCode !== undefined) {
    if (regionCode === null) Object.assign(values, { regionCode: null, provinceCode: null, cityCode: null });
    else {
      const region = findRegion(regionCode);
      if (!region) problems.push({ path: 'regionCode', key: 'unknown_region' });
      else Object.assign(values, { regionCode: region.code, provinceCode: region.provinceCode, cityCode: region.cityCode });
    }
  }

  const dictChecks = Object.entries(dictionaryFields)
    .map(([field, dict]) => ({ field, dict, value: blank(input[field as keyof typeof dictionaryFields]) }))
    .filter((c) => c.value !== undefined);
  for (const c of dictChecks) values[c.field] = c.value;
  const toCheck = dictChecks.filter((c) => c.value !== null);
  if (toCheck.length && knownValues) {
    for (const c of toCheck) if (!knownValues.has(`${c.dict}:${c.value}`)) problems.push({ path: c.field, key: 'unknown_dictionary_value' });
  } else if (toCheck.length) {
    const rows = await tx
      .selectFrom('dictionaryItem')
      .select(['dictionaryCode', 'value'])
      .where((eb) => eb.or(toCheck.map((c) => eb.and([eb('dictionaryCode', '=', c.dict), eb('value', '=', c.value as string)]))))
      .execute();
    for (const c of toCheck)
      if (!rows.some((r) => r.dictionaryCode === c.dict && r.value === c.value)) problems.push({ path: c.field, key: 'unknown_dictionary_value' });
  }

  if (input.tags !== undefined) values.tags = JSON.stringify([...new Set(input.tags.map((t) => toHalfWidth(t).trim()).filter(Boolean))]);
  if (input.isKey !== undefined) values.isKey = input.isKey ? 1 : 0;
  if (input.isLocked !== undefined) values.isLocked = input.isLocked ? 1 : 0;
  if (input.potentialScore !== undefined) values.potentialScore = input.potentialScore;
  return { values, problems };
};
