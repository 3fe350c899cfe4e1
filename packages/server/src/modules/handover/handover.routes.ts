import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActionLabels, describeDetail, shanghaiTime, ZHandoverBody, type Label } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { recordAudit } from '../auditLog/audit.js';
import { attachment, streamWorkbook, XLSX_TYPE } from '../exports/xlsx.js';
import * as service from './handover.service.js';

const ZAuditQuery = z.strictObject({
  userId: z.string().max(64),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

const requestStatus: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' };
const stageLabel = (stage: string) => ({ prospect: '潜在', target: '目标', won: '成交', maintained: '维护', dormant: '休眠', lost: '流失' } as Record<string, string>)[stage] ?? stage;

export const handoverRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['handover'];
    app.post(
      '/api/v1/handovers',
      {
        schema: {
          tags,
          summary: '客户交接 Hand over a manager’s customers',
          body: ZHandoverBody,
          response: { 200: z.object({ moved: z.number().int(), hooks: z.record(z.string(), z.number()), successors: z.array(z.object({ userId: z.string(), name: z.string(), customers: z.number().int() })) }) },
        },
      },
      async (req) => service.handover(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.get('/api/v1/departure-audit', { schema: { tags, summary: '离岗审计 Departure audit', querystring: ZAuditQuery } }, async (req) => {
      const q = req.query;
      return service.departureAudit(ctx, requireAuth(req), q.userId, new Date(q.from).toISOString(), new Date(q.to).toISOString());
    });
    app.get('/api/v1/departure-audit.xlsx', { schema: { tags, summary: '离岗审计报告 .xlsx', querystring: ZAuditQuery } }, async (req, reply) => {
      const auth = requireAuth(req);
      const q = req.query;
      const report = await service.departureAudit(ctx, auth, q.userId, new Date(q.from).toISOString(), new Date(q.to).toISOString());
      const book = streamWorkbook('离岗审计', [
        { header: '类别', key: 'section', width: 12 },
        { header: '时间', key: 'at', width: 22 },
        { header: '客户', key: 'customer', width: 28 },
        { header: '操作', key: 'action', width: 14 },
        { header: '说明', key: 'detail', width: 50 },
      ]);
      reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`离岗审计-${report.user.displayName}.xlsx`, 'departure-audit.xlsx'));
      const fill = async () => {
        book.add({ section: '人员', customer: `${report.user.displayName}（${report.user.username}）`, detail: `${report.user.orgUnitName}；期间 ${q.from} 至 ${q.to}` });
        for (const c of report.held)
          book.add({ section: '名下客户', customer: c.name, action: c.currentlyHeld ? '仍在名下' : '期间经手', detail: `阶段 ${stageLabel(c.stage)}；分级 ${c.grade ?? '-'}；最近联系 ${c.lastContactAt ? shanghaiTime(c.lastContactAt) : '-'}` });
        for (const [section, rows] of [['修改', report.changed], ['查看明文', report.revealed], ['导出', report.exported]] as const)
          for (const r of rows)
            book.add({ section, at: shanghaiTime(r.at), customer: r.customerName ?? '', action: (auditActionLabels as Record<string, Label>)[r.action]?.['zh-CN'] ?? r.action, detail: describeDetail(r.detail, 'zh-CN') });
        for (const r of report.changeRequests)
          book.add({ section: '变更申请', at: shanghaiTime(r.requestedAt), customer: r.customerName, action: requestStatus[r.status] ?? r.status, detail: `${describeDetail({ field: r.field }, 'zh-CN')}；理由：${r.reason}${r.comment ? `；审批意见：${r.comment}` : ''}` });
        await book.finish();
        await recordAudit(ctx.db, ctx.clock.now(), auth, requestMeta(req), { action: 'export', entity: 'departureAudit', entityId: q.userId, detail: { from: q.from, to: q.to } });
      };
      fill().catch((err) => book.stream.destroy(err));
      return reply.send(book.stream);
    });
  };
