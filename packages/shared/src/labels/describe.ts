import type { Locale } from '../locale.js';
import { fieldLabels } from './index.js';
import type { Label } from './fields.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ids = /(Id|Ids)$/;

/** An instant as people in China read it: "2026-11-02 03:34" in Asia/Shanghai (no DST there). */
export const shanghaiTime = (iso: string): string => {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
};

const label = (key: string, locale: Locale) => (fieldLabels as Record<string, Label>)[key]?.[locale] ?? key;

const value = (key: string, v: unknown, locale: Locale): string => {
  const zh = locale === 'zh-CN';
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
  if (typeof v === 'string') return ISO.test(v) ? shanghaiTime(v) : key === 'field' ? label(v.replace(/^contact\./, ''), locale) : v;
  if (Array.isArray(v)) return v.map((x) => value(key, x, locale)).join(zh ? '、' : ', ');
  if (typeof v === 'object') return `（${describeDetail(v as Record<string, unknown>, locale, zh ? '，' : ', ')}）`;
  return String(v);
};

/**
 * An audit entry's extra facts in words — "数量：44；不脱敏：否；筛选条件：（最近联系早于：2026-11-02 03:34）" —
 * never JSON; internal ids are left out (the record's name is shown beside the entry).
 */
export const describeDetail = (detail: Record<string, unknown> | null | undefined, locale: Locale, sep = locale === 'zh-CN' ? '；' : '; '): string =>
  Object.entries(detail ?? {})
    .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !ids.test(k) && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${label(k, locale)}${locale === 'zh-CN' ? '：' : ': '}${value(k, v, locale)}`)
    .join(sep);
