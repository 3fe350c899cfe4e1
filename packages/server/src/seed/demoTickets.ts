import { ticketNeedsApproval, ticketPath, type TSlaUnit, type TTicketChannel, type TTicketKind, type TTicketSeverity, type TTicketStatus } from '@liaison/shared';
import type { Db } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { withWorkCalendar } from '../calendar/calendar.store.js';
import { addClockHours, workingMsBetween } from '../calendar/workingTime.js';
import { localDateOf, yearOf } from '../calendar/shanghai.js';
import { getSlaSettings, workingHoursOf } from '../modules/tickets/sla.settings.js';
import { ticketDeadlines } from '../modules/tickets/ticket.sla.js';
import type { TicketEventTable, TicketTable } from '../modules/tickets/ticket.tables.js';

const rng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

type Story = { title: string; description: string; cause: string; analysis: string; proposal: string; implementation: string; answer?: string };
const stories: Record<TTicketKind, Story[]> = {
  complaint: [
    { title: '本周订货晚到两天', description: '客户反映周二订的货周四才送到，影响周末销售。', cause: 'supplyDelivery', analysis: '配送线路调整，新线路司机不熟悉门店位置。', proposal: '恢复原配送顺序，线路负责人上门致歉。', implementation: '已恢复原线路并上门致歉，客户表示理解。' },
    { title: '送货员态度生硬', description: '客户称送货员催促签收、不让清点。', cause: 'serviceAttitude', analysis: '送货员赶时间未按规范交接。', proposal: '对送货员进行服务规范培训，客户经理回访道歉。', implementation: '已完成培训，送货员当面致歉。' },
    { title: '结算金额与订单不符', description: '对账发现本月多扣款 120 元。', cause: 'processingError', analysis: '系统重复计入一笔退货冲销。', proposal: '核实后退回多扣款项，修正对账单。', implementation: '多扣款项已原路退回，对账单已更正。' },
    { title: '促销政策告知不及时', description: '客户称其他门店已享受促销，自己未被告知。', cause: 'policyUnderstanding', analysis: '政策下发后片区未全部传达到位。', proposal: '补发政策说明，补足促销资格。', implementation: '已补发政策并补足促销资格。' },
  ],
  fault: [
    { title: '订货终端无法登录', description: '早上起终端提示网络错误，无法下单。', cause: 'systemFault', analysis: '终端证书过期。', proposal: '远程更新证书。', implementation: '证书已更新，终端恢复正常。' },
    { title: '收款扫码枪失灵', description: '扫码枪无反应，影响收银。', cause: 'equipmentFault', analysis: '扫码枪数据线损坏。', proposal: '更换数据线，检查扫码枪。', implementation: '已更换数据线，设备正常。' },
    { title: '电子价签显示错误', description: '多个价签显示乱码。', cause: 'systemFault', analysis: '价签基站固件异常。', proposal: '升级基站固件并重新下发价签。', implementation: '固件升级完成，价签显示正常。' },
  ],
  repair: [
    { title: '展示柜灯箱不亮', description: '卷烟展示柜灯箱不亮，需上门维修。', cause: 'equipmentFault', analysis: '', proposal: '', implementation: '更换灯管和启辉器，灯箱恢复。' },
    { title: '冷柜不制冷', description: '饮料冷柜温度降不下来。', cause: 'equipmentFault', analysis: '', proposal: '', implementation: '补充制冷剂并清理冷凝器。' },
  ],
  consultation: [
    { title: '咨询新品上市时间', description: '客户询问新品规格何时可以订货。', cause: 'other', analysis: '', proposal: '', implementation: '', answer: '新品下月第一周开放订货，已告知订货方式。' },
    { title: '咨询经营许可证延续', description: '许可证下月到期，咨询延续手续。', cause: 'other', analysis: '', proposal: '', implementation: '', answer: '已告知所需材料和办理渠道，可线上提交。' },
  ],
  suggestion: [
    { title: '建议增加周末配送', description: '客户建议周六增加一次配送。', cause: 'supplyDelivery', analysis: '', proposal: '', implementation: '', answer: '已转配送中心评估，下季度试点周末配送。' },
    { title: '建议订货系统增加库存提醒', description: '希望订货时能看到建议订量。', cause: 'other', analysis: '', proposal: '', implementation: '', answer: '已反馈系统组，纳入下一版本需求。' },
  ],
};

