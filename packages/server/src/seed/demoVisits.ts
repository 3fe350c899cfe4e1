import { atLocal, addDays, isoWeekKey, isoWeekMonday, localDate, monthKey, shiftPeriod } from '@liaison/shared';
import type { Db } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { refreshCompliance } from '../modules/visits/compliance.js';

/** The same deterministic generator as the demo customers, on its own seed. */
const rng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

const learnedLines = [
  '本月卷烟动销平稳，高端品规走货偏慢',
  '店主反映周边新开一家便利店，客流有所下降',
  '陈列柜位置调整后，新品可见度提高',
  '节前备货意愿强，计划增加订货量',
  '网上订货操作已熟练，希望增加配送频次',
  '店面装修中，月底恢复正常营业',
  '对积分活动兴趣较大，询问兑换规则',
  '资金周转偏紧，订货量有所压缩',
  '消费者对细支烟接受度提高',
  '周末客流大，希望调整送货时间',
];
const needsLines = ['希望增加紧俏品规的货源', '需要新的价签和陈列物料', '想了解诚信互助小组的要求', '希望培训电子结算', null, null, null];
const productLines = ['利群（新版）', '中华（金中支）', '玉溪（软）', '黄鹤楼（硬天下名楼）', '细支系列新品', null, null];
const outcomeLines = ['已指导陈列，店主认可', '同意试销新品两条', '订货量较上月增加', '问题已记录，反馈营销部', '客户满意，无新增需求', '约定下周回访确认效果', '已完成节日问候'];
const nextLines = ['送价签与陈列物料', '回访新品动销情况', '跟进订货量变化', '确认店面恢复营业', null, null];
const phoneLines = ['电话询问本周订货需求', '提醒网上订货截止时间', '回访上次反映的问题', '告知新品上市信息', '节日问候'];

const CITY_CENTRE: Record<string, { lat: number; lng: number }> = { HZ: { lat: 30.2741, lng: 120.1551 }, NB: { lat: 29.8683, lng: 121.544 } };

/**
 * A year of visits for the demo managers, shaped by the frequency rules and sometimes missing
 * them: a monthly on-site visit and a weekly call for most managed customers, a few customers
 * left behind lately (so the workbench shows overdue customers on first start), joint visits
 * with the city leader for key customers, check-ins (a few flagged), and planned visits for
 * the coming two weeks — some of them today.
 */
