import ExcelJS from 'exceljs';
import { ticketKinds, type Locale, type TTicketKind, type TTicketStats, type TTicketStatsRow } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission, unitInScope } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { likeEscape } from '../../db/dialect.js';
import { midnightOf } from '../../calendar/shanghai.js';
import { sql, type SqlBool } from 'kysely';
import { ticketScope } from './ticket.policy.js';

/**
 * Monthly ticket statistics (definitions in docs/TICKETS.md). A month is a calendar month in
 * Asia/Shanghai. Each figure counts the tickets whose *own* event fell in the month:
 * - opened: created in the month (also the basis of the counts by kind, cause and unit);
 * - timeliness 及时率: of the tickets resolved in the month, those resolved by their deadline;
 * - pass rate 合格率: of the tickets closed in the month, those never reopened;
 * - satisfaction: mean callback score (1–5) of the callbacks made in the month;
 * - resolution hours: working hours from intake (or reopening) to resolution, pauses excluded,
 *   of the tickets resolved in the month — mean and 90th percentile (nearest rank).
 * Rows come from one query over the month's tickets in the caller's scope; grouping happens here.
 */
type StatTicket = {
  kind: TTicketKind;
  cause: string | null;
  orgUnitId: string;
  ownerId: string;
  resolvedBy: string | null;
  managerId: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolveDueAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  satisfaction: number | null;
  callbackAt: string | null;
  resolveWorkingMinutes: number | null;
};

const monthRange = (month: string, back = 0) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 - back, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const d = (x: Date) => x.toISOString().slice(0, 10);
  return { key: d(start).slice(0, 7), from: new Date(midnightOf(d(start))).toISOString(), to: new Date(midnightOf(d(end))).toISOString() };
};

const inRange = (v: string | null, r: { from: string; to: string }) => v !== null && v >= r.from && v < r.to;
const rate = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null });
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export const percentile = (values: number[], p: number): number | null => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
};

const figures = (rows: StatTicket[], r: { from: string; to: string }, key: string, name: string): TTicketStatsRow => {
  const resolved = rows.filter((t) => inRange(t.resolvedAt, r));
  const closed = rows.filter((t) => inRange(t.closedAt, r));
  const callbacks = rows.filter((t) => inRange(t.callbackAt, r) && t.satisfaction !== null);
  const minutes = resolved.map((t) => t.resolveWorkingMinutes).filter((m): m is number => m !== null);
  const p90 = percentile(minutes, 0.9);
  return {
    key,
    name,
    opened: rows.filter((t) => inRange(t.createdAt, r)).length,
    resolved: resolved.length,
    timeliness: rate(resolved.filter((t) => t.resolveDueAt !== null && t.resolvedAt! <= t.resolveDueAt).length, resolved.length),
    passRate: rate(closed.filter((t) => Number(t.reopenCount) === 0).length, closed.length),
    satisfaction: callbacks.length ? Math.round((callbacks.reduce((s, t) => s + Number(t.satisfaction), 0) / callbacks.length) * 100) / 100 : null,
    callbacks: callbacks.length,
    avgResolveHours: minutes.length ? round1(minutes.reduce((s, m) => s + m, 0) / minutes.length / 60) : null,
    p90ResolveHours: p90 === null ? null : round1(p90 / 60),
  };
};

