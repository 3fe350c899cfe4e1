import { completeCreditCode, completeIdNumber, normalizeCompanyName, personPinyinKeys, pinyinKeys, pinyinSortKey } from '@liaison/shared';
import type { Db } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { days } from '../clock.js';
import { districtCodes } from '../modules/regions/region.js';
import { nextOccurrence } from '../modules/customers/birthday.js';

/** A small deterministic PRNG, so every demo database looks the same. */
const rng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉萍海燕鹏飞辉斌波宁琳晨欣怡子涵宇轩浩然思远晓东雪峰春生秋月志强文博佳怡嘉豪梓萱'.split('');
const shopWords = ['惠民', '便民', '好又多', '万家', '福源', '兴隆', '鑫鑫', '佳佳', '顺发', '百姓', '旺旺', '金穗', '阳光', '东升', '和顺', '利民', '永盛', '家乐', '如意', '新华'];
const bizWords = ['华信', '远洋', '恒达', '天成', '鼎盛', '瑞丰', '中源', '海纳', '博远', '新锐', '同创', '凯旋', '金桥', '宏图', '众合'];
const bizKinds = ['科技', '贸易', '建设', '电子', '食品', '纺织', '机械', '物流', '医药', '文化传媒'];

type Format = { value: string; share: number; suffix: string[] };
// The seed's tobacco manager: 153 customers = 138 grocery, 11 convenience, 5 entertainment, 2 supermarkets, 6 others.
const formats: Format[] = [
  { value: 'grocery', share: 138, suffix: ['食杂店', '小卖部', '副食店', '商店'] },
  { value: 'convenience', share: 11, suffix: ['便利店', '24小时便利店'] },
  { value: 'entertainment', share: 5, suffix: ['KTV', '棋牌室', '台球室'] },
  { value: 'supermarket', share: 2, suffix: ['超市', '生活超市'] },
  { value: 'other', share: 6, suffix: ['茶行', '酒店', '书报亭'] },
];

export const DEMO_CUSTOMERS = 1500;

/**
 * ~1,500 customers for the demo organisation: mostly retail outlets shaped like the seed's
 * tobacco book, some enterprises and individuals; contacts with solar and lunar birthdays;
 * a pool per city; a year of monthly business figures.
 */
