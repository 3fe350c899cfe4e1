import { sql } from 'kysely';
import { normalizeCode, type Locale } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope } from '../../access/access.js';
import { newId, toIso } from '../../db/dialect.js';
import { recordAudit } from '../auditLog/audit.js';
import { customerScope } from '../customers/customer.scope.js';
import { readRows } from '../imports/rowSource.js';
import { transaction } from '../../db/transaction.js';

const columns = {
  key: ['统一社会信用代码/许可证号/身份证号', '客户编码', 'customer code'],
  month: ['月份', 'month'],
  volume: ['业务量', 'volume'],
  profit: ['利润', 'profit'],
  daysLate: ['逾期天数', 'days late'],
} as const;

type FigureError = { row: number; column: string; message: string };

/**
 * Monthly business figures per customer (业务量, 利润, 逾期天数, and any further numeric
 * columns kept as metrics such as 存款余额) from .xlsx or .csv; a customer's month is replaced
 * when imported again. All or nothing: any bad row and nothing is written.
 */
export const importFigures = async (ctx: AppContext, auth: Auth, meta: RequestMeta, file: string, format: 'xlsx' | 'csv', locale: Locale) => {
  const zh = locale === 'zh-CN';
  const errors: FigureError[] = [];
  const rows: { row: number; key: string; month: string; volume: number | null; profit: number | null; daysLate: number | null; metrics: Record<string, number> }[] = [];
  let header: string[] | null = null;
  const idx = (names: readonly string[]) => header!.findIndex((h) => names.some((n) => h.toLowerCase().replace(/\s+/g, ' ') === n.toLowerCase()));
  for await (const r of readRows(file, format)) {
    if (!header) {
      header = r.cells.map((c) => c.replace(/^\*/, '').trim());
      if (idx(columns.key) < 0 || idx(columns.month) < 0) return { imported: 0, errors: [{ row: 1, column: '', message: zh ? '表头需要“客户编码”和“月份”两列' : 'The header needs "customer code" and "month"' }] };
      continue;
    }
    if (r.cells.every((c) => !c.trim())) continue;
    const cell = (names: readonly string[]) => (r.cells[idx(names)] ?? '').trim();
    const num = (names: readonly string[], label: string) => {
      const v = cell(names).replace(/,/g, '');
      if (!v) return null;
      const n = Number(v);
      if (!Number.isFinite(n)) errors.push({ row: r.rowNumber, column: label, message: zh ? '不是数字' : 'is not a number' });
      return Number.isFinite(n) ? n : null;
    };
    const month = cell(columns.month).replace(/[年/.]/g, '-').replace(/月$/, '');
    const m = month.match(/^(\d{4})-(\d{1,2})/);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) errors.push({ row: r.rowNumber, column: zh ? '月份' : 'month', message: zh ? '应为 2026-01 这样的月份' : 'must be a month like 2026-01' });
    const metrics: Record<string, number> = {};
    header.forEach((h, i) => {
      if (Object.values(columns).some((names) => (names as readonly string[]).includes(h))) return;
      const v = Number((r.cells[i] ?? '').replace(/,/g, ''));
      if (h && r.cells[i]?.trim() && Number.isFinite(v)) metrics[h] = v;
    });
    rows.push({
      row: r.rowNumber,
      key: normalizeCode(cell(columns.key)),
      month: m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : '',
      volume: num(columns.volume, zh ? '业务量' : 'volume'),
      profit: num(columns.profit, zh ? '利润' : 'profit'),
      daysLate: num(columns.daysLate, zh ? '逾期天数' : 'days late'),
      metrics,
    });
  }
  // Customers by any of their codes, inside the caller's scope: one query per 500 codes.
  const ids = new Map<string, string>();
  const keys = [...new Set(rows.map((r) => r.key).filter(Boolean))];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const found = await ctx.db
      .selectFrom('customer')
      .select(['customer.id', 'customer.creditCode', 'customer.licenceNo', 'customer.idNumber'])
      .where((eb) => eb.or([eb('customer.creditCode', 'in', chunk), eb('customer.licenceNo', 'in', chunk), eb('customer.idNumber', 'in', chunk)]))
      .where(inScope(auth, 'customer.import', customerScope))
      .execute();
    for (const f of found) for (const k of [f.creditCode, f.licenceNo, f.idNumber]) if (k) ids.set(k, f.id);
  }
  for (const r of rows) if (!ids.has(r.key)) errors.push({ row: r.row, column: zh ? '客户编码' : 'customer code', message: zh ? '找不到该客户，或不在您的管辖范围内' : 'no such customer in your scope' });
  if (errors.length) return { imported: 0, errors };
  const now = toIso(ctx.clock.now());
  await transaction(ctx.db, async (tx) => {
    for (let i = 0; i < rows.length; i += 300) {
      const values = rows.slice(i, i + 300).map((r) => ({
        id: newId(),
        customerId: ids.get(r.key)!,
        month: r.month,
        volume: r.volume,
        profit: r.profit,
        daysLate: r.daysLate,
        metrics: Object.keys(r.metrics).length ? JSON.stringify(r.metrics) : null,
        createdAt: now,
        updatedAt: now,
      }));
      await tx
        .insertInto('businessFigure')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['customerId', 'month']).doUpdateSet({
            volume: (eb) => eb.ref('excluded.volume'),
            profit: (eb) => eb.ref('excluded.profit'),
            daysLate: (eb) => eb.ref('excluded.daysLate'),
            metrics: (eb) => eb.ref('excluded.metrics'),
            updatedAt: now,
          }),
        )
        .execute();
    }
    // A customer with business in a month has had business: dormancy reads this.
    await sql`update customer set last_business_at = ${now} where id in (select distinct customer_id from business_figure where updated_at = ${now} and (coalesce(volume, 0) <> 0 or coalesce(profit, 0) <> 0))`.execute(tx);
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'import', entity: 'businessFigure', detail: { rows: rows.length } });
  });
  return { imported: rows.length, errors: [] };
};