/** Rows grouped by a key; a ticket counts for the group its key names (e.g. who resolved it). */
const grouped = (rows: StatTicket[], r: { from: string; to: string }, keyOf: (t: StatTicket) => string | null, names: Map<string, string>) => {
  const groups = new Map<string, StatTicket[]>();
  for (const t of rows) {
    const k = keyOf(t);
    if (k) groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return [...groups.entries()]
    .map(([k, ts]) => figures(ts, r, k, names.get(k) ?? k))
    .filter((f) => f.opened || f.resolved || f.callbacks || f.passRate.denominator)
    .sort((a, b) => b.opened - a.opened || b.resolved - a.resolved || a.name.localeCompare(b.name, 'zh-CN'));
};

export const ticketStats = async (ctx: AppContext, auth: Auth, q: { month: string; orgUnitId?: string; months?: number }, locale: Locale): Promise<TTicketStats> => {
  requirePermission(auth, 'ticket.stats');
  const months = q.months ?? 6;
  const r = monthRange(q.month);
  const earliest = monthRange(q.month, months - 1);
  let base = ctx.db
    .selectFrom('ticket')
    .innerJoin('customer', 'customer.id', 'ticket.customerId')
    .where(inScope(auth, 'ticket.stats', ticketScope))
    .where((eb) =>
      eb.or(
        (['createdAt', 'resolvedAt', 'closedAt', 'callbackAt'] as const).map((c) => eb.and([eb(`ticket.${c}`, '>=', earliest.from), eb(`ticket.${c}`, '<', r.to)])),
      ),
    );
  if (q.orgUnitId) {
    const unit = await ctx.db.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', q.orgUnitId).executeTakeFirst();
    if (!unit || (!unitInScope(auth, 'ticket.stats', unit) && auth.grants.get('ticket.stats') !== 'self')) throw new AppError('not_found');
    base = base.where(
      'ticket.orgUnitId',
      'in',
      ctx.db.selectFrom('orgUnit').select('id').where(sql<SqlBool>`path like ${likeEscape(unit.path) + '%'} escape '\\'`),
    );
  }
  const rows = (await base
    .select([
      'ticket.kind',
      'ticket.cause',
      'ticket.orgUnitId',
      'ticket.ownerId',
      'ticket.resolvedBy',
      'ticket.managerId',
      'ticket.createdAt',
      'ticket.resolvedAt',
      'ticket.resolveDueAt',
      'ticket.closedAt',
      'ticket.reopenCount',
      'ticket.satisfaction',
      'ticket.callbackAt',
      'ticket.resolveWorkingMinutes',
    ])
    .execute()) as StatTicket[];

  const userIds = [...new Set(rows.flatMap((t) => [t.resolvedBy, t.managerId]).filter((x): x is string => Boolean(x)))];
  const unitIds = [...new Set(rows.map((t) => t.orgUnitId))];
  const names = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 500) for (const u of await ctx.db.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', userIds.slice(i, i + 500)).execute()) names.set(u.id, u.displayName);
  for (let i = 0; i < unitIds.length; i += 500) for (const u of await ctx.db.selectFrom('orgUnit').select(['id', 'name']).where('id', 'in', unitIds.slice(i, i + 500)).execute()) names.set(u.id, u.name);
  const causeNames = new Map(
    (await ctx.db.selectFrom('dictionaryItem').select(['value', 'labelZh', 'labelEn']).where('dictionaryCode', '=', 'ticketCause').execute()).map((c) => [c.value, locale === 'zh-CN' ? c.labelZh : c.labelEn]),
  );

  const opened = rows.filter((t) => inRange(t.createdAt, r));
  const byCause = new Map<string, number>();
  for (const t of opened) byCause.set(t.cause ?? '', (byCause.get(t.cause ?? '') ?? 0) + 1);
  const allLabel = locale === 'zh-CN' ? '合计' : 'Total';
  return {
    month: q.month,
    from: r.from,
    to: r.to,
    total: figures(rows, r, 'total', allLabel),
    byKind: ticketKinds.map((kind) => ({ kind, opened: opened.filter((t) => t.kind === kind).length })),
    byCause: [...byCause.entries()]
      .map(([cause, count]) => ({ cause, name: cause ? (causeNames.get(cause) ?? cause) : locale === 'zh-CN' ? '尚未分析' : 'Not analysed yet', count }))
      .sort((a, b) => b.count - a.count),
    byUnit: grouped(rows, r, (t) => t.orgUnitId, names),
    byHandler: grouped(rows, r, (t) => t.resolvedBy, names),
    byManager: grouped(rows, r, (t) => t.managerId, names),
    trend: Array.from({ length: months }, (_, i) => monthRange(q.month, months - 1 - i)).map((m) => figures(rows, m, m.key, m.key)),
  };
};

/** The statistics as an .xlsx workbook: summary, per unit, handler, manager, cause and trend. */
export const ticketStatsWorkbook = async (stats: TTicketStats, locale: Locale): Promise<Buffer> => {
  const zh = locale === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  const head = zh
    ? ['名称', '受理数', '办结数', '及时办结数', '及时率', '关闭数', '一次合格数', '合格率', '回访数', '满意度', '平均处理时长（工作小时）', 'P90 处理时长（工作小时）']
    : ['Name', 'Opened', 'Resolved', 'On time', 'Timeliness', 'Closed', 'First-time pass', 'Pass rate', 'Callbacks', 'Satisfaction', 'Avg resolution (working h)', 'P90 resolution (working h)'];
  const line = (r: TTicketStatsRow) => [r.name, r.opened, r.resolved, r.timeliness.numerator, r.timeliness.rate, r.passRate.denominator, r.passRate.numerator, r.passRate.rate, r.callbacks, r.satisfaction, r.avgResolveHours, r.p90ResolveHours];
  const sheet = (name: string, rows: TTicketStatsRow[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(head).font = { bold: true };
    for (const r of rows) ws.addRow(line(r));
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 20 : 14;
      if (i === 4 || i === 7) c.numFmt = '0.0%';
    });
  };
  sheet(zh ? `汇总 ${stats.month}` : `Summary ${stats.month}`, [stats.total]);
  sheet(zh ? '按机构' : 'By unit', stats.byUnit);
  sheet(zh ? '按处理人' : 'By handler', stats.byHandler);
  sheet(zh ? '按客户经理' : 'By manager', stats.byManager);
  const causes = wb.addWorksheet(zh ? '按原因' : 'By cause');
  causes.addRow(zh ? ['原因分类', '工单数'] : ['Cause', 'Tickets']).font = { bold: true };
  for (const c of stats.byCause) causes.addRow([c.name, c.count]);
  sheet(zh ? '趋势' : 'Trend', stats.trend);
  return Buffer.from(await wb.xlsx.writeBuffer());
};
