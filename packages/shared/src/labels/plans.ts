import type { Label } from './fields.js';

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, 'en-US': en });

/** Field labels of the plans module (see fields.ts for how the catalogue works). */
export const planFieldLabels = {
  period: l('计划期间', 'Period'),
  indicatorId: l('指标', 'Indicator'),
  target: l('目标值', 'Target'),
  unitTarget: l('单位目标', 'Unit target'),
  differenceReason: l('差异原因', 'Reason for the difference'),
  managers: l('分解到客户经理', 'Breakdown to managers'),
  targets: l('指标目标', 'Targets'),
  keyActions: l('重点工作措施', 'Key actions'),
  developCustomerIds: l('拟开发客户', 'Customers to develop'),
  analysisCustomer: l('上月分析：客户', 'Last month: customers'),
  analysisProduct: l('上月分析：产品/品牌', 'Last month: products and brands'),
  analysisMarket: l('上月分析：市场', 'Last month: market'),
  improvements: l('改进措施', 'Improvements'),
  workItems: l('工作事项', 'Work items'),
  explanation: l('差距说明', 'Explanation of gaps'),
  improvement: l('改进措施', 'Improvement'),
  monthDueDay: l('月计划提交日（上月几号前）', 'Month plan due day'),
  weekDueWeekday: l('周计划提交星期', 'Week plan due weekday'),
  weekDueHour: l('周计划提交时刻', 'Week plan due hour'),
  nameZh: l('中文名称', 'Chinese name'),
  nameEn: l('英文名称', 'English name'),
  unit: l('计量单位', 'Unit'),
  aggregation: l('汇总方式', 'Aggregation'),
} as const satisfies Record<string, Label>;
