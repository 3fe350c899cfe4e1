import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { isLocalDate, yearOf } from './shanghai.js';
import type { OfficialDay } from './calendar.js';

/**
 * The State Council's holiday schedules as the `holiday-calendar` package ships them: one JSON
 * file per year and an index of the years it covers (docs/decisions/040). Only its data files
 * are read — never its loader, which fetches from a CDN — so a year is published exactly when the
 * package's index and files say so, and a year it lacks stays unknown instead of Monday–Friday.
 */
export type OfficialYear = { year: number; days: OfficialDay[] };
export type OfficialSource = { source: string; version: string; years: OfficialYear[] };

type PackageDay = { date: string; name_cn?: string; name_en?: string; name?: string; type: string };

const require = createRequire(import.meta.url);

/** Strips the "补班" / " Workday" suffix the package puts on make-up days: we say 调休 ourselves. */
const holidayName = (zh: string, en: string) => ({ zh: zh.replace(/补班$/, ''), en: en.replace(/ Workday$/i, '') });

export const parsePackageYear = (year: number, json: unknown): OfficialYear => {
  const dates = (json as { dates?: PackageDay[] }).dates;
  if (!Array.isArray(dates)) throw new Error(`holiday-calendar ${year}: no dates`);
  const days: OfficialDay[] = [];
  for (const d of dates) {
    // A year's notice may name a day at the edge of the year before or after (12/31, 1/1).
    if (!isLocalDate(d.date) || Math.abs(yearOf(d.date) - year) > 1) throw new Error(`holiday-calendar ${year}: bad date ${d.date}`);
    const kind = d.type === 'public_holiday' ? 'holiday' : d.type === 'transfer_workday' ? 'makeupWorkday' : null;
    if (!kind) throw new Error(`holiday-calendar ${year}: unknown day type ${d.type}`);
    days.push({ date: d.date, kind, name: holidayName(d.name_cn ?? d.name ?? '', d.name_en ?? d.name ?? '') });
  }
  return { year, days };
};

/** Every CN year the installed package publishes. */
export const readPackageCalendar = (): OfficialSource => {
  const pkgJson = require.resolve('holiday-calendar/package.json');
  const root = path.dirname(pkgJson);
  const version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const index = JSON.parse(fs.readFileSync(path.join(root, 'data', 'index.json'), 'utf8')) as { regions: { name: string; startYear: number; endYear: number }[] };
  const cn = index.regions.find((r) => r.name === 'CN');
  const years: OfficialYear[] = [];
  if (cn) {
    for (let y = cn.startYear; y <= cn.endYear; y++) {
      const file = path.join(root, 'data', 'CN', `${y}.json`);
      if (!fs.existsSync(file)) continue;
      const parsed = parsePackageYear(y, JSON.parse(fs.readFileSync(file, 'utf8')));
      // An empty year is a placeholder, not a schedule with no holidays.
      if (parsed.days.length) years.push(parsed);
    }
  }
  return { source: 'holiday-calendar', version, years };
};
