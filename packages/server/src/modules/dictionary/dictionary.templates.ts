/**
 * Industry templates for the admin-editable option lists ("dictionaries", 字典).
 *
 * At setup the administrator picks one template (bank / telecom / tobacco / generic); its
 * dictionaries are copied into the database and are freely editable from then on. These
 * seeds are never read again at run time, so changing them only affects new installations.
 *
 * Sources (see /work/shared/seeds):
 * - 004 潜在客户管理: lead sources 行业协会、产业活动、现有客户介绍、朋友或熟人介绍、电话黄页、行业名录;
 *   people to visit at an enterprise 财务总监、原料采购或销售主管、产品生产主管、决策者、上级主管;
 *   企业性质（国有/民营）; 初次拜访 / 回访; 流失、休眠客户.
 * - 000 tobacco job description: 品牌培育, 零售客户分类 by 业态、市场类型 in the V3 system,
 *   处理零售客户咨询投诉, 指导零售客户卷烟经营; telecom: 需求收集…起租, 产品技术交流.
 * - 002 "135" report: 食杂店、便利店、娱乐服务、超市、其他 and 网上订货 customers, 少数民族节日;
 *   relationship maintenance: 记清客户的重大节日及主要负责人的生日; 贷前/贷后, 预警信号.
 * - 001 / 003 bank duties: 授信申请、贷前调查、贷后检查、逾期贷款催收; tobacco 需求预测、订货.
 * Gaps are filled with what account managers in each industry commonly use.
 *
 * Values are stable ASCII codes; the same concept carries the same value in every template
 * (e.g. `firstVisit`, `urban`, `closed`), so reports can compare installations.
 */

export type DictionaryItemSeed = { value: string; zh: string; en: string };
export type DictionarySeed = { code: string; zh: string; en: string; items: DictionaryItemSeed[] };
export type IndustryTemplate = 'bank' | 'telecom' | 'tobacco' | 'generic';

export const industryTemplates: readonly IndustryTemplate[] = ['bank', 'telecom', 'tobacco', 'generic'];

/** The dictionary codes every template provides, in display order. */
export const dictionaryCodes = [
  'businessFormat',
  'marketType',
  'source',
  'ownership',
  'industry',
  'scale',
  'contactRole',
  'keyDateKind',
  'releaseReason',
  'customerTag',
  'visitPurpose',
] as const;

type DictionaryCode = (typeof dictionaryCodes)[number];
type Item = DictionaryItemSeed;

const headers: Record<DictionaryCode, { zh: string; en: string }> = {
  businessFormat: { zh: '业态', en: 'Business format' },
  marketType: { zh: '市场类型', en: 'Market type' },
  source: { zh: '客户来源', en: 'Lead source' },
  ownership: { zh: '企业性质', en: 'Ownership type' },
  industry: { zh: '所属行业', en: 'Industry' },
  scale: { zh: '企业规模', en: 'Company size' },
  contactRole: { zh: '联系人角色', en: 'Contact role' },
  keyDateKind: { zh: '重要日期类型', en: 'Important date type' },
  releaseReason: { zh: '退回公海原因', en: 'Pool release reason' },
  customerTag: { zh: '客户标签', en: 'Customer tag' },
  visitPurpose: { zh: '拜访目的', en: 'Visit purpose' },
};

const item = (value: string, zh: string, en: string): Item => ({ value, zh, en });

// ---------------------------------------------------------------------------------------
// Shared items (reused by several templates; copied per template by `build`).
// ---------------------------------------------------------------------------------------

const other = item('other', '其他', 'Other');

