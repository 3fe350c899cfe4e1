import type { FastifyReply } from 'fastify';
import { maskAddress, maskIdNumber, maskPhone, type Locale, type TCustomerQuery } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { toIso } from '../../db/dialect.js';
import { recordAudit } from '../auditLog/audit.js';
import { customerFilter, selectCustomer } from '../customers/customer.service.js';
import type { CustomerRow } from '../customers/customer.presenter.js';
import { findRegion } from '../regions/region.js';
import { attachment, streamWorkbook, XLSX_TYPE } from './xlsx.js';
import { dictionaryLabels, exportHeaders, stageLabel, kindLabel } from './labels.js';

const BATCH = 1000;

/**
 * The current filtered list as .xlsx, streamed in keyset batches. Masked unless the caller asks
 * for clear values and holds customer.exportUnmasked; every export is audited with its filter.
 */
export const exportCustomers = async (ctx: AppContext, auth: Auth, meta: RequestMeta, reply: FastifyReply, q: TCustomerQuery, unmasked: boolean, locale: Locale) => {
  requirePermission(auth, 'customer.export');
  if (unmasked) requirePermission(auth, 'customer.exportUnmasked');
  const now = ctx.clock.now();
  const labels = await dictionaryLabels(ctx, locale);
  const h = exportHeaders[locale];
  const book = streamWorkbook(locale === 'zh-CN' ? '客户' : 'Customers', [
    { header: h.name, key: 'name', width: 28 },
    { header: h.kind, key: 'kind', width: 10 },
    { header: h.creditCode, key: 'code', width: 22 },
    { header: h.region, key: 'region', width: 22 },
    { header: h.address, key: 'address', width: 28 },
    { header: h.phone, key: 'phone', width: 16 },
    { header: h.businessFormat, key: 'businessFormat', width: 12 },
    { header: h.marketType, key: 'marketType', width: 12 },
    { header: h.stage, key: 'stage', width: 10 },
    { header: h.grade, key: 'grade', width: 8 },
    { header: h.isKey, key: 'isKey', width: 8 },
    { header: h.owner, key: 'owner', width: 12 },
    { header: h.orgUnit, key: 'orgUnit', width: 16 },
    { header: h.lastContactAt, key: 'lastContactAt', width: 18 },
    { header: h.tags, key: 'tags', width: 20 },
  ]);
  reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`客户清单-${toIso(now).slice(0, 10)}.xlsx`, 'customers.xlsx'));
  let count = 0;
  const write = async () => {
    let last: { sortKey: string; id: string } | null = null;
    for (;;) {
      let qb = selectCustomer(customerFilter(ctx, auth, q, 'customer.export')).orderBy('customer.sortKey').orderBy('customer.id').limit(BATCH);
      if (last) {
        const l = last;
        qb = qb.where((eb: any) => eb.or([eb('customer.sortKey', '>', l.sortKey), eb.and([eb('customer.sortKey', '=', l.sortKey), eb('customer.id', '>', l.id)])]));
      }
      const rows = (await qb.execute()) as CustomerRow[];
      for (const r of rows) {
        const clear = (v: string | null, mask: (s: string) => string) => (v == null ? '' : unmasked ? v : mask(v));
        book.add({
          name: r.name,
          kind: kindLabel(locale, r.kind),
          code: r.creditCode ?? r.licenceNo ?? clear(r.idNumber, maskIdNumber),
          region: r.regionCode ? (findRegion(r.regionCode)?.fullName ?? r.regionCode) : '',
          address: clear(r.address, maskAddress),
          phone: clear(r.phone, maskPhone),
          businessFormat: labels.get(`businessFormat:${r.businessFormat}`) ?? r.businessFormat ?? '',
          marketType: labels.get(`marketType:${r.marketType}`) ?? r.marketType ?? '',
          stage: stageLabel(locale, r.stage),
          grade: r.gradeOverride ?? r.grade ?? '',
          isKey: Number(r.isKey) ? '是' : '',
          owner: r.ownerName ?? (locale === 'zh-CN' ? '公海' : 'Pool'),
          orgUnit: r.orgUnitName,
          lastContactAt: r.lastContactAt ? new Date(new Date(r.lastContactAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '',
          tags: (JSON.parse(r.tags) as string[]).map((t) => labels.get(`customerTag:${t}`) ?? t).join('、'),
        });
      }
      count += rows.length;
      if (rows.length < BATCH) break;
      last = { sortKey: rows[rows.length - 1]!.sortKey, id: rows[rows.length - 1]!.id };
    }
    await book.finish();
    await recordAudit(ctx.db, now, auth, meta, { action: 'export', entity: 'customer', detail: { count, unmasked, filter: q } });
  };
  write().catch((err) => {
    ctx.log.error({ err }, 'export failed');
    book.stream.destroy(err instanceof Error ? err : new AppError('internal_error'));
  });
  return reply.send(book.stream);
};
