import { describe, expect, it } from 'vitest';
import type { TContact } from '@liaison/shared';
import { birthdayText, contactCreatePayload, contactFormValuesOf, contactUpdatePayload, daysUntil, lunarDayName, lunarMonthName, maxDay, recurringDateText, sortContacts } from './contactModel';

const contact = (over: Partial<TContact> = {}): TContact => ({
  id: 'k1',
  customerId: 'c1',
  name: '王芳',
  role: 'owner',
  position: null,
  employer: null,
  mobile: '139****5678',
  landline: null,
  email: null,
  wechat: null,
  address: null,
  gender: 'female',
  birthdayCalendar: 'lunar',
  birthYear: null,
  birthMonth: 8,
  birthDay: 15,
  birthLeapMonth: false,
  nextBirthday: '2027-09-15',
  preferences: null,
  notes: null,
  isPrimary: false,
  masked: ['mobile'],
  version: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('contactModel', () => {
  it('says lunar months and days the traditional way', () => {
    expect(lunarMonthName(1)).toBe('正月');
    expect(lunarMonthName(4, true)).toBe('闰四月');
    expect(lunarMonthName(12)).toBe('腊月');
    expect([1, 10, 11, 20, 21, 30].map(lunarDayName)).toEqual(['初一', '初十', '十一', '二十', '廿一', '三十']);
  });

  it('writes birthdays in both calendars and languages', () => {
    expect(birthdayText(contact(), 'zh-CN')).toBe('农历八月十五');
    expect(birthdayText(contact({ birthdayCalendar: 'solar', birthMonth: 6, birthDay: 13, birthYear: 1976 }), 'zh-CN')).toBe('1976年6月13日');
    expect(birthdayText(contact({ birthdayCalendar: 'solar', birthMonth: 6, birthDay: 13 }), 'en-US')).toBe('Jun 13');
    expect(recurringDateText({ calendar: 'lunar', month: 4, day: 8, leapMonth: true }, 'en-US')).toBe('lunar month 4 (leap), day 8');
    expect(birthdayText(contact({ birthdayCalendar: null }), 'zh-CN')).toBeNull();
  });

  it('counts whole days to the next date and knows month lengths', () => {
    const today = new Date(2026, 10, 23, 18, 30);
    expect(daysUntil('2026-11-23', today)).toBe(0);
    expect(daysUntil('2026-11-24', today)).toBe(1);
    expect(daysUntil('2027-01-01', today)).toBe(39);
    expect(daysUntil(null, today)).toBeNull();
    expect(maxDay('lunar', 2)).toBe(30);
    expect(maxDay('solar', 2)).toBe(29);
    expect(maxDay('solar', 4)).toBe(30);
    expect(maxDay('solar', 12)).toBe(31);
  });

  it('sends a birthday whole or not at all, the leap flag only for lunar dates', () => {
    expect(contactCreatePayload({ name: ' 李四 ', birthdayCalendar: 'solar', birthMonth: 3, birthDay: 2, birthLeapMonth: true })).toMatchObject({
      name: '李四',
      birthdayCalendar: 'solar',
      birthMonth: 3,
      birthDay: 2,
      birthYear: null,
      birthLeapMonth: false,
    });
    expect(contactCreatePayload({ name: '李四', birthdayCalendar: 'lunar', birthMonth: 3 })).toMatchObject({ birthdayCalendar: null, birthMonth: null, birthDay: null });
  });

  it('updates only what changed and never sends a masked value back', () => {
    const c = contact();
    const values = contactFormValuesOf(c);
    expect(values.mobile).toBeNull();
    expect(contactUpdatePayload(c, values)).toEqual({});
    expect(contactUpdatePayload(c, { ...values, position: '店长', mobile: '13900001111' })).toEqual({ position: '店长', mobile: '13900001111' });
    expect(contactUpdatePayload(c, { ...values, birthdayCalendar: 'solar' })).toEqual({ birthdayCalendar: 'solar' });
  });

  it('puts the primary contact first', () => {
    const sorted = sortContacts([contact({ id: 'a', name: '赵六' }), contact({ id: 'b', name: '王五', isPrimary: true })]);
    expect(sorted.map((c) => c.id)).toEqual(['b', 'a']);
  });
});
