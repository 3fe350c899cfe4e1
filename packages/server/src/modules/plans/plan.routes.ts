import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAchievement,
  ZBreakdown,
  ZBreakdownBody,
  ZCheckTransitionBody,
  ZCreateIndicatorBody,
  ZCreatePlanBody,
  ZIndicator,
  ZListOf,
  ZMonthKey,
  ZPeriodQuery,
  ZPlan,
  ZPlanDetail,
  ZPlanQuery,
  ZPlanSettings,
  ZPlanSettingsBody,
  ZPlanTeam,
  ZPlanTransitionBody,
  ZPlanVisitBody,
  ZPlanWorkbench,
  ZUpdateIndicatorBody,
  ZUpdatePlanBody,
  ZServicePlan,
  ZServicePlanQuery,
  ZCreateServicePlanBody,
  ZUpdateServicePlanBody,
  ZCreateServiceActionBody,
  ZUpdateServiceActionBody,
} from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { hasPermission, requirePermission } from '../../access/access.js';
import { attachment, XLSX_TYPE } from '../exports/xlsx.js';
import * as plans from './plan.service.js';
import { achievement, getBreakdown, planTeam, saveBreakdown } from './plan.unit.js';
import { createIndicator, listIndicators, updateIndicator } from './indicator.service.js';
import { planForm } from './planForms.js';
import * as service from './servicePlan.service.js';

const ZParams = z.object({ id: z.string().max(64) });

