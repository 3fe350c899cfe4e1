import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { isoWeekMonday, isoWeekRange, localDate, localTime, redactNumbers, type Locale, type TVisit, type TVisitQuery } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission, unitInScope } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { toIso } from '../../db/dialect.js';
import { recordAudit } from '../auditLog/audit.js';
import { dictionaryLabels } from '../exports/labels.js';
import { attachment, streamWorkbook, XLSX_TYPE } from '../exports/xlsx.js';
import { findVisit, visitFilter } from './visit.service.js';
import { presentVisits, type VisitRow } from './visit.presenter.js';

const methodLabel: Record<Locale, Record<string, string>> = {
  'zh-CN': { onsite: '上门', phone: '电话', sms: '短信', wechat: '微信', video: '视频', meeting: '会议', letter: '信函' },
  'en-US': { onsite: 'On-site', phone: 'Phone', sms: 'SMS', wechat: 'WeChat', video: 'Video', meeting: 'Meeting', letter: 'Letter' },
};
const statusLabel: Record<Locale, Record<string, string>> = {
  'zh-CN': { planned: '计划', done: '已完成', missed: '未完成', cancelled: '已取消' },
  'en-US': { planned: 'Planned', done: 'Done', missed: 'Missed', cancelled: 'Cancelled' },
};
const flagLabel: Record<Locale, Record<string, string>> = {
  'zh-CN': { far: '距离异常', inaccurate: '定位不准' },
  'en-US': { far: 'Far from customer', inaccurate: 'Inaccurate position' },
};
type HeaderKey = 'date' | 'time' | 'customer' | 'manager' | 'status' | 'method' | 'purpose' | 'minutes' | 'contacts' | 'participants' | 'learned' | 'needs' | 'products' | 'outcome' | 'next' | 'checkIn';
const headers: Record<Locale, Record<HeaderKey, string>> = {
  'zh-CN': { date: '日期', time: '时间', customer: '客户', manager: '客户经理', status: '状态', method: '方式', purpose: '目的', minutes: '时长（分钟）', contacts: '接洽人', participants: '陪访', learned: '了解情况', needs: '客户需求', products: '推介产品', outcome: '拜访结果', next: '下一步', checkIn: '签到' },
  'en-US': { date: 'Date', time: 'Time', customer: 'Customer', manager: 'Manager', status: 'Status', method: 'Method', purpose: 'Purpose', minutes: 'Minutes', contacts: 'Contacts met', participants: 'Participants', learned: 'Learned', needs: 'Needs', products: 'Products', outcome: 'Outcome', next: 'Next step', checkIn: 'Check-in' },
};

const nextText = (v: TVisit) => [v.nextStep, v.nextDate].filter(Boolean).join(' · ');