export const seedDemoCustomers = async (db: Db, at: Date, count = DEMO_CUSTOMERS): Promise<boolean> => {
  if (await db.selectFrom('customer').select('id').limit(1).executeTakeFirst()) return false;
  const rand = rng(20261123);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const person = () => pick(surnames) + pick(given) + (rand() < 0.6 ? pick(given) : '');
  const now = toIso(at);

  const units = await db.selectFrom('orgUnit').select(['id', 'code', 'name']).execute();
  const unit = (code: string) => units.find((u) => u.code === code)!;
  const managers = await db
    .selectFrom('appUser')
    .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
    .select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.code'])
    .where('appUser.username', 'like', 'manager%')
    .orderBy('appUser.username')
    .execute();
  const pools = ['HZ', 'NB'].map((code) => ({
    id: newId(),
    orgUnitId: unit(code).id,
    name: `${unit(code).name}公海`,
    isDefault: 1,
    maxHeld: 250,
    maxClaimsPerDay: 10,
    reclaimCooldownDays: 30,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  const hzDistricts = districtCodes('3301');
  const nbDistricts = districtCodes('3302');
  const formatBag = formats.flatMap((f) => Array<Format>(f.share).fill(f));
  const grades = ['A', 'B', 'B', 'C', 'C', 'C', 'D', 'D'];
  const stages = ['maintained', 'maintained', 'maintained', 'maintained', 'won', 'target', 'prospect', 'dormant'] as const;
  const roles = ['decisionMaker', 'purchasingManager', 'financeStaff', 'storeManager', 'other'];

  const customers: any[] = [];
  const contacts: any[] = [];
  const tags: { customerId: string; tag: string }[] = [];
  const figures: any[] = [];
  const usedNames = new Set<string>();

  for (let i = 0; i < count; i++) {
    const inPool = i % 11 === 10;
    const manager = managers[i % managers.length]!;
    const city = manager.code.startsWith('HZ') ? 'HZ' : 'NB';
    const pool = pools[city === 'HZ' ? 0 : 1]!;
    const region = pick(city === 'HZ' ? hzDistricts : nbDistricts);
    const r = rand();
    const kind = r < 0.82 ? 'outlet' : r < 0.94 ? 'enterprise' : 'individual';
    let name: string;
    let format: string | null = null;
    do {
      if (kind === 'outlet') {
        const f = pick(formatBag);
        format = f.value;
        name = (rand() < 0.5 ? pick(shopWords) : person()) + pick(f.suffix);
      } else if (kind === 'enterprise') name = `${city === 'HZ' ? '杭州' : '宁波'}${pick(bizWords)}${pick(bizKinds)}有限公司`;
      else name = person();
    } while (usedNames.has(name) && kind !== 'individual');
    usedNames.add(name);
    const keys = kind === 'individual' ? personPinyinKeys(name) : pinyinKeys(name);
    const id = newId();
    const lastContact = new Date(at.getTime() - days(Math.floor(rand() * (i % 17 === 0 ? 70 : 40))));
    const created = new Date(at.getTime() - days(200 + Math.floor(rand() * 700)));
    const mobile = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const grade = pick(grades);
    const tagList = kind === 'outlet' && rand() < 0.97 ? ['onlineOrdering'] : [];
    if (rand() < 0.1) tagList.push('honest');
    customers.push({
      id,
      kind,
      name,
      shortName: null,
      nameNorm: normalizeCompanyName(name),
      namePinyin: keys.full,
      nameInitials: keys.initials,
      sortKey: pinyinSortKey(name),
      creditCode: kind === 'enterprise' ? completeCreditCode(`91${region}${String(i).padStart(8, '0')}`) : null,
      idNumber: kind === 'individual' ? completeIdNumber(`${region}19${String(60 + (i % 40))}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`) : null,
      licenceNo: kind === 'outlet' ? `${region}${String(100000 + i)}` : null,
      provinceCode: '33',
      cityCode: region.slice(0, 4),
      regionCode: region,
      address: `${pick(['文三路', '学院路', '莫干山路', '中山路', '解放路', '天童路', '江南大道', '钱江路'])}${1 + Math.floor(rand() * 399)}号`,
      phone: mobile,
      phoneNorm: mobile,
      legalPerson: kind === 'enterprise' ? person() : null,
      industry: kind === 'enterprise' ? pick(['manufacturing', 'wholesaleRetail', 'construction', 'informationTechnology']) : kind === 'outlet' ? 'wholesaleRetail' : null,
      ownership: kind === 'enterprise' ? pick(['private', 'private', 'stateOwned', 'foreign']) : kind === 'outlet' ? 'individual' : null,
      scale: kind === 'enterprise' ? pick(['small', 'micro', 'medium']) : kind === 'outlet' ? 'micro' : null,
      businessFormat: format,
      marketType: pick(['urban', 'urban', 'countyTown', 'fringe', 'township', 'rural']),
      source: pick(['newLicence', 'customerReferral', 'personalReferral', 'industryAssociation', 'coldVisit', 'selfDeveloped']),
      needs: null,
      purchaseChannel: null,
      salesChannel: null,
      remark: null,
      tags: JSON.stringify(tagList),
      isKey: grade === 'A' ? 1 : 0,
      isLocked: 0,
      stage: inPool ? 'target' : pick(stages),
      stageChangedAt: toIso(created),
      grade: inPool ? null : grade,
      gradeOverride: null,
      gradeExplanation: null,
      ownerId: inPool ? null : manager.id,
      orgUnitId: inPool ? pool.orgUnitId : manager.orgUnitId,
      poolId: inPool ? pool.id : null,
      previousOwnerId: null,
      claimedAt: inPool ? null : toIso(created),
      releasedAt: inPool ? toIso(created) : null,
      lastContactAt: inPool ? null : toIso(lastContact),
      lastBusinessAt: null,
      reclaimWarnedAt: null,
      createdBy: inPool ? null : manager.id,
      version: 1,
      createdAt: toIso(created),
      updatedAt: toIso(created),
    });
    for (const tag of tagList) tags.push({ customerId: id, tag });
    const contactCount = kind === 'enterprise' ? 2 : 1;
    for (let c = 0; c < contactCount; c++) {
      const cname = c === 0 && kind === 'individual' ? name : person();
      const lunar = rand() < 0.35;
      const month = 1 + Math.floor(rand() * 12);
      const day = 1 + Math.floor(rand() * 28);
      const cm = `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      contacts.push({
        id: newId(),
        customerId: id,
        name: cname,
        namePinyin: personPinyinKeys(cname).full,
        role: kind === 'outlet' ? 'owner' : pick(roles),
        position: kind === 'enterprise' ? pick(['总经理', '财务总监', '采购主管', '办公室主任']) : null,
        employer: kind === 'enterprise' ? name : null,
        mobile: cm,
        mobileNorm: cm,
        landline: null,
        email: null,
        wechat: null,
        address: null,
        gender: rand() < 0.5 ? 'male' : 'female',
        birthdayCalendar: lunar ? 'lunar' : 'solar',
        birthYear: 1960 + Math.floor(rand() * 40),
        birthMonth: month,
        birthDay: day,
        birthLeapMonth: 0,
        nextBirthday: nextOccurrence({ calendar: lunar ? 'lunar' : 'solar', month, day }, at),
        preferences: rand() < 0.3 ? pick(['喜欢喝茶', '周末不便打扰', '关注新品', '偏好微信联系']) : null,
        notes: null,
        isPrimary: c === 0 ? 1 : 0,
        version: 1,
        createdAt: toIso(created),
        updatedAt: toIso(created),
      });
    }
    // A year of monthly business figures for customers with business.
    if (!inPool) {
      const base = kind === 'enterprise' ? 200000 : 8000 + rand() * 30000;
      for (let m = 1; m <= 12; m++) {
        const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - m, 1));
        figures.push({
          id: newId(),
          customerId: id,
          month: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
          volume: Math.round(base * (0.7 + rand() * 0.6)),
          profit: Math.round(base * (0.05 + rand() * 0.1)),
          daysLate: rand() < 0.85 ? 0 : Math.floor(rand() * 30),
          metrics: null,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }

  await db.transaction().execute(async (tx) => {
    await tx.insertInto('pool').values(pools).execute();
    const chunks = async (table: string, rows: any[], size: number) => {
      for (let i = 0; i < rows.length; i += size) await (tx as any).insertInto(table).values(rows.slice(i, i + size)).execute();
    };
    // SQLite allows 32,766 bound parameters per statement; these sizes stay well below.
    await chunks('customer', customers, 200);
    await chunks('customerTag', tags, 1000);
    await chunks('contact', contacts, 300);
    await chunks('businessFigure', figures, 1000);
  });
  return true;
};
