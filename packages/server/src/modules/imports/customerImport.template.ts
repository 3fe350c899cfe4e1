/** The columns of the customer import template; a header matches in Chinese or English, `*` marks required. */
export const customerColumns = [
  { field: 'kind', zh: '客户类型', en: 'Kind', required: true, example: '零售户' },
  { field: 'name', zh: '客户名称', en: 'Name', required: true, example: '惠民便利店' },
  { field: 'shortName', zh: '简称', en: 'Short name', example: '' },
  { field: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', example: '' },
  { field: 'idNumber', zh: '身份证号', en: 'ID number', example: '' },
  { field: 'licenceNo', zh: '许可证号', en: 'Licence number', example: '330106100001' },
  { field: 'regionCode', zh: '所在地区', en: 'Region', example: '浙江省杭州市西湖区' },
  { field: 'address', zh: '详细地址', en: 'Address', example: '文三路 100 号' },
  { field: 'phone', zh: '联系电话', en: 'Phone', example: '13800001234' },
  { field: 'legalPerson', zh: '法定代表人', en: 'Legal representative', example: '' },
  { field: 'industry', zh: '行业', en: 'Industry', dictionary: 'industry', example: '批发和零售业' },
  { field: 'ownership', zh: '企业性质', en: 'Ownership', dictionary: 'ownership', example: '' },
  { field: 'scale', zh: '企业规模', en: 'Scale', dictionary: 'scale', example: '' },
  { field: 'businessFormat', zh: '业态', en: 'Business format', dictionary: 'businessFormat', example: '便利店' },
  { field: 'marketType', zh: '市场类型', en: 'Market type', dictionary: 'marketType', example: '' },
  { field: 'source', zh: '来源', en: 'Source', dictionary: 'source', example: '' },
  { field: 'needs', zh: '需求点', en: 'Needs', example: '' },
  { field: 'tags', zh: '标签', en: 'Tags', example: '网上订货、诚信户' },
  { field: 'isKey', zh: '重点客户', en: 'Key customer', example: '否' },
  { field: 'stage', zh: '客户阶段', en: 'Stage', example: '维护' },
  { field: 'owner', zh: '客户经理（用户名）', en: 'Account manager (username)', example: '' },
] as const;

export type ImportField = (typeof customerColumns)[number]['field'];

export const kindWords: Record<string, 'enterprise' | 'individual' | 'outlet'> = {
  企业: 'enterprise', 个人: 'individual', 零售户: 'outlet', 零售客户: 'outlet', enterprise: 'enterprise', individual: 'individual', outlet: 'outlet',
};
export const stageWords: Record<string, string> = {
  潜在: 'prospect', 目标: 'target', 成交: 'won', 开户: 'won', 维护: 'maintained', 休眠: 'dormant', 流失: 'lost',
  prospect: 'prospect', target: 'target', won: 'won', maintained: 'maintained', dormant: 'dormant', lost: 'lost',
};
export const yesWords = new Set(['是', 'y', 'yes', 'true', '1', '√', '重点']);