/** The visits of the current filter as .xlsx, streamed in keyset batches and audited with the filter. */
export const exportVisits = async (ctx: AppContext, auth: Auth, meta: RequestMeta, reply: FastifyReply, q: TVisitQuery, locale: Locale) => {
  requirePermission(auth, 'visit.export');
  const now = ctx.clock.now();
  const labels = await dictionaryLabels(ctx, locale);
  const h = headers[locale];
  const book = streamWorkbook(locale === 'zh-CN' ? '拜访记录' : 'Visits', [
    { header: h.date, key: 'date', width: 12 },
    { header: h.time, key: 'time', width: 8 },
    { header: h.customer, key: 'customer', width: 26 },
    { header: h.manager, key: 'manager', width: 10 },
    { header: h.status, key: 'status', width: 8 },
    { header: h.method, key: 'method', width: 8 },
    { header: h.purpose, key: 'purpose', width: 12 },
    { header: h.minutes, key: 'minutes', width: 8 },
    { header: h.contacts, key: 'contacts', width: 14 },
    { header: h.participants, key: 'participants', width: 12 },
    { header: h.learned, key: 'learned', width: 30 },
    { header: h.needs, key: 'needs', width: 24 },
    { header: h.products, key: 'products', width: 18 },
    { header: h.outcome, key: 'outcome', width: 24 },
    { header: h.next, key: 'next', width: 24 },
    { header: h.checkIn, key: 'checkIn', width: 12 },
  ]);
  reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`拜访记录-${toIso(now).slice(0, 10)}.xlsx`, 'visits.xlsx'));
  let count = 0;
  const write = async () => {
    let last: { startAt: string; id: string } | null = null;
    for (;;) {
      let qb = visitFilter(ctx, auth, q, 'visit.export')
        .innerJoin('appUser as manager', 'manager.id', 'visit.managerId')
        .selectAll('visit')
        .select(['customer.name as customerName', 'manager.displayName as managerName'])
        .orderBy('visit.startAt', 'desc')
        .orderBy('visit.id', 'desc')
        .limit(1000);
      if (last) {
        const l = last;
        qb = qb.where((eb) => eb.or([eb('visit.startAt', '<', l.startAt), eb.and([eb('visit.startAt', '=', l.startAt), eb('visit.id', '<', l.id)])]));
      }
      const rows = (await qb.execute()) as VisitRow[];
      for (const v of await presentVisits(ctx.db, rows))
        book.add({
          date: localDate(v.startAt),
          time: localTime(v.startAt),
          customer: v.customerName,
          manager: v.managerName,
          status: statusLabel[locale][v.status],
          method: methodLabel[locale][v.method],
          purpose: labels.get(`visitPurpose:${v.purpose}`) ?? v.purpose,
          minutes: v.durationMinutes ?? '',
          contacts: v.contacts.map((c) => c.name).join('、'),
          participants: v.participants.map((p) => p.name).join('、'),
          learned: v.learned ?? '',
          needs: v.needs ?? '',
          products: v.products ?? '',
          outcome: v.outcome ?? '',
          next: nextText(v),
          checkIn: v.checkIn ? (v.checkIn.flag ? flagLabel[locale][v.checkIn.flag] : '✓') : '',
        });
      count += rows.length;
      if (rows.length < 1000) break;
      last = { startAt: rows[rows.length - 1]!.startAt, id: rows[rows.length - 1]!.id };
    }
    await book.finish();
    const { q: text, ...filter } = q;
    await recordAudit(ctx.db, now, auth, meta, { action: 'export', entity: 'visit', detail: { count, filter: { ...filter, q: text ? redactNumbers(text) : undefined } } });
  };
  write().catch((err) => {
    ctx.log.error({ err }, 'visit export failed');
    book.stream.destroy(err instanceof Error ? err : new AppError('internal_error'));
  });
  return reply.send(book.stream);
};

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Form 4 of the seven, 客户拜访记录表, laid out as the paper form: one visit as a record sheet, or
 * a manager's ISO week as the weekly table — title, unit, manager, period, the visits, totals,
 * signature and date lines, A4 landscape fitted to the page width.
 */
