import type { Label } from './fields.js';

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, 'en-US': en });

/** Field labels of visits, contact-frequency rules, the workbench and the calendar. */
export const visitFieldLabels = {
  managerId: l('客户经理', 'Account manager'),
  purpose: l('拜访目的', 'Purpose'),
  startAt: l('开始时间', 'Start'),
  endAt: l('结束时间', 'End'),
  durationMinutes: l('时长（分钟）', 'Duration (minutes)'),
  contactIds: l('接洽联系人', 'Contacts met'),
  participantIds: l('陪访人员', 'Participants'),
  learned: l('了解到的情况', 'What was learned'),
  products: l('推介产品', 'Products discussed'),
  outcome: l('拜访结果', 'Outcome'),
  nextStep: l('下一步计划', 'Next step'),
  nextDate: l('下次拜访日期', 'Next visit date'),
  nextMethod: l('下次拜访方式', 'Next visit method'),
  note: l('备注', 'Note'),
  checkIn: l('签到', 'Check-in'),
  lat: l('纬度', 'Latitude'),
  lng: l('经度', 'Longitude'),
  accuracy: l('定位精度', 'Accuracy'),
  at: l('时间', 'Time'),
  planId: l('所属计划', 'Plan'),
  plannedVisitId: l('计划拜访', 'Planned visit'),
  flagged: l('签到异常', 'Flagged check-in'),
  kinds: l('客户类型', 'Customer kinds'),
  stages: l('客户阶段', 'Stages'),
  onsitePerMonth: l('每月上门次数', 'On-site visits a month'),
  phonePerWeek: l('每周电话次数', 'Phone contacts a week'),
  phoneMethods: l('计入电话联系的方式', 'Methods counted as phone contact'),
  checkInMaxDistanceM: l('签到距离阈值（米）', 'Check-in distance limit (m)'),
  checkInMaxAccuracyM: l('定位精度阈值（米）', 'Position accuracy limit (m)'),
  rules: l('频次规则', 'Rules'),
  settings: l('设置', 'Settings'),
  week: l('周', 'Week'),
} as const satisfies Record<string, Label>;
