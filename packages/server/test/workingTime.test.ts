import { describe, expect, it } from 'vitest';
import { buildCalendar, type LocalException, type OfficialDay } from '../src/calendar/calendar.js';
import { readPackageCalendar } from '../src/calendar/officialSource.js';
import { computeDeadline, instantAtFraction, clockProgress, parseWorkingHours, workingMsBetween, type DeadlineInput, type SlaUnit, type WorkingHours } from '../src/calendar/workingTime.js';
import { explainDeadline } from '../src/calendar/explain.js';
import { formatLocal, fromLocal } from '../src/calendar/shanghai.js';

/**
 * Hand-computed cases on the State Council's 2026 schedule (as the holiday-calendar package
 * ships it) and an unpublished 2027. 2026: holidays 1/1–1/3, 2/15–2/23 (春节), 4/4–4/6, 5/1–5/5,
 * 6/19–6/21, 9/25–9/27 (中秋), 10/1–10/7 (国庆); make-up working days Sun 1/4, Sat 2/14,
 * Sat 2/28, Sat 5/9, Sun 9/20, Sat 10/10. Default working hours 09:00–12:00, 14:00–18:00.
 */
const pkg = readPackageCalendar();
const official = (upTo: number, extra: OfficialDay[] = []) =>
  new Map([...pkg.years.filter((y) => y.year <= upTo).flatMap((y) => y.days), ...extra].map((d) => [d.date, d]));
const published = (upTo: number, extra: number[] = []) => new Set([...pkg.years.map((y) => y.year).filter((y) => y <= upTo), ...extra]);
// 2027's schedule is not published in any package we checked (docs/decisions/040); we pin the
// calendar to ≤ 2026 so these tests keep meaning the same when it arrives.
const cal2026 = buildCalendar({ official: official(2026), publishedYears: published(2026) });

const H: WorkingHours = parseWorkingHours('09:00-12:00,14:00-18:00')!;
const H1330: WorkingHours = parseWorkingHours('09:00-12:00,13:30-18:00')!;

const due = (start: string, amount: number, unit: SlaUnit, opts: Partial<DeadlineInput> = {}) => {
  const d = computeDeadline({ start: fromLocal(start), amount, unit, calendar: cal2026, hours: H, ...opts });
  return { ...d, due: d.dueAt === null ? null : formatLocal(d.dueAt) };
};

