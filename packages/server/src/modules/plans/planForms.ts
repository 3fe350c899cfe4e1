import ExcelJS from 'exceljs';
import { addDays, isoWeekMonday, localDate, localTime, type TPlanDetail } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../auditLog/audit.js';
import { dictionaryLabels } from '../exports/labels.js';
import { getPlan } from './plan.service.js';

export type PlanFormKind = 'monthly-plan' | 'weekly-plan' | 'monthly-achievement' | 'weekly-achievement';

const titles: Record<PlanFormKind, string> = {
  'monthly-plan': '月计划任务分解表',
  'weekly-plan': '每周工作计划和客户拜访计划表',
  'monthly-achievement': '月计划达成检查表',
  'weekly-achievement': '周计划达成检查表',
};
const statusZh: Record<string, string> = { draft: '草稿', submitted: '待审批', approved: '已批准', returned: '已退回', open: '未提交' };
const methodZh: Record<string, string> = { onsite: '上门', phone: '电话', sms: '短信', wechat: '微信', video: '视频', meeting: '会议', letter: '信函' };
const weekdayZh = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const fmt = (n: number | null, unit = '') => (n == null ? '—' : `${Number.isInteger(n) ? n : n.toFixed(unit === '%' ? 1 : 2)}${unit === '%' ? '%' : ''}`);

/**
 * Forms 2, 3, 5 and 6 as the paper forms: title, org unit, manager, period, status, the table,
 * totals, the notes, signature and date lines; A4 (portrait for plans, landscape for checks)
 * fitted to the page width, in Chinese. A plan out of the caller's scope has no form (404).
 */
