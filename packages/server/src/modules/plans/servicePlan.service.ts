import ExcelJS from 'exceljs';
import { localDate, localTime, monthRange, type TCreateServiceActionBody, type TServicePlan, type TUpdateServiceActionBody } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { inScope, requirePermission } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { newId, num, toIso } from '../../db/dialect.js';
import type { Tx } from '../../db/schema.js';
import { transaction } from '../../db/transaction.js';
import { updateVersioned } from '../../db/versioned.js';
import { recordAudit } from '../auditLog/audit.js';
import { findCustomer } from '../customers/customer.service.js';
import { canJoin } from '../visits/visit.rules.js';

/** A service plan meets the data scope like a plan: its manager and the manager's unit. */
const serviceScope = { owner: 'servicePlan.managerId', orgUnit: 'servicePlan.orgUnitId' };

const findServicePlan = async (tx: Tx, auth: Auth, id: string, permission: 'plan.read' | 'plan.write' = 'plan.read') => {
  requirePermission(auth, permission);
  const row = await tx
    .selectFrom('servicePlan')
    .innerJoin('customer', 'customer.id', 'servicePlan.customerId')
    .innerJoin('appUser as manager', 'manager.id', 'servicePlan.managerId')
    .innerJoin('orgUnit as unit', 'unit.id', 'servicePlan.orgUnitId')
    .selectAll('servicePlan')
    .select(['customer.name as customerName', 'manager.displayName as managerName', 'unit.name as orgUnitName', 'unit.path as unitPath'])
    .where('servicePlan.id', '=', id)
    .where(inScope(auth, permission, serviceScope))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
};

export const getServicePlan = async (ctx: AppContext, auth: Auth, id: string): Promise<TServicePlan> => {
  const p = await findServicePlan(ctx.db, auth, id);
  const today = localDate(ctx.clock.now());
  const range = monthRange(p.period);
  const [actions, visits] = await Promise.all([
    ctx.db
      .selectFrom('serviceAction')
      .innerJoin('appUser', 'appUser.id', 'serviceAction.ownerId')
      .selectAll('serviceAction')
      .select('appUser.displayName as ownerName')
      .where('serviceAction.planId', '=', id)
      .orderBy('serviceAction.dueDate')
      .orderBy('serviceAction.id')
      .execute(),
    ctx.db
      .selectFrom('visit')
      .select(['id', 'startAt', 'method', 'status', 'outcome'])
      .where('customerId', '=', p.customerId)
      .where('startAt', '>=', range.from)
      .where('startAt', '<', range.to)
      .where('status', '!=', 'cancelled')
      .orderBy('startAt')
      .execute(),
  ]);
  return {
    id: p.id,
    customerId: p.customerId,
    customerName: p.customerName,
    managerId: p.managerId,
    managerName: p.managerName,
    orgUnitName: p.orgUnitName,
    period: p.period,
    goals: p.goals,
    status: p.status,
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      dueDate: a.dueDate,
      ownerId: a.ownerId,
      ownerName: a.ownerName,
      status: a.status,
      visitId: a.visitId,
      doneAt: a.doneAt,
      overdue: a.status === 'open' && a.dueDate < today,
      version: num(a.version),
    })),
    visits,
    version: num(p.version),
  };
};

export const listServicePlans = async (ctx: AppContext, auth: Auth, q: { customerId?: string; period?: string }) => {
  requirePermission(auth, 'plan.read');
  let qb = ctx.db
    .selectFrom('servicePlan')
    .innerJoin('customer', 'customer.id', 'servicePlan.customerId')
    .innerJoin('appUser as manager', 'manager.id', 'servicePlan.managerId')
    .select(['servicePlan.id', 'servicePlan.customerId', 'customer.name as customerName', 'manager.displayName as managerName', 'servicePlan.period', 'servicePlan.status', 'servicePlan.goals'])
    .where(inScope(auth, 'plan.read', serviceScope));
  if (q.customerId) qb = qb.where('servicePlan.customerId', '=', q.customerId);
  if (q.period) qb = qb.where('servicePlan.period', '=', q.period);
  return { data: await qb.orderBy('servicePlan.period', 'desc').orderBy('customer.name').limit(200).execute() };
};

