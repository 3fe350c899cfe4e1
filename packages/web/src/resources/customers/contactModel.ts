import type { TContact } from '@liaison/shared';

export type Calendar = 'solar' | 'lunar';

const zhMonths = ['正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '冬月', '腊月'];
const zhDigits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 正月…腊月, the way a lunar month is said. */
export const lunarMonthName = (month: number, leap = false): string => `${leap ? '闰' : ''}${zhMonths[month - 1] ?? String(month)}`;

/** 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十. */
export const lunarDayName = (day: number): string => {
  if (day < 1 || day > 30) return String(day);
  if (day <= 10) return `初${zhDigits[day]}`;
  if (day < 20) return `十${zhDigits[day - 10]}`;
  if (day === 20) return '二十';
  if (day < 30) return `廿${zhDigits[day - 20]}`;
  return '三十';
};

const enMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date that recurs every year, solar or lunar, in words: 6月13日 / 农历闰四月初八 in Chinese,
 * Jun 13 / lunar month 4 (leap), day 8 in English. With a year when one is known.
 */
export const recurringDateText = (
  d: { calendar: Calendar; month: number; day: number; year?: number | null; leapMonth?: boolean },
  locale: string,
): string => {
  const zh = locale !== 'en-US';
  if (d.calendar === 'lunar') {
    if (zh) return `${d.year ? `${d.year}年 ` : ''}农历${lunarMonthName(d.month, d.leapMonth)}${lunarDayName(d.day)}`;
    return `lunar month ${d.month}${d.leapMonth ? ' (leap)' : ''}, day ${d.day}${d.year ? `, ${d.year}` : ''}`;
  }
  if (zh) return `${d.year ? `${d.year}年` : ''}${d.month}月${d.day}日`;
  return `${enMonths[d.month - 1] ?? d.month} ${d.day}${d.year ? `, ${d.year}` : ''}`;
};

/** A contact's birthday in words, or null when none is recorded. */
export const birthdayText = (c: Pick<TContact, 'birthdayCalendar' | 'birthMonth' | 'birthDay' | 'birthYear' | 'birthLeapMonth'>, locale: string): string | null =>
  c.birthdayCalendar && c.birthMonth && c.birthDay
    ? recurringDateText({ calendar: c.birthdayCalendar, month: c.birthMonth, day: c.birthDay, year: c.birthYear, leapMonth: c.birthLeapMonth }, locale)
    : null;

/** Whole days from today to a YYYY-MM-DD date (local calendar days). */
export const daysUntil = (date: string | null | undefined, today = new Date()): number | null => {
  if (!date) return null;
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return null;
  const target = Date.UTC(y, m - 1, d);
  const base = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((target - base) / 86_400_000);
};

/** The largest day a month can have in a calendar: lunar months have 29 or 30 days. */
export const maxDay = (calendar: Calendar, month: number | null | undefined): number => {
  if (calendar === 'lunar') return 30;
  if (month === 2) return 29;
  return [4, 6, 9, 11].includes(month ?? 1) ? 30 : 31;
};

export type ContactFormValues = {
  name: string;
  role?: string | null;
  position?: string | null;
  employer?: string | null;
  mobile?: string | null;
  landline?: string | null;
  email?: string | null;
  wechat?: string | null;
  address?: string | null;
  gender?: 'male' | 'female' | null;
  birthdayCalendar?: Calendar | null;
  birthMonth?: number | null;
  birthDay?: number | null;
  birthYear?: number | null;
  birthLeapMonth?: boolean;
  preferences?: string | null;
  notes?: string | null;
  isPrimary?: boolean;
};

const contactText = ['position', 'employer', 'mobile', 'landline', 'email', 'wechat', 'address', 'preferences', 'notes'] as const;
export const maskedContactFields = ['mobile', 'landline', 'address'] as const;
const clean = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** The birthday part of a contact body: all or nothing, the leap flag only for lunar dates. */
const birthday = (v: ContactFormValues) =>
  v.birthdayCalendar && v.birthMonth && v.birthDay
    ? {
        birthdayCalendar: v.birthdayCalendar,
        birthMonth: v.birthMonth,
        birthDay: v.birthDay,
        birthYear: v.birthYear ?? null,
        birthLeapMonth: v.birthdayCalendar === 'lunar' ? Boolean(v.birthLeapMonth) : false,
      }
    : { birthdayCalendar: null, birthMonth: null, birthDay: null, birthYear: null, birthLeapMonth: false };

export const contactCreatePayload = (v: ContactFormValues) => {
  const body: { name: string } & Record<string, unknown> = { name: v.name.trim(), role: v.role ?? null, gender: v.gender ?? null, isPrimary: Boolean(v.isPrimary) };
  for (const f of contactText) body[f] = clean(v[f]);
  return Object.assign(body, birthday(v));
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only what changed; masked values only when a new one was typed. */
export const contactUpdatePayload = (c: TContact, v: ContactFormValues): Record<string, unknown> => {
  const full = contactCreatePayload(v);
  const body: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(full)) {
    if ((maskedContactFields as readonly string[]).includes(k)) {
      if (value !== null) body[k] = value;
      continue;
    }
    if (!same(value, (c as Record<string, unknown>)[k])) body[k] = value;
  }
  return body;
};

export const contactFormValuesOf = (c: TContact): ContactFormValues => ({
  name: c.name,
  role: c.role,
  position: c.position,
  employer: c.employer,
  mobile: c.masked.includes('mobile') ? null : c.mobile,
  landline: c.masked.includes('landline') ? null : c.landline,
  email: c.email,
  wechat: c.wechat,
  address: c.masked.includes('address') ? null : c.address,
  gender: (c.gender as ContactFormValues['gender']) ?? null,
  birthdayCalendar: c.birthdayCalendar,
  birthMonth: c.birthMonth,
  birthDay: c.birthDay,
  birthYear: c.birthYear,
  birthLeapMonth: c.birthLeapMonth,
  preferences: c.preferences,
  notes: c.notes,
  isPrimary: c.isPrimary,
});

/** Primary contact first, then by name. */
export const sortContacts = (cs: TContact[]): TContact[] => [...cs].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name, 'zh-CN'));