const kindBag: TTicketKind[] = ['complaint', 'complaint', 'complaint', 'complaint', 'fault', 'fault', 'fault', 'repair', 'repair', 'consultation', 'consultation', 'suggestion'];
const severityBag: TTicketSeverity[] = ['general', 'general', 'general', 'general', 'general', 'general', 'major', 'major', 'major', 'critical', 'urgent'];
const channelBag: TTicketChannel[] = ['phone', 'phone', 'phone', 'visit', 'visit', 'onsite', 'branch', 'online'];

export const DEMO_TICKETS = 320;

/**
 * Three months of tickets of every kind across the demo organisation, most closed with callbacks,
 * some late, a few reopened, and open ones in every state — breached and escalated among them —
 * so the list, the statistics and handler1's queue show real figures on first start. Deadlines
 * are computed on the working calendar like any other ticket's.
 */
export const seedDemoTickets = async (db: Db, at: Date, count = DEMO_TICKETS): Promise<boolean> => {
  if (await db.selectFrom('ticket').select('id').limit(1).executeTakeFirst()) return false;
  const rand = rng(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const users = new Map((await db.selectFrom('appUser').select(['id', 'username', 'displayName']).execute()).map((u) => [u.username, u]));
  const units = new Map((await db.selectFrom('orgUnit').select(['id', 'code', 'path']).execute()).map((u) => [u.code, u]));
  const customers = await db
    .selectFrom('customer')
    .innerJoin('appUser', 'appUser.id', 'customer.ownerId')
    .innerJoin('orgUnit', 'orgUnit.id', 'customer.orgUnitId')
    .select(['customer.id', 'customer.ownerId', 'appUser.username', 'orgUnit.path'])
    .where('customer.ownerId', 'is not', null)
    .orderBy('customer.sortKey')
    .limit(400)
    .execute();
  const handler1 = users.get('handler1');
  const hz = units.get('HZ');
  const nb = units.get('NB');
  if (!customers.length || !handler1 || !hz || !nb) return false;
  const policies = new Map((await db.selectFrom('slaPolicy').selectAll().execute()).map((p) => [`${p.kind}:${p.severity}`, p]));
  const settings = await getSlaSettings(db);
  const hours = workingHoursOf(settings);
  const nowMs = at.getTime();
  const start = nowMs - 92 * 86_400_000;
  const tickets: TicketTable[] = [];
  const events: TicketEventTable[] = [];

  await withWorkCalendar(db, { from: yearOf(localDateOf(start)), to: yearOf(localDateOf(nowMs)) }, (cal) => {
    const work = (from: number, h: number) => addClockHours(from, h, 'workingHours', cal, hours);
    for (let i = 0; i < count; i++) {
      const c = customers[Math.floor(rand() * customers.length)]!;
      const inHz = c.path.startsWith(hz.path);
      const unit = inHz ? hz : nb;
      const handler = inHz ? handler1 : users.get('leader2')!;
      const leader = inHz ? users.get('leader1')! : users.get('leader2')!;
      const manager = users.get(c.username)!;
      const kind = pick(kindBag);
      const severity = pick(severityBag);
      const story = pick(stories[kind]);
      const policy = policies.get(`${kind}:${severity}`)!;
      // Spread over three months, during working hours, more of them recent.
      const ago = Math.pow(rand(), 1.3) * (nowMs - start);
      const created = work(nowMs - ago - 86_400_000, rand() * 7);
      if (created >= nowMs - 10 * 60_000) continue;
      const id = newId();
      const createdIso = toIso(new Date(created));
      const base: TicketTable = {
        id,
        number: `GD${localDateOf(created).replace(/-/g, '')}-${String(1000 + i)}`,
        kind,
        severity,
        channel: pick(channelBag),
        status: 'accept',
        needsApproval: ticketNeedsApproval(kind, severity) ? 1 : 0,
        title: story.title,
        description: story.description,
        customerId: c.id,
        contactId: null,
        visitId: null,
        ownerId: manager.id,
        orgUnitId: unit.id,
        createdBy: manager.id,
        managerId: c.ownerId,
        cause: null,
        analysis: null,
        proposal: null,
        approvalComment: null,
        implementation: null,
        answer: null,
        summary: null,
        satisfaction: null,
        solved: null,
        callbackNote: null,
        callbackAt: null,
        responseAmount: policy.responseAmount,
        responseUnit: policy.responseUnit as TSlaUnit,
        resolveAmount: policy.resolveAmount,
        resolveUnit: policy.resolveUnit as TSlaUnit,
        warnPercent: policy.warnPercent,
        escalateEveryHours: policy.escalateEveryHours,
        resolveStartAt: createdIso,
        responseDueAt: null,
        resolveDueAt: null,
        resolveWarnAt: null,
        dueProvisional: 0,
        respondedAt: null,
        resolvedAt: null,
        resolvedBy: null,
        resolveWorkingMinutes: null,
        closedAt: null,
        warnedAt: null,
        responseBreachedAt: null,
        breachedAt: null,
        escalationLevel: 0,
        escalationUnitId: null,
        nextEscalationAt: null,
        waitingSince: null,
        waitingReason: null,
        reopenCount: 0,
        appointmentStart: null,
        appointmentEnd: null,
        arrivedAt: null,
        arrivalLate: null,
        delayNotified: 0,
        feeCents: null,
        feeConfirmedAt: null,
        signOffName: null,
        signOffAt: null,
        signatureAttachmentId: null,
        version: 1,
        createdAt: createdIso,
        updatedAt: createdIso,
      };
      const d = ticketDeadlines(base, [], cal, hours);
      Object.assign(base, { responseDueAt: d.responseDueAt, resolveDueAt: d.resolveDueAt, resolveWarnAt: d.resolveWarnAt, dueProvisional: d.dueProvisional });
      const ev = (atMs: number, actor: { id: string; displayName: string } | null, action: string, from: TTicketStatus | null, to: TTicketStatus | null, extra: Partial<TicketEventTable> = {}) =>
        events.push({ id: newId(), ticketId: id, at: toIso(new Date(atMs)), actorId: actor?.id ?? null, actorName: actor?.displayName ?? '系统', action, fromStatus: from, toStatus: to, ownerId: extra.ownerId ?? null, orgUnitId: extra.orgUnitId ?? null, reason: extra.reason ?? null, detail: extra.detail ?? null });
      ev(created, manager, 'create', null, 'accept', { ownerId: manager.id, orgUnitId: unit.id });

      // How far it got: older tickets are mostly done; the last days' are still moving.
      const path = ticketPath(kind, severity);
      const ageDays = (nowMs - created) / 86_400_000;
      const late = rand() < 0.14;
      const resolveAt = late ? Date.parse(d.resolveDueAt!) + (1 + rand() * 20) * 3_600_000 : work(created, 1 + rand() * Math.min(40, Number(policy.resolveAmount) * (policy.resolveUnit === 'workingDays' || policy.resolveUnit === 'naturalDays' ? 6 : 0.7)));
      let target: TTicketStatus;
      if (resolveAt < nowMs - 2 * 86_400_000 && ageDays > 3) target = 'closed';
      else target = path[Math.min(path.length - 2, Math.floor(rand() * (path.length - 1)))]!;
      if (i % 23 === 0 && ageDays < 20) target = 'accept';

      const accepted = work(created, 0.2 + rand() * 2);
      let t = accepted;
      for (const step of path) {
        if (step === target || step === 'closed') break;
        const actor = step === 'approve' ? leader : step === 'callback' ? manager : step === 'review' ? (rand() < 0.5 ? leader : handler) : handler;
        const stepAt = step === 'accept' ? accepted : step === 'implement' || step === 'answer' ? Math.max(t, resolveAt) : work(t, 0.5 + rand() * 3);
        if (stepAt >= nowMs) break;
        t = stepAt;
        const next = path[path.indexOf(step) + 1]!;
        base.status = next;
        ev(t, actor, step, step, next, step === 'accept' || step === 'assign' ? { ownerId: handler.id, orgUnitId: unit.id } : {});
        if (step === 'accept') Object.assign(base, { respondedAt: toIso(new Date(t)), ownerId: handler.id, ...(d.responseDueAt && toIso(new Date(t)) > d.responseDueAt ? { responseBreachedAt: d.responseDueAt } : {}) });
        if (step === 'analyse') Object.assign(base, { cause: story.cause, analysis: story.analysis });
        if (step === 'propose') base.proposal = story.proposal;
        if (step === 'approve') base.approvalComment = '同意，抓紧落实。';
        if (step === 'implement' || step === 'answer') {
          const resolvedIso = toIso(new Date(t));
          Object.assign(base, {
            implementation: step === 'implement' ? story.implementation : null,
            answer: step === 'answer' ? story.answer : null,
            cause: base.cause ?? story.cause,
            resolvedAt: resolvedIso,
            resolvedBy: handler.id,
            ...(base.resolveDueAt && resolvedIso > base.resolveDueAt ? { breachedAt: base.resolveDueAt } : {}),
          });
          if (kind === 'repair') Object.assign(base, { appointmentStart: toIso(new Date(accepted + 3_600_000)), appointmentEnd: toIso(new Date(accepted + 7_200_000)), arrivedAt: toIso(new Date(accepted + 5_400_000)), arrivalLate: 0, feeCents: 8000, feeConfirmedAt: toIso(new Date(accepted + 5_500_000)), signOffName: '店主', signOffAt: resolvedIso });
          if (step === 'answer') Object.assign(base, { closedAt: resolvedIso, status: 'closed' });
        }
        if (step === 'callback') {
          const sat = rand() < 0.75 ? 5 - Math.floor(rand() * 2) : 1 + Math.floor(rand() * 3);
          Object.assign(base, { satisfaction: sat, solved: 1, callbackNote: sat >= 4 ? '客户满意' : '客户基本认可，提出改进意见', callbackAt: toIso(new Date(t)) });
        }
        if (step === 'review') Object.assign(base, { summary: '已按流程处理完毕，纳入月度分析。', closedAt: toIso(new Date(t)), status: 'closed' });
      }
      // Working minutes from intake to resolution, on the calendar.
      if (base.resolvedAt) base.resolveWorkingMinutes = Math.round(workingMsBetween(created, Date.parse(base.resolvedAt), cal, hours) / 60_000);
      // A few closed tickets came back: the customer said it was not solved.
      if (base.status === 'closed' && rand() < 0.06) base.reopenCount = 1;
      // Open ones past their deadline: breached and, if long past, escalated.
      if (!base.resolvedAt && base.resolveDueAt && base.resolveDueAt < toIso(at)) {
        const breachMs = Date.parse(base.resolveDueAt);
        base.breachedAt = base.resolveDueAt;
        base.escalationUnitId = unit.id;
        ev(breachMs, null, 'breached', base.status, base.status, { orgUnitId: unit.id });
        if (nowMs - breachMs > 2 * 86_400_000) {
          base.escalationLevel = 1;
          base.escalationUnitId = units.get('ROOT')!.id;
          ev(breachMs + 86_400_000, null, 'escalated', base.status, base.status, { orgUnitId: base.escalationUnitId, detail: JSON.stringify({ level: 1 }) });
        }
      } else if (!base.resolvedAt && base.resolveWarnAt && base.resolveWarnAt < toIso(at)) base.warnedAt = base.resolveWarnAt;
      if (base.status === 'accept') base.ownerId = manager.id;
      base.updatedAt = events[events.length - 1]!.at;
      base.version = 1 + events.filter((e) => e.ticketId === id).length - 1;
      tickets.push(base);
    }
  });

  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < tickets.length; i += 100) await tx.insertInto('ticket').values(tickets.slice(i, i + 100)).execute();
    for (let i = 0; i < events.length; i += 300) await tx.insertInto('ticketEvent').values(events.slice(i, i + 300)).execute();
  });
  return true;
};
