import type { Locale, TCustomerKind, TCustomerStage } from '@liaison/shared';
import type { AppContext } from '../../context.js';

/** `dictionaryCode:value` → label in the locale, for exports. */
export const dictionaryLabels = async (ctx: AppContext, locale: Locale) => {
  const rows = await ctx.db.selectFrom('dictionaryItem').select(['dictionaryCode', 'value', 'labelZh', 'labelEn']).execute();
  return new Map(rows.map((r) => [`${r.dictionaryCode}:${r.value}`, locale === 'zh-CN' ? r.labelZh : r.labelEn]));
};

const stages: Record<Locale, Record<TCustomerStage, string>> = {
  'zh-CN': { prospect: '潜在', target: '目标', won: '成交', maintained: '维护', dormant: '休眠', lost: '流失' },
  'en-US': { prospect: 'Prospect', target: 'Target', won: 'Won', maintained: 'Maintained', dormant: 'Dormant', lost: 'Lost' },
};
const kinds: Record<Locale, Record<TCustomerKind, string>> = {
  'zh-CN': { enterprise: '企业', individual: '个人', outlet: '零售户' },
  'en-US': { enterprise: 'Enterprise', individual: 'Individual', outlet: 'Retail outlet' },
};
export const stageLabel = (l: Locale, s: TCustomerStage) => stages[l][s];
export const kindLabel = (l: Locale, k: TCustomerKind) => kinds[l][k];

type HeaderKey = 'name' | 'kind' | 'creditCode' | 'region' | 'address' | 'phone' | 'businessFormat' | 'marketType' | 'stage' | 'grade' | 'isKey' | 'owner' | 'orgUnit' | 'lastContactAt' | 'tags';
export const exportHeaders: Record<Locale, Record<HeaderKey, string>> = {
  'zh-CN': {
    name: '客户名称', kind: '客户类型', creditCode: '信用代码/许可证号', region: '所在地区', address: '详细地址', phone: '联系电话',
    businessFormat: '业态', marketType: '市场类型', stage: '阶段', grade: '分级', isKey: '重点客户', owner: '客户经理', orgUnit: '所属机构',
    lastContactAt: '最近联系', tags: '标签',
  },
  'en-US': {
    name: 'Customer', kind: 'Kind', creditCode: 'Credit code / licence', region: 'Region', address: 'Address', phone: 'Phone',
    businessFormat: 'Business format', marketType: 'Market type', stage: 'Stage', grade: 'Grade', isKey: 'Key', owner: 'Account manager',
    orgUnit: 'Org unit', lastContactAt: 'Last contact', tags: 'Tags',
  },
};