export const planForm = async (ctx: AppContext, auth: Auth, meta: RequestMeta, form: PlanFormKind, planId: string): Promise<{ buffer: Buffer; name: string }> => {
  const plan = await getPlan(ctx, auth, planId);
  const wantKind = form.startsWith('monthly') ? 'month' : 'week';
  if (plan.kind !== wantKind) throw new AppError('validation_failed', [{ path: 'planId', key: 'not_editable' }]);
  const achievementForm = form.endsWith('achievement');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(titles[form], {
    pageSetup: { paperSize: 9, orientation: achievementForm ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  const widths = achievementForm ? [6, 22, 8, 12, 12, 12, 12] : [6, 24, 8, 14, 40];
  ws.columns = widths.map((width) => ({ width }));
  const last = String.fromCharCode(64 + widths.length);
  let r = 1;
  const line = (text: string, opts: { bold?: boolean; size?: number; center?: boolean; height?: number } = {}) => {
    ws.mergeCells(`A${r}:${last}${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = text;
    cell.font = { bold: opts.bold, size: opts.size };
    cell.alignment = { horizontal: opts.center ? 'center' : 'left', vertical: 'top', wrapText: true };
    if (opts.height) ws.getRow(r).height = opts.height;
    r++;
  };
  const table = (head: string[], rows: (string | number)[][]) => {
    const h = ws.getRow(r++);
    h.values = head;
    h.font = { bold: true };
    h.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    for (let c = 1; c <= head.length; c++) h.getCell(c).border = border;
    for (const values of rows) {
      const row = ws.getRow(r++);
      row.values = values;
      row.alignment = { vertical: 'top', wrapText: true };
      for (let c = 1; c <= head.length; c++) row.getCell(c).border = border;
    }
  };
  const periodText = plan.kind === 'month' ? plan.period : `${plan.period}（${isoWeekMonday(plan.period)} 至 ${addDays(isoWeekMonday(plan.period), 6)}）`;

  line(titles[form], { bold: true, size: 16, center: true });
  line(`机构：${plan.orgUnitName}    客户经理：${plan.managerName}    期间：${periodText}    状态：${statusZh[achievementForm ? plan.checkStatus : plan.status]}`);
  r++;

  if (!achievementForm) {
    table(
      ['序号', '指标', '单位', '目标值', '说明'],
      plan.targets.map((t, i) => [i + 1, t.nameZh, t.unit, fmt(t.target, t.unit), ({ ratio: '比率', sum: '合计', count: '计数' })[t.aggregation]]),
    );
    if (!plan.targets.length) line('（未设定指标目标）');
    if (plan.kind === 'month') {
      r++;
      line(`重点工作措施：${plan.keyActions ?? ''}`, { height: 48 });
      line(`拟开发客户：${plan.developCustomers.map((c) => c.name).join('、')}`, { height: 32 });
      line('“135”工作法 — 上月分析', { bold: true });
      line(`客户：${plan.analysisCustomer ?? ''}`, { height: 40 });
      line(`产品/品牌：${plan.analysisProduct ?? ''}`, { height: 40 });
      line(`市场：${plan.analysisMarket ?? ''}`, { height: 40 });
      line(`改进措施：${plan.improvements ?? ''}`, { height: 40 });
    } else {
      r++;
      line('工作事项', { bold: true });
      table(
        ['序号', '事项', '日'],
        plan.workItems.map((w, i) => [i + 1, w.text, w.day ? weekdayZh[w.day - 1]! : '']),
      );
      r++;
      line('客户拜访计划', { bold: true });
      const labels = await dictionaryLabels(ctx, 'zh-CN');
      const planned = plan.visits.filter((v) => v.planned);
      table(
        ['序号', '客户', '日期', '方式', '目的'],
        planned.map((v, i) => [i + 1, v.customerName, `${localDate(v.startAt)} ${localTime(v.startAt)}`, methodZh[v.method] ?? v.method, labels.get(`visitPurpose:${v.purpose}`) ?? v.purpose]),
      );
      line(`合计：计划拜访 ${planned.length} 次，涉及客户 ${new Set(planned.map((v) => v.customerId)).size} 户`, { bold: true });
    }
    if (plan.leaderComment) line(`主管意见：${plan.leaderComment}`);
  } else {
    table(
      ['序号', '指标', '单位', '目标', '实际', '完成率', '差距'],
      plan.targets.map((t, i) => [i + 1, t.nameZh, t.unit, fmt(t.target, t.unit), fmt(t.actual, t.unit), t.completion == null ? '—' : `${t.completion}%`, fmt(t.gap, t.unit)]),
    );
    line(plan.targets.some((t) => t.frozen) ? `实际值为 ${plan.checkSubmittedAt ? localDate(plan.checkSubmittedAt) : ''} 提交检查时的系统统计` : `实际值为 ${localDate(ctx.clock.now())} 的系统统计（检查提交时固定）`);
    if (plan.kind === 'week' && plan.visitSummary) {
      r++;
      line('计划拜访执行情况', { bold: true });
      const byCustomer = new Map<string, { name: string; planned: number; done: number; missed: number; added: number }>();
      for (const v of plan.visits) {
        const c = byCustomer.get(v.customerId) ?? { name: v.customerName, planned: 0, done: 0, missed: 0, added: 0 };
        if (v.planned && v.status !== 'cancelled') {
          c.planned++;
          if (v.status === 'done') c.done++;
          else c.missed++;
        } else if (!v.planned && v.status === 'done') c.added++;
        byCustomer.set(v.customerId, c);
      }
      table(
        ['序号', '客户', '计划', '完成', '未完成', '计划外'],
        [...byCustomer.values()].map((c, i) => [i + 1, c.name, c.planned, c.done, c.missed, c.added]),
      );
      const s = plan.visitSummary;
      line(`合计：计划 ${s.planned} 次，完成 ${s.done} 次，未完成 ${s.missed + s.open} 次，计划外 ${s.added} 次`, { bold: true });
    }
    r++;
    line(`差距说明：${plan.checkExplanation ?? ''}`, { height: 40 });
    line(`改进措施：${plan.checkImprovement ?? ''}`, { height: 40 });
    line(`主管意见：${plan.checkComment ?? ''}`, { height: 32 });
  }
  r++;
  ws.getRow(r).values = ['', '客户经理签字：', '', '主管签字：', '日期：'];
  ws.getRow(r).height = 28;
  await recordAudit(ctx.db, ctx.clock.now(), auth, meta, { action: 'export', entity: 'plan', entityId: plan.id, detail: { form } });
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: `${titles[form]}-${plan.managerName}-${plan.period}.xlsx` };
};

export type { TPlanDetail };