export const planRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['plans'];
    app.get('/api/v1/indicators', { schema: { tags, summary: '计划指标 Plan indicators', response: { 200: z.object({ data: z.array(ZIndicator) }) } } }, async (req) => ({
      data: await listIndicators(ctx, requireAuth(req)),
    }));
    app.post('/api/v1/indicators', { schema: { tags, summary: '新增业务数据指标 Add a business-figure indicator', body: ZCreateIndicatorBody, response: { 201: ZIndicator } } }, async (req, reply) => {
      reply.status(201);
      return createIndicator(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.patch('/api/v1/indicators/:id', { schema: { tags, summary: '修改或停用指标 Edit or disable an indicator', params: ZParams, body: ZUpdateIndicatorBody, response: { 200: ZIndicator } } }, async (req) =>
      updateIndicator(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.get('/api/v1/plan-settings', { schema: { tags, summary: '计划提交时间 When plans are due', response: { 200: ZPlanSettings } } }, async (req) => {
      // Read by whoever works with plans, and by the admin who sets the due times (indicator.manage, no plan.read).
      const auth = requireAuth(req);
      if (!hasPermission(auth, 'indicator.manage')) requirePermission(auth, 'plan.read');
      return plans.loadPlanSettings(ctx.db);
    });
    app.put('/api/v1/plan-settings', { schema: { tags, summary: '设定计划提交时间 Set when plans are due', body: ZPlanSettingsBody, response: { 200: ZPlanSettings } } }, async (req) => plans.savePlanSettings(ctx, requireAuth(req), requestMeta(req), req.body));

    app.get('/api/v1/plans', { schema: { tags, summary: '月/周计划（按数据范围） Plans in scope', querystring: ZPlanQuery, response: { 200: ZListOf(ZPlan) } } }, async (req) =>
      plans.listPlans(ctx, requireAuth(req), req.query),
    );
    app.post('/api/v1/plans', { schema: { tags, summary: '新建月/周计划（草稿） Open a plan', body: ZCreatePlanBody, response: { 201: ZPlanDetail } } }, async (req, reply) => {
      reply.status(201);
      return plans.createPlan(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.get('/api/v1/plans/breakdown', { schema: { tags, summary: '单位月度目标与分解 A unit month breakdown', querystring: z.strictObject({ orgUnitId: z.string().max(64).optional(), month: ZMonthKey }), response: { 200: ZBreakdown } } }, async (req) =>
      getBreakdown(ctx, requireAuth(req), req.query),
    );
    app.put('/api/v1/plans/breakdown', { schema: { tags, summary: '设定单位目标并分解到客户经理 Set and break down targets', body: ZBreakdownBody, response: { 200: ZBreakdown } } }, async (req) =>
      saveBreakdown(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.get('/api/v1/plans/workbench', { schema: { tags: ['workbench'], summary: '工作台：计划期限、退回、待审批、本周进度 Plans on the workbench', response: { 200: ZPlanWorkbench } } }, async (req) =>
      plans.planWorkbench(ctx, requireAuth(req)),
    );
    app.get('/api/v1/plans/team', { schema: { tags, summary: '单位计划提交情况（迟交、未交） Who has planned', querystring: ZPeriodQuery, response: { 200: ZPlanTeam } } }, async (req) =>
      planTeam(ctx, requireAuth(req), req.query),
    );
    app.get('/api/v1/plans/achievement', { schema: { tags, summary: '单位计划达成 Unit achievement', querystring: ZPeriodQuery, response: { 200: ZAchievement } } }, async (req) =>
      achievement(ctx, requireAuth(req), req.query),
    );
    app.get('/api/v1/plans/:id', { schema: { tags, summary: '计划详情 A plan', params: ZParams, response: { 200: ZPlanDetail } } }, async (req) => plans.getPlan(ctx, requireAuth(req), req.params.id));
    app.patch('/api/v1/plans/:id', { schema: { tags, summary: '修改计划（草稿或已退回） Edit a draft or returned plan', params: ZParams, body: ZUpdatePlanBody, response: { 200: ZPlanDetail } } }, async (req) =>
      plans.updatePlan(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post('/api/v1/plans/:id/transition', { schema: { tags, summary: '提交、批准或退回计划 Submit, approve or return', params: ZParams, body: ZPlanTransitionBody, response: { 200: ZPlanDetail } } }, async (req) =>
      plans.transitionPlan(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post('/api/v1/plans/:id/check', { schema: { tags, summary: '提交、批准或退回达成检查 The achievement check', params: ZParams, body: ZCheckTransitionBody, response: { 200: ZPlanDetail } } }, async (req) =>
      plans.transitionCheck(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post('/api/v1/plans/:id/visits', { schema: { tags, summary: '周计划中的计划拜访 Plan a visit in a week plan', params: ZParams, body: ZPlanVisitBody, response: { 200: ZPlanDetail } } }, async (req) =>
      plans.addPlanVisit(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );

    const stags = ['key-customer service plans'];
    const ZActionParams = z.object({ id: z.string().max(64), actionId: z.string().max(64) });
    app.get('/api/v1/service-plans', { schema: { tags: stags, summary: '重点客户服务计划 Key-customer service plans', querystring: ZServicePlanQuery } }, async (req) =>
      service.listServicePlans(ctx, requireAuth(req), req.query),
    );
    app.post('/api/v1/service-plans', { schema: { tags: stags, summary: '新建重点客户服务计划 Create a key-customer service plan', body: ZCreateServicePlanBody, response: { 201: ZServicePlan } } }, async (req, reply) => {
      reply.status(201);
      return service.createServicePlan(ctx, requireAuth(req), requestMeta(req), req.body);
    });
    app.get('/api/v1/service-plans/:id', { schema: { tags: stags, summary: '重点客户服务计划详情 A key-customer service plan', params: ZParams, response: { 200: ZServicePlan } } }, async (req) => service.getServicePlan(ctx, requireAuth(req), req.params.id));
    app.patch('/api/v1/service-plans/:id', { schema: { tags: stags, summary: '修改或关闭重点客户服务计划 Edit or close a service plan', params: ZParams, body: ZUpdateServicePlanBody, response: { 200: ZServicePlan } } }, async (req) =>
      service.updateServicePlan(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post('/api/v1/service-plans/:id/actions', { schema: { tags: stags, summary: '新增服务措施 Add an action', params: ZParams, body: ZCreateServiceActionBody, response: { 200: ZServicePlan } } }, async (req) =>
      service.addServiceAction(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.patch('/api/v1/service-plans/:id/actions/:actionId', { schema: { tags: stags, summary: '修改或完成服务措施 Edit or complete an action', params: ZActionParams, body: ZUpdateServiceActionBody, response: { 200: ZServicePlan } } }, async (req) =>
      service.updateServiceAction(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.actionId, req.body),
    );
    app.get('/api/v1/forms/key-customer-service-plan.xlsx', { schema: { tags: ['forms'], summary: '重点客户服务计划表 Form 7', querystring: z.strictObject({ planId: z.string().min(1).max(64) }) } }, async (req, reply) => {
      const { buffer, name } = await service.servicePlanForm(ctx, requireAuth(req), requestMeta(req), req.query.planId);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, 'key-customer-service-plan.xlsx')).send(buffer);
    });

    const formSummaries = {
      'monthly-plan': '月计划任务分解表 Form 2',
      'weekly-plan': '每周工作计划和客户拜访计划表 Form 3',
      'monthly-achievement': '月计划达成检查表 Form 5',
      'weekly-achievement': '周计划达成检查表 Form 6',
    };
    for (const form of ['monthly-plan', 'weekly-plan', 'monthly-achievement', 'weekly-achievement'] as const)
      app.get(`/api/v1/forms/${form}.xlsx`, { schema: { tags: ['forms'], summary: formSummaries[form], querystring: z.strictObject({ planId: z.string().min(1).max(64) }) } }, async (req, reply) => {
        const { buffer, name } = await planForm(ctx, requireAuth(req), requestMeta(req), form, req.query.planId);
        return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, `${form}.xlsx`)).send(buffer);
      });
  };