export const seedDemoVisits = async (db: Db, at: Date): Promise<number> => {
  if (await db.selectFrom('visit').select('id').limit(1).executeTakeFirst()) return 0;
  const rand = rng(20261201);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const customers = await db
    .selectFrom('customer')
    .innerJoin('appUser', 'appUser.id', 'customer.ownerId')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['customer.id', 'customer.ownerId', 'customer.orgUnitId', 'customer.stage', 'customer.isKey', 'customer.grade', 'customer.claimedAt', 'orgUnit.code'])
    .where('customer.ownerId', 'is not', null)
    .orderBy('customer.id')
    .execute();
  if (!customers.length) return 0;
  const leaders = new Map(
    (await db.selectFrom('appUser').innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId').select(['appUser.id', 'orgUnit.code']).where('appUser.username', 'like', 'leader%').execute()).map((l) => [l.code, l.id]),
  );
  const contactsBy = new Map<string, string>();
  for (const c of await db.selectFrom('contact').select(['id', 'customerId']).where('isPrimary', '=', 1).execute()) contactsBy.set(c.customerId, c.id);

  const today = localDate(at);
  const visits: any[] = [];
  const participants: { visitId: string; userId: string }[] = [];
  const visitContacts: { visitId: string; contactId: string }[] = [];
  const places = new Map<string, { lat: number; lng: number }>();
  const stamp = toIso(at);

  const add = (c: (typeof customers)[number], v: { status: string; method: string; purpose: string; startAt: string; minutes?: number }, extra: Record<string, unknown> = {}) => {
    const id = newId();
    visits.push({
      id,
      customerId: c.id,
      managerId: c.ownerId,
      orgUnitId: c.orgUnitId,
      status: v.status,
      method: v.method,
      purpose: v.purpose,
      startAt: v.startAt,
      endAt: v.minutes ? new Date(Date.parse(v.startAt) + v.minutes * 60_000).toISOString() : null,
      learned: null,
      needs: null,
      products: null,
      outcome: null,
      nextStep: null,
      nextDate: null,
      nextMethod: null,
      nextVisitId: null,
      note: null,
      reason: null,
      checkInLat: null,
      checkInLng: null,
      checkInAccuracy: null,
      checkInAt: null,
      checkInDistance: null,
      checkInFlag: null,
      planId: null,
      doneAt: v.status === 'done' ? v.startAt : null,
      createdBy: c.ownerId,
      version: 1,
      createdAt: v.startAt < stamp ? v.startAt : stamp,
      updatedAt: v.startAt < stamp ? v.startAt : stamp,
      ...extra,
    });
    return id;
  };
  // A working-day time: 09:00–17:00 Beijing time on a weekday of the given week or month.
  const workTime = (date: string) => atLocal(date, `${String(9 + Math.floor(rand() * 8)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}`);

  for (const c of customers) {
    const managed = c.stage === 'won' || c.stage === 'maintained';
    const since = c.claimedAt && c.claimedAt > toIso(new Date(at.getTime() - 365 * 86_400_000)) ? c.claimedAt : toIso(new Date(at.getTime() - 365 * 86_400_000));
    // One customer in sixteen has been left behind lately: nothing for the last five to ten weeks.
    const behind = rand() < 0.06 ? addDays(today, -(35 + Math.floor(rand() * 35))) : null;
    const city = c.code.startsWith('NB') ? 'NB' : 'HZ';
    const centre = CITY_CENTRE[city]!;
    const place = { lat: centre.lat + (rand() - 0.5) * 0.12, lng: centre.lng + (rand() - 0.5) * 0.14 };
    places.set(c.id, place);
    const keep = (date: string) => date >= localDate(since) && date < today && (!behind || date < behind);

    // Monthly on-site visits (prospects and targets get an occasional development visit).
    for (let m = 12; m >= 0; m--) {
      const month = shiftPeriod('month', monthKey(at), -m);
      const chance = managed ? (c.isKey ? 0.97 : 0.92) : 0.18;
      if (rand() > chance) continue;
      const date = `${month}-${String(2 + Math.floor(rand() * 25)).padStart(2, '0')}`;
      if (!keep(date)) continue;
      const startAt = workTime(date);
      const far = rand() < 0.03;
      const accuracy = far ? 20 : rand() < 0.04 ? 600 : 10 + Math.floor(rand() * 40);
      const jitter = far ? 0.02 : 0.0008;
      const lat = place.lat + (rand() - 0.5) * jitter;
      const lng = place.lng + (rand() - 0.5) * jitter;
      const id = add(
        c,
        { status: 'done', method: 'onsite', purpose: managed ? pick(['followUp', 'followUp', 'productPromotion', 'needsResearch', 'holidayGreeting']) : pick(['firstVisit', 'needsResearch']), startAt, minutes: 20 + Math.floor(rand() * 40) },
        {
          learned: pick(learnedLines),
          needs: pick(needsLines),
          products: pick(productLines),
          outcome: pick(outcomeLines),
          nextStep: pick(nextLines),
          checkInLat: lat,
          checkInLng: lng,
          checkInAccuracy: accuracy,
          checkInAt: startAt,
          checkInDistance: far ? 1100 + Math.floor(rand() * 900) : Math.floor(rand() * 80),
          checkInFlag: far ? 'far' : accuracy > 100 ? 'inaccurate' : null,
        },
      );
      const contactId = contactsBy.get(c.id);
      if (contactId) visitContacts.push({ visitId: id, contactId });
      if (c.isKey && rand() < 0.25 && leaders.has(city)) participants.push({ visitId: id, userId: leaders.get(city)! });
    }
    if (!managed) continue;
    // Weekly calls, most weeks.
    for (let w = 52; w >= 0; w--) {
      const week = shiftPeriod('week', isoWeekKey(at), -w);
      if (rand() > 0.9) continue;
      const date = addDays(isoWeekMonday(week), Math.floor(rand() * 5));
      if (!keep(date)) continue;
      add(c, { status: 'done', method: rand() < 0.85 ? 'phone' : 'wechat', purpose: pick(['followUp', 'followUp', 'productPromotion', 'holidayGreeting']), startAt: workTime(date), minutes: 3 + Math.floor(rand() * 10) }, { outcome: pick(phoneLines) });
    }
    // A few planned visits that were never logged.
    if (rand() < 0.08) add(c, { status: 'missed', method: 'onsite', purpose: 'followUp', startAt: workTime(addDays(today, -(3 + Math.floor(rand() * 40)))) }, { reason: 'not_logged' });
  }

  // The next two weeks: each manager plans on-site visits for the customers due soonest.
  const byManager = new Map<string, typeof customers>();
  for (const c of customers) if (c.stage === 'won' || c.stage === 'maintained') byManager.set(c.ownerId!, [...(byManager.get(c.ownerId!) ?? []), c]);
  for (const [, own] of byManager) {
    const chosen = own.filter(() => rand() < 0.12).slice(0, 24);
    for (const [i, c] of chosen.entries()) {
      // Three today (one already done this morning), the rest over the coming working days.
      const offset = i < 3 ? 0 : 1 + Math.floor(rand() * 13);
      const date = addDays(today, offset);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (offset > 0 && (weekday === 0 || weekday === 6)) continue;
      const time = i === 0 ? '09:30' : i === 1 ? '14:00' : i === 2 ? '16:00' : `${String(9 + Math.floor(rand() * 8)).padStart(2, '0')}:00`;
      const startAt = atLocal(date, time);
      const doneAlready = i === 0 && startAt < stamp;
      const id = add(c, { status: doneAlready ? 'done' : 'planned', method: i === 2 ? 'phone' : 'onsite', purpose: pick(['followUp', 'productPromotion', 'needsResearch']), startAt, minutes: doneAlready ? 30 : undefined }, doneAlready ? { outcome: pick(outcomeLines) } : { note: pick(nextLines) });
      const contactId = contactsBy.get(c.id);
      if (contactId) visitContacts.push({ visitId: id, contactId });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < visits.length; i += 200) await tx.insertInto('visit').values(visits.slice(i, i + 200)).execute();
    for (let i = 0; i < visitContacts.length; i += 1000) await tx.insertInto('visitContact').values(visitContacts.slice(i, i + 1000)).execute();
    for (let i = 0; i < participants.length; i += 1000) await tx.insertInto('visitParticipant').values(participants.slice(i, i + 1000)).execute();
    // Customers' places, as their first accurate check-ins would have set them.
    for (const [id, p] of places) await tx.updateTable('customer').set({ geoLat: p.lat, geoLng: p.lng, geoAccuracy: 20, geoSetAt: stamp }).where('id', '=', id).execute();
    await refreshCompliance(tx, at, 'all', { recount: true });
  });
  return visits.length;
};