/** A key customer's plan for a month, made by whoever may read the customer and write plans; it belongs to the customer's manager. */
export const createServicePlan = async (ctx: AppContext, auth: Auth, meta: RequestMeta, input: { customerId: string; period: string; goals: string }) => {
  requirePermission(auth, 'plan.write');
  const now = ctx.clock.now();
  const id = await transaction(ctx.db, async (tx) => {
    const customer = await findCustomer(tx, auth, input.customerId, 'customer.read');
    if (!num(customer.isKey)) throw invalid('customerId', 'not_key_customer');
    const managerId = customer.ownerId ?? auth.userId;
    const manager = await tx.selectFrom('appUser').select(['id', 'orgUnitId']).where('id', '=', managerId).executeTakeFirstOrThrow();
    const row = { id: newId(), customerId: customer.id, managerId, orgUnitId: manager.orgUnitId, period: input.period, goals: input.goals, status: 'active' as const, version: 1, createdAt: toIso(now), updatedAt: toIso(now) };
    // The unique (customer, period) answers a second plan with 409.
    await tx.insertInto('servicePlan').values(row).execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'servicePlan', entityId: row.id, detail: { customerId: customer.id, period: input.period } });
    return row.id;
  });
  return getServicePlan(ctx, auth, id);
};

export const updateServicePlan = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: { version: number; goals?: string; status?: 'active' | 'closed' }) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    await findServicePlan(tx, auth, id, 'plan.write');
    const patch: Record<string, unknown> = {};
    if (input.goals !== undefined) patch.goals = input.goals;
    if (input.status !== undefined) patch.status = input.status;
    await updateVersioned(tx, 'servicePlan', id, input.version, patch, toIso(now));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'servicePlan', entityId: id, detail: { fields: Object.keys(patch) } });
  });
  return getServicePlan(ctx, auth, id);
};

/** An action's owner: the manager, a leader above them or a colleague of their branch (as joint visits allow). */
const checkOwner = async (tx: Tx, ownerId: string, unitPath: string) => {
  const owner = await tx.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.status', 'orgUnit.path']).where('appUser.id', '=', ownerId).executeTakeFirst();
  if (!owner || owner.status !== 'active' || !canJoin(unitPath, owner.path)) throw invalid('ownerId', 'unknown_owner');
};

export const addServiceAction = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, input: TCreateServiceActionBody) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const plan = await findServicePlan(tx, auth, id, 'plan.write');
    if (plan.status !== 'active') throw new AppError('invalid_state', [{ path: 'status', key: 'not_editable' }]);
    await checkOwner(tx, input.ownerId, plan.unitPath);
    const row = { id: newId(), planId: id, title: input.title, dueDate: input.dueDate, ownerId: input.ownerId, status: 'open' as const, visitId: null, doneAt: null, version: 1, createdAt: toIso(now), updatedAt: toIso(now) };
    await tx.insertInto('serviceAction').values(row).execute();
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'serviceAction', entityId: row.id, detail: { planId: id } });
  });
  return getServicePlan(ctx, auth, id);
};

export const updateServiceAction = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string, actionId: string, input: TUpdateServiceActionBody) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    const plan = await findServicePlan(tx, auth, id, 'plan.write');
    const action = await tx.selectFrom('serviceAction').select('id').where('id', '=', actionId).where('planId', '=', id).executeTakeFirst();
    if (!action) throw new AppError('not_found');
    if (input.ownerId) await checkOwner(tx, input.ownerId, plan.unitPath);
    if (input.visitId) {
      const v = await tx.selectFrom('visit').select('id').where('id', '=', input.visitId).where('customerId', '=', plan.customerId).executeTakeFirst();
      if (!v) throw invalid('visitId', 'unknown_visit');
    }
    const patch: Record<string, unknown> = {};
    for (const k of ['title', 'dueDate', 'ownerId', 'visitId'] as const) if (input[k] !== undefined) patch[k] = input[k];
    if (input.status) {
      patch.status = input.status;
      patch.doneAt = input.status === 'done' ? toIso(now) : null;
    }
    await updateVersioned(tx, 'serviceAction', actionId, input.version, patch, toIso(now));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'serviceAction', entityId: actionId, detail: { planId: id, fields: Object.keys(patch) } });
  });
  return getServicePlan(ctx, auth, id);
};

