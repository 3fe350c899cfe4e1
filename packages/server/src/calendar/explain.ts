import type { Locale } from '@liaison/shared';
import { hhmm, localDateOf, timeOf, weekdayOf, yearOf, type LocalDate } from './shanghai.js';
import { runsOnWorkingTime, type DayInfo, type Deadline, type DaySpan, type SlaUnit, type WorkCalendar, type WorkingHours } from './workingTime.js';

/** What the deadline is for, named in the headline ("受理" for intake). */
export type ExplainContext = { startLabel: { zh: string; en: string }; calendar: WorkCalendar; hours: WorkingHours };

const WEEK_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const dateText = (locale: Locale, date: LocalDate, withYear = false): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = weekdayOf(date);
  return locale === 'zh-CN' ? `${withYear ? `${y}年` : ''}${m}月${d}日（${WEEK_ZH[w]}）` : `${WEEK_EN[w]} ${d} ${MONTH_EN[m - 1]}${withYear ? ` ${y}` : ''}`;
};
const shortDate = (locale: Locale, date: LocalDate): string => {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return locale === 'zh-CN' ? `${m}月${d}日` : `${d} ${MONTH_EN[m - 1]}`;
};
const rangeText = (locale: Locale, s: DaySpan): string =>
  s.from === s.to ? dateText(locale, s.from) : `${shortDate(locale, s.from)}–${shortDate(locale, s.to)}`;

const instantText = (locale: Locale, ms: number, withYear: boolean): string =>
  `${dateText(locale, localDateOf(ms), withYear)}${locale === 'zh-CN' ? '' : ' '}${timeOf(ms)}`;