export const visitRecordForm = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  q: { visitId?: string; managerId?: string; week?: string },
): Promise<{ buffer: Buffer; name: string }> => {
  requirePermission(auth, 'visit.export');
  let visits: TVisit[];
  let period: string;
  let managerName: string;
  let unitName: string;
  if (q.visitId) {
    const row = await findVisit(ctx.db, auth, q.visitId);
    visits = await presentVisits(ctx.db, [row]);
    period = localDate(row.startAt);
    managerName = row.managerName;
    unitName = (await ctx.db.selectFrom('orgUnit').select('name').where('id', '=', row.orgUnitId).executeTakeFirstOrThrow()).name;
  } else {
    if (!q.managerId || !q.week) throw new AppError('validation_failed', [{ path: q.managerId ? 'week' : 'managerId', key: 'required' }]);
    const range = isoWeekRange(q.week);
    const rows = (await visitFilter(ctx, auth, { managerId: q.managerId, from: range.from, to: range.to }, 'visit.export')
      .innerJoin('appUser as manager', 'manager.id', 'visit.managerId')
      .selectAll('visit')
      .select(['customer.name as customerName', 'manager.displayName as managerName'])
      .orderBy('visit.startAt')
      .execute()) as VisitRow[];
    const manager = await ctx.db
      .selectFrom('appUser')
      .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
      .select(['appUser.displayName', 'orgUnit.name', 'appUser.orgUnitId', 'orgUnit.path'])
      .where('appUser.id', '=', q.managerId)
      .executeTakeFirst();
    // A manager outside the caller's scope has, for the caller, no form.
    if (!manager || (q.managerId !== auth.userId && !unitInScope(auth, 'visit.export', { id: manager.orgUnitId, path: manager.path }))) throw new AppError('not_found');
    visits = await presentVisits(ctx.db, rows);
    const monday = isoWeekMonday(q.week);
    period = `${q.week}（${monday} 至 ${localDate(new Date(Date.parse(range.to) - 1))}）`;
    managerName = manager.displayName;
    unitName = manager.name;
  }
  const labels = await dictionaryLabels(ctx, 'zh-CN');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户拜访记录表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  const cols = ['序号', '日期', '时间', '客户名称', '方式', '目的', '接洽人', '陪访', '了解情况 / 客户需求', '推介产品', '拜访结果', '下一步计划及时间'];
  ws.columns = [6, 11, 7, 22, 7, 10, 10, 9, 32, 14, 22, 22].map((width) => ({ width }));
  const last = String.fromCharCode(64 + cols.length);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = '客户拜访记录表';
  ws.getCell('A1').font = { size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = `机构：${unitName}    客户经理：${managerName}    期间：${period}`;
  const head = ws.getRow(4);
  head.values = cols;
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  for (let i = 1; i <= cols.length; i++) head.getCell(i).border = border;
  let r = 5;
  for (const [i, v] of visits.entries()) {
    const row = ws.getRow(r++);
    row.values = [
      i + 1,
      localDate(v.startAt),
      localTime(v.startAt),
      v.customerName,
      methodLabel['zh-CN'][v.method],
      labels.get(`visitPurpose:${v.purpose}`) ?? v.purpose,
      v.contacts.map((c) => c.name).join('、'),
      v.participants.map((p) => p.name).join('、'),
      [v.learned, v.needs ? `需求：${v.needs}` : null].filter(Boolean).join('\n'),
      v.products ?? '',
      v.status === 'done' ? (v.outcome ?? '') : statusLabel['zh-CN'][v.status],
      nextText(v),
    ];
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= cols.length; c++) row.getCell(c).border = border;
  }
  const done = visits.filter((v) => v.status === 'done');
  const totals = ws.getRow(r++);
  ws.mergeCells(`A${totals.number}:${last}${totals.number}`);
  totals.getCell(1).value = `合计：拜访 ${done.length} 次（上门 ${done.filter((v) => v.method === 'onsite').length} 次，电话 ${done.filter((v) => v.method === 'phone').length} 次），涉及客户 ${new Set(done.map((v) => v.customerId)).size} 户；计划未完成 ${visits.filter((v) => v.status === 'missed').length} 次`;
  totals.getCell(1).font = { bold: true };
  r++;
  ws.getRow(r).values = ['', '客户经理签字：', '', '', '', '', '主管签字：', '', '', '日期：'];
  ws.getRow(r).height = 28;
  await recordAudit(ctx.db, ctx.clock.now(), auth, meta, { action: 'export', entity: 'visit', entityId: q.visitId ?? null, detail: { form: 'visitRecord', managerId: q.managerId ?? null, week: q.week ?? null, count: visits.length } });
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: `客户拜访记录表-${managerName}-${q.week ?? period}.xlsx` };
};