describe('the package calendar', () => {
  it('publishes 2026 with the State Council make-up days and knows nothing of 2027', () => {
    const y2026 = pkg.years.find((y) => y.year === 2026)!;
    expect(y2026.days.filter((d) => d.kind === 'makeupWorkday').map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y2026.days.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(cal2026.day('2026-02-14')).toMatchObject({ working: true, kind: 'makeupWorkday', name: { zh: '春节' }, provisional: false });
    expect(cal2026.day('2026-02-16')).toMatchObject({ working: false, kind: 'holiday', provisional: false });
    expect(cal2026.day('2026-03-07')).toMatchObject({ working: false, kind: 'weekend', provisional: false });
    // The trap: a weekday guess calls New Year's Day 2027 a working day. We say it is a guess.
    expect(cal2026.day('2027-01-01')).toMatchObject({ working: true, kind: 'workday', provisional: true });
  });
});

describe('working hours', () => {
  it('8 working hours from Fri 2026-02-13 16:00 fall due on the make-up Saturday 2026-02-14 at 17:00, not after the Spring Festival', () => {
    const d = due('2026-02-13 16:00', 8, 'workingHours');
    // Fri 16:00–18:00 = 2 h; Sat 2/14 (调休) 09:00–12:00 = 3 h (5 h); 14:00 + 3 h = 17:00.
    expect(d.due).toBe('2026-02-14 17:00');
    expect(d.provisional).toBe(false);
  });

  it('the lunch break is not working time', () => {
    // With 13:30 after lunch: Fri 2 h; Sat 3 h; 13:30 + 3 h = 16:30.
    expect(due('2026-02-13 16:00', 8, 'workingHours', { hours: H1330 }).due).toBe('2026-02-14 16:30');
    // Mon 10:30–12:00 = 1.5 h; 14:00 + 2.5 h = 16:30 (13:30 + 2.5 h = 16:00 with the shorter lunch).
    expect(due('2026-03-02 10:30', 4, 'workingHours').due).toBe('2026-03-02 16:30');
    expect(due('2026-03-02 10:30', 4, 'workingHours', { hours: H1330 }).due).toBe('2026-03-02 16:00');
    // Opened during lunch: the clock starts at 14:00.
    expect(due('2026-03-02 12:30', 1, 'workingHours').due).toBe('2026-03-02 15:00');
    // Exactly at close: 18:00 is the end of the last period, not the start of the next.
    expect(due('2026-03-02 14:00', 4, 'workingHours').due).toBe('2026-03-02 18:00');
  });

  it('the Spring Festival holiday does not count', () => {
    // Fri 2 h + Sat 7 h = 9 h; 2/15–2/23 off; Tue 2/24 09–12 (12 h), 14:00 + 4 h = 18:00.
    expect(due('2026-02-13 16:00', 16, 'workingHours').due).toBe('2026-02-24 18:00');
    // One hour more rolls to Wed 2/25 10:00.
    expect(due('2026-02-13 16:00', 17, 'workingHours').due).toBe('2026-02-25 10:00');
  });

  it('a ticket opened at 17:55 on the eve of National Day runs 5 minutes, then waits for 10/8', () => {
    // Wed 9/30 17:55–18:00 = 5 min; 10/1–10/7 off; Thu 10/8 09–12 = 3 h (3 h 05); 14:00 + 55 min.
    expect(due('2026-09-30 17:55', 4, 'workingHours').due).toBe('2026-10-08 14:55');
  });

  it('a ticket opened on a make-up working Sunday starts at once; on a plain Sunday on Monday', () => {
    // Sun 9/20 (调休) 10–12 + 14–18 = 6 h; Mon 9/21 09:00 + 2 h.
    expect(due('2026-09-20 10:00', 8, 'workingHours').due).toBe('2026-09-21 11:00');
    expect(due('2026-09-13 10:00', 2, 'workingHours').due).toBe('2026-09-14 11:00');
  });

  it('a ticket opened after close counts from the next working morning', () => {
    expect(due('2026-03-02 20:00', 2, 'workingHours').due).toBe('2026-03-03 11:00');
  });
});

describe('working days and natural days (Civil Code arts. 201 and 203)', () => {
  it('working days skip the intake day and end at close on the nth working day, make-up days included', () => {
    // Tue 9/29: 9/30 (1), 10/1–10/7 off, 10/8 (2), 10/9 (3) → Fri 18:00; a 4th is the make-up Sat 10/10.
    expect(due('2026-09-29 10:00', 3, 'workingDays').due).toBe('2026-10-09 18:00');
    expect(due('2026-09-29 10:00', 4, 'workingDays').due).toBe('2026-10-10 18:00');
    // Fri 2/13: Sat 2/14 (1), 2/24–2/27 (2–5), Sat 2/28 (6), 3/2–3/5 (7–10) → Thu 3/5 18:00.
    expect(due('2026-02-13 16:00', 10, 'workingDays').due).toBe('2026-03-05 18:00');
  });

  it('natural days: count from the next day; a last day that is a rest day rolls to the next working day', () => {
    // 2/13 + 15 = Sat 2/28, a make-up working day: it stands.
    expect(due('2026-02-13 16:00', 15, 'naturalDays').due).toBe('2026-02-28 18:00');
    expect(due('2026-09-15 10:00', 15, 'naturalDays').due).toBe('2026-09-30 18:00');
    // 9/20 + 15 = Mon 10/5, in the National Day holiday → Thu 10/8.
    const d = due('2026-09-20 10:00', 15, 'naturalDays');
    expect(d.due).toBe('2026-10-08 18:00');
    expect(d.rolledFrom).toBe('2026-10-05');
    // 1/31 + 15 = Sun 2/15, the first day of the Spring Festival → Tue 2/24.
    expect(due('2026-01-31 09:00', 15, 'naturalDays').due).toBe('2026-02-24 18:00');
  });

  it('urgent faults run 24×7 through holidays', () => {
    expect(due('2026-02-13 16:00', 24, 'naturalHours').due).toBe('2026-02-14 16:00');
    expect(due('2026-10-01 22:00', 4, 'naturalHours').due).toBe('2026-10-02 02:00');
    expect(due('2026-10-01 22:00', 4, 'naturalHours').provisional).toBe(false);
  });
});

describe('pauses while waiting on the customer', () => {
  it('a pause spanning the National Day holiday adds back only the working time it held', () => {
    // 16 wh from Tue 9/29 10:00; paused Wed 9/30 16:00 → Fri 10/9 10:00.
    // Ran: Tue 6 h + Wed 09–12, 14–16 = 11 h; resumes Fri 10:00: 10–12 (13 h), 14:00 + 3 h = 17:00.
    const d = due('2026-09-29 10:00', 16, 'workingHours', { pauses: [{ from: fromLocal('2026-09-30 16:00'), to: fromLocal('2026-10-09 10:00') }] });
    expect(d.due).toBe('2026-10-09 17:00');
    // Paused working time: Wed 16–18 (2 h) + Thu 10/8 (7 h) + Fri 09–10 (1 h) = 10 h.
    expect(d.pausedMs).toBe(10 * 3_600_000);
  });

  it('while paused there is no due time, only the time left', () => {
    const d = due('2026-03-02 09:00', 8, 'workingHours', { pauses: [{ from: fromLocal('2026-03-02 11:00'), to: null }] });
    expect(d.dueAt).toBeNull();
    expect(d.remainingAtPauseMs).toBe(6 * 3_600_000);
  });

  it('a pause that starts after the deadline passed does not save it', () => {
    const d = due('2026-03-02 09:00', 2, 'workingHours', { pauses: [{ from: fromLocal('2026-03-02 15:00'), to: fromLocal('2026-03-03 15:00') }] });
    expect(d.due).toBe('2026-03-02 11:00');
  });

  it('natural days: the pause shifts the end, and a rest day it lands on rolls again', () => {
    // 9/15 + 15 = Wed 9/30 18:00; a 2-day pause moves it to Fri 10/2 18:00 (holiday) → Thu 10/8 18:00.
    const d = due('2026-09-15 10:00', 15, 'naturalDays', { pauses: [{ from: fromLocal('2026-09-16 10:00'), to: fromLocal('2026-09-18 10:00') }] });
    expect(d.due).toBe('2026-10-08 18:00');
  });

  it('the near-breach warning sits at 80 % of the running clock; progress excludes pauses', () => {
    const input: DeadlineInput = { start: fromLocal('2026-03-02 09:00'), amount: 10, unit: 'workingHours', calendar: cal2026, hours: H };
    const d = computeDeadline(input);
    // 10 wh: Mon 7 h, Tue 09:00–12:00 → due Tue 12:00; 8 h: Tue 10:00.
    expect(formatLocal(d.dueAt!)).toBe('2026-03-03 12:00');
    expect(formatLocal(instantAtFraction(input, d.budgetMs, 0.8)!)).toBe('2026-03-03 10:00');
    expect(clockProgress(input, d.budgetMs, fromLocal('2026-03-02 16:00')).remainingMs).toBe(5 * 3_600_000);
    // Resolution time in working hours, across a weekend: Fri 16:00 → Mon 10:00 = 2 h + 1 h.
    expect(workingMsBetween(fromLocal('2026-03-06 16:00'), fromLocal('2026-03-09 10:00'), cal2026, H)).toBe(3 * 3_600_000);
  });
});

describe('unpublished years and local exceptions', () => {
  it('a deadline that runs into an unpublished year is provisional, then recomputed when the schedule arrives', () => {
    // Thu 12/31 16–18 = 2 h; Fri 2027-01-01 guessed working: 09–12 (5 h), 14:00 + 3 h = 17:00.
    const guess = due('2026-12-31 16:00', 8, 'workingHours');
    expect(guess.due).toBe('2027-01-01 17:00');
    expect(guess.provisional).toBe(true);
    expect(guess.provisionalYears).toEqual([2027]);
    // The schedule arrives (an admin's approved import). New Year's Day is off in every year by the
    // 《全国年节及纪念日放假办法》 art. 2; this test notice names only that day.
    const notice: OfficialDay[] = [{ date: '2027-01-01', kind: 'holiday', name: { zh: '元旦', en: "New Year's Day" } }];
    const cal2027 = buildCalendar({ official: official(2026, notice), publishedYears: published(2026, [2027]) });
    const after = computeDeadline({ start: fromLocal('2026-12-31 16:00'), amount: 8, unit: 'workingHours', calendar: cal2027, hours: H });
    // Fri off, Sat/Sun weekend; Mon 1/4 09–12 (5 h), 14:00 + 3 h = 17:00.
    expect(formatLocal(after.dueAt!)).toBe('2027-01-04 17:00');
    expect(after.provisional).toBe(false);
  });

  it('a deadline wholly inside a published year is not provisional even if the year after is unknown', () => {
    expect(due('2026-12-30 09:00', 8, 'workingHours').provisional).toBe(false);
  });

  it('local exceptions override the official calendar both ways', () => {
    const exceptions = new Map<string, LocalException>([
      ['2026-03-03', { date: '2026-03-03', working: false, name: '公司年会' }],
      ['2026-02-21', { date: '2026-02-21', working: true, name: '春节值班' }],
    ]);
    const cal = buildCalendar({ official: official(2026), publishedYears: published(2026), exceptions });
    // Mon 14:00–18:00 = 4 h; Tue off; Wed 09–12 (7 h), 14:00 + 1 h.
    expect(due('2026-03-02 14:00', 8, 'workingHours', { calendar: cal }).due).toBe('2026-03-04 15:00');
    // Sat 2/21 in the Spring Festival becomes a working day: 16 wh from Fri 2/13 16:00 → Fri 2 h, Sat 2/14 7 h, Sat 2/21 7 h = 16 h at 18:00.
    expect(due('2026-02-13 16:00', 16, 'workingHours', { calendar: cal }).due).toBe('2026-02-21 18:00');
  });
});

describe('explanations', () => {
  it('say why, in Chinese and English', () => {
    const input: DeadlineInput = { start: fromLocal('2026-02-13 16:00'), amount: 8, unit: 'workingHours', calendar: cal2026, hours: H };
    const d = computeDeadline(input);
    const ctx = { startLabel: { zh: '受理', en: 'Received' }, calendar: cal2026, hours: H };
    const zh = explainDeadline('zh-CN', d, ctx);
    expect(zh[0]).toBe('受理 2026年2月13日（周五）16:00 + 8 工作小时 → 2月14日（周六）17:00，因 2月14日（周六）为调休上班日（春节补班）');
    expect(zh).toContain('2月13日（周五）计 2 小时（16:00–18:00）');
    expect(zh).toContain('2月14日（周六）为调休上班日（春节补班），计 6 小时（09:00–17:00）');
    const en = explainDeadline('en-US', d, ctx);
    expect(en[0]).toBe('Received Fri 13 Feb 2026 16:00 + 8 working hours → Sat 14 Feb 17:00, because Sat 14 Feb is a make-up working day (Spring Festival)');
  });

  it('name the holiday skipped and the rest-day rule', () => {
    const ctx = { startLabel: { zh: '受理', en: 'Received' }, calendar: cal2026, hours: H };
    const spring = explainDeadline('zh-CN', computeDeadline({ start: fromLocal('2026-02-13 16:00'), amount: 17, unit: 'workingHours', calendar: cal2026, hours: H }), ctx);
    expect(spring[0]).toContain('2月15日–2月23日为春节假期，不计');
    const rolled = explainDeadline('zh-CN', computeDeadline({ start: fromLocal('2026-09-20 10:00'), amount: 15, unit: 'naturalDays', calendar: cal2026, hours: H }), ctx);
    expect(rolled[0]).toBe('受理 2026年9月20日（周日）10:00 + 15 个自然日 → 10月8日（周四）18:00，因 最后一日 10月5日（周一）为休息日，顺延至其后第一个工作日');
    const provisional = explainDeadline('en-US', computeDeadline({ start: fromLocal('2026-12-31 16:00'), amount: 8, unit: 'workingHours', calendar: cal2026, hours: H }), ctx);
    expect(provisional.at(-1)).toContain('2027 holiday schedule is not published');
  });
});

describe('parseWorkingHours', () => {
  it('accepts ordered periods and refuses nonsense', () => {
    expect(parseWorkingHours('09:00-12:00, 14:00-18:00')).toEqual([[540, 720], [840, 1080]]);
    expect(parseWorkingHours('09:00-12:00,11:00-18:00')).toBeNull();
    expect(parseWorkingHours('18:00-09:00')).toBeNull();
    expect(parseWorkingHours('9点到5点')).toBeNull();
    expect(parseWorkingHours('09:60-10:00')).toBeNull();
  });
});