/** The caller's open actions past their due date, for the workbench. */
export const overdueActionsOf = async (tx: Tx, userId: string, today: string) =>
  tx
    .selectFrom('serviceAction')
    .innerJoin('servicePlan', 'servicePlan.id', 'serviceAction.planId')
    .innerJoin('customer', 'customer.id', 'servicePlan.customerId')
    .select(['serviceAction.id', 'serviceAction.planId', 'serviceAction.title', 'serviceAction.dueDate', 'customer.name as customerName'])
    .where('serviceAction.ownerId', '=', userId)
    .where('serviceAction.status', '=', 'open')
    .where('serviceAction.dueDate', '<', today)
    .orderBy('serviceAction.dueDate')
    .limit(10)
    .execute();

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const methodZh: Record<string, string> = { onsite: '上门', phone: '电话', sms: '短信', wechat: '微信', video: '视频', meeting: '会议', letter: '信函' };
const visitStatusZh: Record<string, string> = { planned: '计划', done: '已完成', missed: '未完成' };

/** Form 7 重点客户服务计划表 as the paper form. */
export const servicePlanForm = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string) => {
  const p = await getServicePlan(ctx, auth, id);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重点客户服务计划表', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [6, 36, 12, 10, 10].map((width) => ({ width }));
  let r = 1;
  const line = (text: string, bold = false, size?: number, center = false) => {
    ws.mergeCells(`A${r}:E${r}`);
    const c = ws.getCell(`A${r}`);
    c.value = text;
    c.font = { bold, size };
    c.alignment = { horizontal: center ? 'center' : 'left', wrapText: true, vertical: 'top' };
    r++;
  };
  const table = (head: string[], rows: (string | number)[][]) => {
    const h = ws.getRow(r++);
    h.values = head;
    h.font = { bold: true };
    for (let c = 1; c <= head.length; c++) h.getCell(c).border = border;
    for (const values of rows) {
      const row = ws.getRow(r++);
      row.values = values;
      row.alignment = { wrapText: true, vertical: 'top' };
      for (let c = 1; c <= head.length; c++) row.getCell(c).border = border;
    }
  };
  line('重点客户服务计划表', true, 16, true);
  line(`客户：${p.customerName}    机构：${p.orgUnitName}    客户经理：${p.managerName}    期间：${p.period}`);
  line(`服务目标：${p.goals}`);
  r++;
  table(['序号', '服务措施', '完成时限', '责任人', '状态'], p.actions.map((a, i) => [i + 1, a.title, a.dueDate, a.ownerName, a.status === 'done' ? '已完成' : a.overdue ? '逾期' : '进行中']));
  r++;
  line('本期拜访', true);
  table(['序号', '日期', '方式', '状态', '结果'], p.visits.map((v, i) => [i + 1, `${localDate(v.startAt)} ${localTime(v.startAt)}`, methodZh[v.method] ?? v.method, visitStatusZh[v.status] ?? v.status, v.outcome ?? '']));
  line(`合计：措施 ${p.actions.length} 项，已完成 ${p.actions.filter((a) => a.status === 'done').length} 项，逾期 ${p.actions.filter((a) => a.overdue).length} 项；拜访 ${p.visits.filter((v) => v.status === 'done').length} 次`, true);
  r++;
  ws.getRow(r).values = ['', '客户经理签字：', '主管签字：', '', '日期：'];
  await recordAudit(ctx.db, ctx.clock.now(), auth, meta, { action: 'export', entity: 'servicePlan', entityId: id, detail: { form: 'keyCustomerServicePlan' } });
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: `重点客户服务计划表-${p.customerName}-${p.period}.xlsx` };
};