/** GB/T 4754-2017 国民经济行业分类, the 20 sections A–T. */
const industrySections: Item[] = [
  item('agriculture', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery'),
  item('mining', '采矿业', 'Mining'),
  item('manufacturing', '制造业', 'Manufacturing'),
  item('utilities', '电力、热力、燃气及水生产和供应业', 'Electricity, heat, gas and water production and supply'),
  item('construction', '建筑业', 'Construction'),
  item('wholesaleRetail', '批发和零售业', 'Wholesale and retail trade'),
  item('transport', '交通运输、仓储和邮政业', 'Transport, storage and postal services'),
  item('hospitality', '住宿和餐饮业', 'Accommodation and catering'),
  item('informationTechnology', '信息传输、软件和信息技术服务业', 'Information transmission, software and IT services'),
  item('finance', '金融业', 'Finance'),
  item('realEstate', '房地产业', 'Real estate'),
  item('leasingBusinessServices', '租赁和商务服务业', 'Leasing and business services'),
  item('scientificResearch', '科学研究和技术服务业', 'Scientific research and technical services'),
  item('waterEnvironment', '水利、环境和公共设施管理业', 'Water conservancy, environment and public facilities management'),
  item('residentServices', '居民服务、修理和其他服务业', 'Resident services, repair and other services'),
  item('education', '教育', 'Education'),
  item('health', '卫生和社会工作', 'Health and social work'),
  item('culture', '文化、体育和娱乐业', 'Culture, sports and entertainment'),
  item('publicAdministration', '公共管理、社会保障和社会组织', 'Public administration, social security and social organisations'),
  item('internationalOrganizations', '国际组织', 'International organisations'),
];

const ownershipTypes: Item[] = [
  item('stateOwned', '国有', 'State-owned'),
  item('collective', '集体', 'Collective'),
  item('private', '民营', 'Private'),
  item('foreign', '外资', 'Foreign-owned'),
  item('sinoForeignJv', '中外合资', 'Sino-foreign joint venture'),
  item('hkMacaoTaiwan', '港澳台资', 'Hong Kong, Macao or Taiwan invested'),
  item('individual', '个体', 'Individual business'),
  item('publicInstitution', '机关事业单位', 'Government agency or public institution'),
  item('socialOrganization', '社会团体', 'Social organisation'),
  other,
];

/** Enterprise size per the national SME classification (大型/中型/小型/微型). */
const scaleTypes: Item[] = [
  item('large', '大型', 'Large'),
  item('medium', '中型', 'Medium'),
  item('small', '小型', 'Small'),
  item('micro', '微型', 'Micro'),
  item('unclassified', '未划型', 'Not classified'),
];

/** Lead sources listed in the daily work guideline (004, 潜在客户管理). */
const manualSources: Item[] = [
  item('industryAssociation', '行业协会', 'Industry association'),
  item('industryEvent', '产业活动', 'Industry event'),
  item('customerReferral', '现有客户介绍', 'Referral by an existing customer'),
  item('personalReferral', '朋友或熟人介绍', 'Referral by a friend or acquaintance'),
  item('yellowPages', '电话黄页', 'Telephone yellow pages'),
  item('industryDirectory', '行业名录', 'Industry directory'),
];

const selfDeveloped = item('selfDeveloped', '自主开发', 'Self-developed');
const coldVisit = item('coldVisit', '陌生拜访', 'Cold visit');
const assigned = item('assigned', '上级分配', 'Assigned by management');
const walkIn = item('walkIn', '客户主动上门', 'Customer walk-in');
const campaign = item('campaign', '营销活动', 'Marketing campaign');

const decisionMaker = item('decisionMaker', '决策者', 'Decision maker');
const financeDirector = item('financeDirector', '财务总监', 'Finance director');
const financeStaff = item('financeStaff', '财务人员', 'Finance staff');
const purchasingManager = item('purchasingManager', '采购主管', 'Purchasing manager');
const salesManager = item('salesManager', '销售主管', 'Sales manager');
const productionManager = item('productionManager', '生产主管', 'Production manager');
const supervisor = item('supervisor', '上级主管', 'Superior / parent-unit head');
const operator = item('operator', '经办人', 'Staff in charge');

const birthday = item('birthday', '生日', 'Birthday');
const familyBirthday = item('familyBirthday', '家属生日', 'Family member’s birthday');
const foundingAnniversary = item('foundingAnniversary', '成立纪念日', 'Founding anniversary');
const openingAnniversary = item('openingAnniversary', '开业纪念日', 'Opening anniversary');
const partnershipAnniversary = item('partnershipAnniversary', '合作纪念日', 'Partnership anniversary');
const springFestival = item('springFestival', '春节', 'Spring Festival');
const dragonBoat = item('dragonBoat', '端午节', 'Dragon Boat Festival');
const midAutumn = item('midAutumn', '中秋节', 'Mid-Autumn Festival');
const nationalDay = item('nationalDay', '国庆节', 'National Day');
const industryDay = item('industryDay', '行业节日', 'Professional day (e.g. Teachers’ Day)');

const closed = item('closed', '客户已停业', 'Customer has closed down');
const unreachable = item('unreachable', '联系不上', 'Cannot be reached');
const outOfTerritory = item('outOfTerritory', '非本人辖区', 'Outside my territory');
const noIntent = item('noIntent', '无合作意向', 'No interest in doing business');
const deregistered = item('deregistered', '已注销或吊销', 'Deregistered or licence revoked');
const relocated = item('relocated', '客户已迁址', 'Customer has moved away');
const duplicate = item('duplicate', '重复客户', 'Duplicate customer');
const infoInvalid = item('infoInvalid', '客户信息不实', 'Customer information is false');
const rebalance = item('rebalance', '管户调整', 'Portfolio rebalancing');

const firstVisit = item('firstVisit', '初访', 'First visit');
const followUp = item('followUp', '回访', 'Follow-up visit');
const needsResearch = item('needsResearch', '需求调研', 'Needs research');
const productPromotion = item('productPromotion', '产品推介', 'Product presentation');
const complaintCallback = item('complaintCallback', '投诉回访', 'Complaint callback');
const holidayGreeting = item('holidayGreeting', '节日问候', 'Holiday greeting');
const satisfactionSurvey = item('satisfactionSurvey', '满意度调查', 'Satisfaction survey');
const collection = item('collection', '账款催收', 'Payment collection');

// ---------------------------------------------------------------------------------------
// Per-industry lists.
// ---------------------------------------------------------------------------------------

type TemplateLists = Record<DictionaryCode, Item[]>;

const bank: TemplateLists = {
  businessFormat: [
    item('manufacturing', '生产制造企业', 'Manufacturing enterprise'),
    item('trading', '商贸流通企业', 'Trading and distribution enterprise'),
    item('service', '服务业企业', 'Service enterprise'),
    item('smallMicro', '小微企业', 'Small and micro enterprise'),
    item('selfEmployed', '个体工商户', 'Self-employed business'),
    item('agricultural', '新型农业经营主体', 'Agricultural operator (family farm, cooperative)'),
    item('government', '机关事业单位', 'Government agency or public institution'),
    item('platformCompany', '政府平台类企业', 'Government-backed platform company'),
    item('financialInstitution', '金融同业', 'Financial institution (interbank)'),
    item('socialOrganization', '社会团体', 'Social organisation'),
    item('individual', '个人客户', 'Individual customer'),
    other,
  ],
  marketType: [
    item('urban', '城区', 'City'),
    item('countyTown', '县城', 'County town'),
    item('fringe', '城乡结合部', 'Urban–rural fringe'),
    item('township', '乡镇', 'Township'),
    item('rural', '农村', 'Rural'),
    item('developmentZone', '开发区及产业园区', 'Development zone or industrial park'),
    other,
  ],
  source: [
    ...manualSources,
    selfDeveloped,
    item('branchReferral', '网点转介', 'Branch referral'),
    item('linkageReferral', '公私联动推荐', 'Corporate–retail cross referral'),
    item('governmentReferral', '政府及园区推荐', 'Government or park referral'),
    walkIn,
    item('online', '线上渠道', 'Online channel'),
    campaign,
    coldVisit,
    assigned,
    other,
  ],
  ownership: ownershipTypes,
  industry: industrySections,
  scale: scaleTypes,
  contactRole: [
    item('legalRepresentative', '法定代表人', 'Legal representative'),
    item('actualController', '实际控制人', 'Actual controller'),
    decisionMaker,
    financeDirector,
    financeStaff,
    item('cashier', '出纳', 'Cashier'),
    purchasingManager,
    salesManager,
    productionManager,
    supervisor,
    item('hrManager', '人事主管', 'HR manager'),
    item('guarantor', '担保人', 'Guarantor'),
    operator,
    item('owner', '业主', 'Owner'),
    other,
  ],
  keyDateKind: [
    birthday,
    familyBirthday,
    item('weddingAnniversary', '结婚纪念日', 'Wedding anniversary'),
    foundingAnniversary,
    openingAnniversary,
    item('partnershipAnniversary', '开户纪念日', 'Account-opening anniversary'),
    springFestival,
    dragonBoat,
    midAutumn,
    nationalDay,
    industryDay,
    other,
  ],
  releaseReason: [
    closed,
    deregistered,
    unreachable,
    outOfTerritory,
    noIntent,
    item('notEligible', '不符合准入条件', 'Does not meet admission criteria'),
    item('competitorLocked', '已与他行深度合作', 'Committed to another bank'),
    relocated,
    duplicate,
    infoInvalid,
    rebalance,
    other,
  ],
  customerTag: [
    item('payroll', '代发工资', 'Payroll service'),
    item('basicAccount', '基本结算户', 'Basic settlement account'),
    item('creditLine', '授信客户', 'Credit line holder'),
    item('smallBusinessLoan', '小微贷款', 'Small business loan'),
    item('inclusiveFinance', '普惠金融', 'Inclusive finance'),
    item('supplyChain', '供应链金融', 'Supply-chain finance'),
    item('internationalBusiness', '国际结算', 'International settlement'),
    item('highNetWorth', '高净值', 'High net worth'),
    item('privateBanking', '私人银行', 'Private banking'),
    item('wealthManagement', '理财客户', 'Wealth management'),
    item('bancassurance', '代理保险', 'Bancassurance'),
    item('creditCard', '信用卡', 'Credit card'),
    item('mobileBanking', '手机银行', 'Mobile banking'),
    item('pension', '养老金代发', 'Pension payment'),
    item('watchList', '贷后关注', 'Post-loan watch list'),
    item('strategic', '战略客户', 'Strategic customer'),
  ],
  visitPurpose: [
    firstVisit,
    followUp,
    needsResearch,
    productPromotion,
    item('accountOpening', '开户签约', 'Account opening and signing'),
    item('dueDiligence', '贷前调查', 'Pre-loan due diligence'),
    item('postLoanCheck', '贷后检查', 'Post-loan check'),
    item('riskCheck', '风险预警核实', 'Risk warning verification'),
    item('collection', '逾期催收', 'Overdue collection'),
    item('infoUpdate', '资料收集更新', 'Information update'),
    complaintCallback,
    holidayGreeting,
    satisfactionSurvey,
    other,
  ],
};

const telecom: TemplateLists = {
  businessFormat: [
    item('government', '党政机关', 'Government agency'),
    item('education', '学校及教育机构', 'School or education institution'),
    item('healthcare', '医院及医疗机构', 'Hospital or healthcare institution'),
    item('financialInstitution', '金融机构', 'Financial institution'),
    item('industrialEnterprise', '工业企业', 'Industrial enterprise'),
    item('smallMicro', '中小微企业', 'Small and medium enterprise'),
    item('shopfront', '沿街商铺', 'Street-front shop'),
    item('commercialBuilding', '商务楼宇', 'Office building'),
    item('industrialPark', '产业园区', 'Industrial park'),
    item('professionalMarket', '专业市场', 'Wholesale market'),
    item('hotel', '酒店宾馆', 'Hotel'),
    item('household', '家庭及个人客户', 'Household or individual'),
    other,
  ],
  marketType: [
    item('urban', '城区', 'City'),
    item('countyTown', '县城', 'County town'),
    item('fringe', '城乡结合部', 'Urban–rural fringe'),
    item('township', '乡镇', 'Township'),
    item('rural', '农村', 'Rural'),
    item('campus', '校园', 'Campus'),
    other,
  ],
  source: [
    ...manualSources,
    selfDeveloped,
    item('storeReferral', '营业厅转介', 'Retail store referral'),
    item('hotline', '客服热线', 'Customer service hotline'),
    item('agent', '渠道代理商', 'Channel agent'),
    item('tender', '招投标信息', 'Tender notice'),
    item('buildingSweep', '扫楼扫街', 'Building and street canvassing'),
    campaign,
    assigned,
    other,
  ],
  ownership: ownershipTypes,
  industry: industrySections,
  scale: scaleTypes,
  contactRole: [
    decisionMaker,
    item('itManager', '信息化主管', 'IT manager'),
    item('officeDirector', '办公室主任', 'Office director'),
    item('telecomAdmin', '通信联络员', 'Telecom liaison'),
    financeDirector,
    financeStaff,
    purchasingManager,
    salesManager,
    productionManager,
    supervisor,
    operator,
    item('owner', '店主', 'Shop owner'),
    other,
  ],
  keyDateKind: [
    birthday,
    familyBirthday,
    foundingAnniversary,
    openingAnniversary,
    item('partnershipAnniversary', '签约纪念日', 'Contract anniversary'),
    springFestival,
    dragonBoat,
    midAutumn,
    nationalDay,
    industryDay,
    other,
  ],
  releaseReason: [
    closed,
    deregistered,
    unreachable,
    outOfTerritory,
    noIntent,
    item('competitorLocked', '已签约其他运营商', 'Under contract with another operator'),
    relocated,
    duplicate,
    infoInvalid,
    rebalance,
    other,
  ],
  customerTag: [
    item('groupCustomer', '集团客户', 'Group customer'),
    item('dedicatedLine', '互联网专线', 'Dedicated internet line'),
    item('converged', '融合套餐', 'Converged bundle'),
    item('cloud', '云业务', 'Cloud services'),
    item('idc', 'IDC', 'Data centre (IDC)'),
    item('iot', '物联网', 'IoT'),
    item('fiveG', '5G应用', '5G applications'),
    item('ictProject', '信息化项目', 'ICT project'),
    item('vip', '高价值客户', 'High-value customer'),
    item('contractExpiring', '协议即将到期', 'Contract expiring soon'),
    item('churnRisk', '离网风险', 'Churn risk'),
    item('arrears', '欠费关注', 'Arrears watch'),
    item('competitorUser', '异网客户', 'Uses a competing network'),
  ],
  visitPurpose: [
    firstVisit,
    followUp,
    needsResearch,
    productPromotion,
    item('techExchange', '产品技术交流', 'Product and technical exchange'),
    item('projectFollowUp', '项目跟进', 'Project follow-up'),
    item('delivery', '验收交付', 'Acceptance and delivery'),
    item('contractRenewal', '协议续签', 'Contract renewal'),
    collection,
    item('faultHandling', '故障处理', 'Fault handling'),
    complaintCallback,
    holidayGreeting,
    satisfactionSurvey,
    other,
  ],
};

const tobacco: TemplateLists = {
  businessFormat: [
    item('grocery', '食杂店', 'Grocery store'),
    item('convenience', '便利店', 'Convenience store'),
    item('supermarket', '超市', 'Supermarket'),
    item('mall', '商场', 'Shopping mall'),
    item('tobaccoLiquor', '烟酒商店', 'Tobacco and liquor shop'),
    item('entertainment', '娱乐服务', 'Entertainment and services'),
    item('gasStation', '加油站', 'Petrol station shop'),
    item('kiosk', '报刊亭', 'Newsstand kiosk'),
    other,
  ],
  marketType: [
    item('urban', '城网·城区', 'Urban network – city'),
    item('countyTown', '城网·县城', 'Urban network – county town'),
    item('fringe', '城乡结合部', 'Urban–rural fringe'),
    item('township', '农网·乡镇', 'Rural network – township'),
    item('rural', '农网·农村', 'Rural network – village'),
    item('special', '特殊市场', 'Special market (scenic area, station, airport)'),
    other,
  ],
  source: [
    item('newLicence', '新办许可证', 'Newly licensed'),
    item('licenceChange', '许可证变更', 'Licence change (new operator or address)'),
    item('areaTransfer', '片区调整划转', 'Transferred by territory change'),
    item('customerReferral', '现有客户介绍', 'Referral by an existing customer'),
    item('personalReferral', '朋友或熟人介绍', 'Referral by a friend or acquaintance'),
    item('industryAssociation', '行业协会', 'Industry association'),
    coldVisit,
    selfDeveloped,
    other,
  ],
  ownership: [
    item('individual', '个体', 'Individual business'),
    item('private', '民营', 'Private'),
    item('stateOwned', '国有', 'State-owned'),
    item('collective', '集体', 'Collective'),
    item('foreign', '外资', 'Foreign-owned'),
    item('sinoForeignJv', '中外合资', 'Sino-foreign joint venture'),
    item('hkMacaoTaiwan', '港澳台资', 'Hong Kong, Macao or Taiwan invested'),
    item('publicInstitution', '机关事业单位', 'Government agency or public institution'),
    other,
  ],
  industry: industrySections,
  scale: scaleTypes,
  contactRole: [
    item('owner', '店主', 'Shop owner (licence holder)'),
    item('actualOperator', '实际经营人', 'Actual operator'),
    item('familyMember', '家属', 'Family member'),
    item('shopAssistant', '店员', 'Shop assistant'),
    item('storeManager', '店长', 'Store manager'),
    purchasingManager,
    item('financeStaff', '结算人员', 'Settlement staff'),
    decisionMaker,
    supervisor,
    other,
  ],
  keyDateKind: [
    birthday,
    familyBirthday,
    openingAnniversary,
    foundingAnniversary,
    item('licenceExpiry', '许可证到期', 'Licence expiry'),
    springFestival,
    dragonBoat,
    midAutumn,
    nationalDay,
    item('ethnicFestival', '民族节日', 'Ethnic festival (e.g. Eid)'),
    other,
  ],
  releaseReason: [
    item('closed', '客户已停业', 'Customer has closed down'),
    item('licenceCancelled', '许可证注销或到期未延续', 'Licence cancelled or not renewed'),
    item('transferred', '店铺转让', 'Shop transferred to a new operator'),
    relocated,
    outOfTerritory,
    unreachable,
    item('noIntent', '无订货意向', 'No intention to order'),
    duplicate,
    other,
  ],
  customerTag: [
    item('onlineOrdering', '网上订货', 'Online ordering'),
    item('eSettlement', '电子结算', 'Electronic settlement'),
    item('honest', '诚信户', 'Trustworthy retailer'),
    item('demonstration', '示范户', 'Model retailer'),
    item('modernTerminal', '现代终端', 'Modern retail terminal'),
    item('brandCultivation', '品牌培育户', 'Brand cultivation outlet'),
    item('newProductTrial', '新品试销户', 'New product trial outlet'),
    item('dataCollection', '信息采集户', 'Market data collection outlet'),
    item('chain', '连锁经营', 'Chain store'),
    item('specialGroup', '特殊群体户', 'Special-needs retailer'),
    item('newlyLicensed', '新办证户', 'Newly licensed'),
    item('regulatoryAttention', '重点监管户', 'Under regulatory attention'),
  ],
  visitPurpose: [
    firstVisit,
    followUp,
    needsResearch,
    item('orderGuidance', '订货指导', 'Ordering guidance'),
    item('brandCultivation', '品牌培育', 'Brand cultivation'),
    item('productPromotion', '新品推介', 'New product presentation'),
    item('businessGuidance', '经营指导', 'Business guidance'),
    item('displayGuidance', '陈列指导', 'Display guidance'),
    item('marketInfo', '市场信息收集', 'Market information gathering'),
    item('policyPublicity', '政策宣传', 'Policy communication'),
    complaintCallback,
    holidayGreeting,
    other,
  ],
};

const generic: TemplateLists = {
  businessFormat: [
    item('manufacturing', '生产制造企业', 'Manufacturing enterprise'),
    item('trading', '商贸企业', 'Trading enterprise'),
    item('service', '服务业企业', 'Service enterprise'),
    item('smallMicro', '小微企业', 'Small and micro enterprise'),
    item('selfEmployed', '个体工商户', 'Self-employed business'),
    item('government', '机关事业单位', 'Government agency or public institution'),
    item('socialOrganization', '社会团体', 'Social organisation'),
    item('individual', '个人客户', 'Individual customer'),
    other,
  ],
  marketType: [
    item('urban', '城区', 'City'),
    item('countyTown', '县城', 'County town'),
    item('fringe', '城乡结合部', 'Urban–rural fringe'),
    item('township', '乡镇', 'Township'),
    item('rural', '乡村', 'Rural'),
    other,
  ],
  source: [
    ...manualSources,
    selfDeveloped,
    coldVisit,
    walkIn,
    item('online', '网络渠道', 'Online'),
    item('tender', '招投标信息', 'Tender notice'),
    item('partnerReferral', '合作伙伴推荐', 'Partner referral'),
    campaign,
    assigned,
    other,
  ],
  ownership: ownershipTypes,
  industry: industrySections,
  scale: scaleTypes,
  contactRole: [
    decisionMaker,
    financeDirector,
    financeStaff,
    purchasingManager,
    salesManager,
    productionManager,
    item('technicalManager', '技术负责人', 'Technical lead'),
    supervisor,
    operator,
    item('owner', '店主', 'Shop owner'),
    other,
  ],
  keyDateKind: [
    birthday,
    familyBirthday,
    foundingAnniversary,
    openingAnniversary,
    partnershipAnniversary,
    springFestival,
    dragonBoat,
    midAutumn,
    nationalDay,
    industryDay,
    other,
  ],
  releaseReason: [
    closed,
    deregistered,
    unreachable,
    outOfTerritory,
    noIntent,
    item('competitorLocked', '已与竞争对手合作', 'Committed to a competitor'),
    relocated,
    duplicate,
    infoInvalid,
    rebalance,
    other,
  ],
  customerTag: [
    item('strategic', '战略客户', 'Strategic customer'),
    item('longTerm', '长期合作', 'Long-term partner'),
    item('highPotential', '高潜力', 'High potential'),
    item('newCustomer', '新客户', 'New customer'),
    item('contractSigned', '已签合同', 'Contract signed'),
    item('goodCredit', '信用良好', 'Good credit'),
    item('priceSensitive', '价格敏感', 'Price sensitive'),
    item('referrer', '乐于转介绍', 'Active referrer'),
    item('hasComplaint', '有投诉记录', 'Has complaint history'),
    item('overdueRisk', '逾期风险', 'Overdue payment risk'),
    item('churnRisk', '流失风险', 'Churn risk'),
  ],
  visitPurpose: [
    firstVisit,
    followUp,
    needsResearch,
    productPromotion,
    item('negotiation', '商务洽谈', 'Business negotiation'),
    item('contractSigning', '合同签订', 'Contract signing'),
    item('delivery', '交付验收', 'Delivery and acceptance'),
    collection,
    complaintCallback,
    holidayGreeting,
    satisfactionSurvey,
    other,
  ],
};

/** Builds the seed list in `dictionaryCodes` order, copying items so templates share no objects. */
const build = (lists: TemplateLists): DictionarySeed[] =>
  dictionaryCodes.map((code) => ({
    code,
    zh: headers[code].zh,
    en: headers[code].en,
    items: lists[code].map((entry) => ({ ...entry })),
  }));

export const dictionaryTemplates: Record<IndustryTemplate, DictionarySeed[]> = {
  bank: build(bank),
  telecom: build(telecom),
  tobacco: build(tobacco),
  generic: build(generic),
};