/** A duration on a clock: hours and minutes (days too on a wall clock). */
export const durationText = (locale: Locale, ms: number, natural = false): string => {
  const totalMin = Math.round(Math.abs(ms) / 60_000);
  const days = natural ? Math.floor(totalMin / 1440) : 0;
  const h = Math.floor((totalMin - days * 1440) / 60);
  const m = totalMin % 60;
  const zh = [days ? `${days} 天` : '', h ? `${h} 小时` : '', m ? `${m} 分` : ''].filter(Boolean).join(' ') || '0 分';
  const en = [days ? `${days} d` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
  return locale === 'zh-CN' ? zh : en;
};

const unitText = (locale: Locale, unit: SlaUnit, amount: number): string => {
  const zh: Record<SlaUnit, string> = { workingHours: '工作小时', workingDays: '个工作日', naturalDays: '个自然日', naturalHours: '小时（7×24）' };
  const en: Record<SlaUnit, string> = { workingHours: 'working hours', workingDays: 'working days', naturalDays: 'calendar days', naturalHours: 'hours (24×7)' };
  return locale === 'zh-CN' ? `${amount} ${zh[unit]}` : `${amount} ${en[unit]}`;
};

const dayName = (locale: Locale, info: Pick<DayInfo, 'name'>): string => (info.name ? (locale === 'zh-CN' ? info.name.zh : info.name.en) : '');

const hoursText = (locale: Locale, hours: WorkingHours) => hours.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(locale === 'zh-CN' ? '、' : ', ');

/** Why the deadline falls where it does, as sentences in one language; the first is the headline. */
export const explainDeadline = (locale: Locale, d: Deadline, ctx: ExplainContext): string[] => {
  const zh = locale === 'zh-CN';
  const natural = !runsOnWorkingTime(d.unit);
  const startYear = yearOf(localDateOf(d.start));
  const lines: string[] = [];
  const label = zh ? ctx.startLabel.zh : ctx.startLabel.en;

  // Headline: start + amount → due, because …
  const reasons: string[] = [];
  const used = d.spans.filter((s) => s.usedMs > 0 || s.kind === 'holiday' || s.kind === 'localDayOff');
  if (!natural) {
    for (const s of used) {
      if (s.kind === 'makeupWorkday') reasons.push(zh ? `${dateText(locale, s.from)}为调休上班日（${dayName(locale, s)}补班）` : `${dateText(locale, s.from)} is a make-up working day (${dayName(locale, s)})`);
      if (s.kind === 'localWorkday') reasons.push(zh ? `${dateText(locale, s.from)}为本单位加班日（${dayName(locale, s)}）` : `${dateText(locale, s.from)} is a local working day (${dayName(locale, s)})`);
      if (s.kind === 'holiday') reasons.push(zh ? `${rangeText(locale, s)}为${dayName(locale, s)}假期，不计` : `${rangeText(locale, s)} is the ${dayName(locale, s)} holiday and does not count`);
      if (s.kind === 'localDayOff') reasons.push(zh ? `${rangeText(locale, s)}为本单位休息日（${dayName(locale, s)}），不计` : `${rangeText(locale, s)} is a local day off (${dayName(locale, s)}) and does not count`);
    }
  } else if (d.rolledFrom) {
    reasons.push(zh ? `最后一日 ${dateText(locale, d.rolledFrom)}为休息日，顺延至其后第一个工作日` : `the last day, ${dateText(locale, d.rolledFrom)}, is a rest day, so it moves to the next working day`);
  }
  const head = `${label} ${instantText(locale, d.start, true)} + ${unitText(locale, d.unit, d.amount)}`;
  if (d.dueAt !== null) {
    const due = instantText(locale, d.dueAt, yearOf(localDateOf(d.dueAt)) !== startYear);
    lines.push(`${head} → ${due}${reasons.length ? (zh ? `，因 ${reasons.join('；')}` : `, because ${reasons.join('; ')}`) : ''}`);
  } else {
    const left = durationText(locale, d.remainingAtPauseMs ?? 0, natural);
    lines.push(zh ? `${head}：等待客户中，计时暂停，剩余 ${left}` : `${head}: waiting on the customer, the clock is paused with ${left} left`);
  }

  if (!natural) lines.push(zh ? `工作时间 ${hoursText(locale, ctx.hours)}；周末和法定节假日休息，调休上班日照常上班` : `Working hours ${hoursText(locale, ctx.hours)}; weekends and public holidays off, make-up working days worked`);

  if (d.unit === 'workingDays' && d.countedDay)
    lines.push(
      zh
        ? `受理当日不计，自次日起算第 ${d.amount} 个工作日为 ${dateText(locale, d.countedDay)}，下班时截止（《民法典》第二百零一条）`
        : `The intake day does not count; working day ${d.amount} after it is ${dateText(locale, d.countedDay)}, ending at close of business (Civil Code art. 201)`,
    );
  if (d.unit === 'naturalDays' && d.countedDay) {
    const roll = d.rolledFrom
      ? zh
        ? `；最后一日 ${dateText(locale, d.rolledFrom)} 为休息日，顺延至 ${dateText(locale, d.countedDay)}`
        : `; the last day, ${dateText(locale, d.rolledFrom)}, is a rest day, so the period ends on ${dateText(locale, d.countedDay)}`
      : '';
    lines.push(
      zh
        ? `受理当日不计，自次日起算 ${d.amount} 日${roll}，下班时截止（《民法典》第二百零一、二百零三条）`
        : `The intake day does not count; ${d.amount} days are counted from the next day${roll}, ending at close of business (Civil Code arts. 201 and 203)`,
    );
  }
  if (d.unit === 'naturalHours') lines.push(zh ? '紧急时限按 7×24 小时连续计算，节假日不停' : 'Urgent deadlines run 24×7, holidays included');

  if (!natural) {
    for (const s of d.spans) {
      const when = rangeText(locale, s);
      const name = dayName(locale, s);
      const period = s.firstUsedAt !== null && s.lastUsedAt !== null ? `（${timeOf(s.firstUsedAt)}–${timeOf(s.lastUsedAt)}）` : '';
      const periodEn = s.firstUsedAt !== null && s.lastUsedAt !== null ? ` (${timeOf(s.firstUsedAt)}–${timeOf(s.lastUsedAt)})` : '';
      const counted = durationText(locale, s.usedMs);
      switch (s.kind) {
        case 'workday':
          if (s.usedMs > 0) lines.push(zh ? `${when}${s.days > 1 ? ` ${s.days} 个工作日` : ''}计 ${counted}${s.days === 1 ? period : ''}` : `${when}${s.days > 1 ? `, ${s.days} working days,` : ''} counts ${counted}${s.days === 1 ? periodEn : ''}`);
          else if (s.days === 1 && s.from === localDateOf(d.start)) lines.push(zh ? `${when}受理时已过下班时间，不计` : `${when}: received after close of business, does not count`);
          break;
        case 'makeupWorkday':
        case 'localWorkday':
          lines.push(
            zh
              ? `${when}${s.kind === 'makeupWorkday' ? `为调休上班日（${name}补班）` : `为本单位加班日（${name}）`}，计 ${counted}${period}`
              : `${when} is ${s.kind === 'makeupWorkday' ? `a make-up working day (${name})` : `a local working day (${name})`}, counts ${counted}${periodEn}`,
          );
          break;
        case 'weekend':
          lines.push(zh ? `${when} 周末，不计` : `${when}: weekend, does not count`);
          break;
        case 'holiday':
          lines.push(zh ? `${when} ${name}假期（法定节假日），不计` : `${when}: ${name} (public holiday), does not count`);
          break;
        case 'localDayOff':
          lines.push(zh ? `${when} 本单位休息日（${name}），不计` : `${when}: local day off (${name}), does not count`);
          break;
      }
    }
  }

  for (const p of d.pauses) {
    const from = instantText(locale, p.from, false);
    if (p.to === null) lines.push(zh ? `自 ${from} 起等待客户，计时暂停` : `Waiting on the customer since ${from}; the clock is paused`);
    else
      lines.push(
        zh
          ? `${from} – ${instantText(locale, p.to, false)} 等待客户，暂停计时（顺延 ${durationText(locale, p.clockMs, natural)}）`
          : `${from} – ${instantText(locale, p.to, false)} waiting on the customer, clock paused (${durationText(locale, p.clockMs, natural)} added)`,
      );
  }

  if (d.provisional) {
    const years = d.provisionalYears.join(zh ? '、' : ', ');
    lines.push(
      zh
        ? `${years} 年的放假安排尚未发布，暂按周一至周五推算，此时限为暂定；国务院安排发布后自动重算`
        : `The official ${years} holiday schedule is not published yet; Monday–Friday is assumed, so this deadline is provisional and is recomputed when the schedule arrives`,
    );
  }
  return lines;
};
