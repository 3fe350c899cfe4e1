import type { Locale } from '../locale.js';
import type { Label } from './fields.js';

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, 'en-US': en });

/**
 * Codes a user can see, in words: audit actions and record types, scheduled jobs and the
 * counters of their runs, reasons on a customer's timeline. The server test
 * `conventions.test.ts` fails when the server records a code that has no label here.
 */
export const auditActionLabels = {
  create: l('新建', 'Create'),
  update: l('修改', 'Update'),
  delete: l('删除', 'Delete'),
  login: l('登录', 'Sign in'),
  login_failed: l('登录失败', 'Failed sign-in'),
  logout: l('退出登录', 'Sign out'),
  password_change: l('修改密码', 'Change password'),
  password_reset: l('重置密码', 'Reset password'),
  unlock: l('解锁账号', 'Unlock account'),
  revoke: l('吊销', 'Revoke'),
  assign: l('分配', 'Assign'),
  claim: l('领取', 'Claim'),
  release: l('退回公海', 'Release to pool'),
  reclaim: l('自动回收', 'Automatic reclaim'),
  reveal: l('查看敏感信息', 'Reveal sensitive data'),
  tag: l('打标签', 'Tag'),
  handover: l('客户交接', 'Handover'),
  request_change: l('申请变更', 'Request change'),
  withdraw_change: l('撤回变更申请', 'Withdraw change request'),
  approve: l('批准', 'Approve'),
  reject: l('驳回', 'Reject'),
  reject_change: l('驳回变更', 'Reject change'),
  export: l('导出', 'Export'),
  import: l('导入', 'Import'),
  recompute: l('重新分级', 'Recompute grades'),
  attach: l('添加附件', 'Attach file'),
  detach: l('删除附件', 'Remove file'),
  breached: l('超时', 'Deadline missed'),
  escalated: l('升级', 'Escalated'),
  breakdown: l('分解目标', 'Break down targets'),
} as const satisfies Record<string, Label>;

export const auditEntityLabels = {
  session: l('会话', 'Session'),
  user: l('用户', 'User'),
  orgUnit: l('机构', 'Org unit'),
  role: l('角色', 'Role'),
  dictionaryItem: l('字典项', 'Dictionary item'),
  accessToken: l('访问令牌', 'Access token'),
  calendarToken: l('日历订阅', 'Calendar feed'),
  customer: l('客户', 'Customer'),
  contact: l('联系人', 'Contact'),
  businessFigure: l('经营数据', 'Business figures'),
  pool: l('公海', 'Public pool'),
  setting: l('系统设置', 'Setting'),
  grade: l('客户分级', 'Grade'),
  departureAudit: l('离岗审计', 'Departure audit'),
  changeRequest: l('变更申请', 'Change request'),
  keyDate: l('重要日期', 'Important date'),
  contactRule: l('联系频次规则', 'Contact rule'),
  visit: l('拜访', 'Visit'),
  ticket: l('工单', 'Ticket'),
  slaPolicy: l('时限规则', 'Deadline rule'),
  slaSettings: l('时限设置', 'Deadline settings'),
  workCalendarException: l('工作日历调整', 'Calendar exception'),
  workCalendarImport: l('工作日历导入', 'Calendar import'),
  notificationPreference: l('通知设置', 'Notification settings'),
  notificationRobot: l('群机器人', 'Group robot'),
  notificationRule: l('通知规则', 'Notification rule'),
  smtpSettings: l('邮件服务器', 'Mail server'),
  import: l('导入任务', 'Import'),
  plan: l('计划', 'Plan'),
  planSettings: l('计划设置', 'Plan settings'),
  indicator: l('指标', 'Indicator'),
  unitTarget: l('单位目标', 'Unit target'),
  servicePlan: l('重点客户服务计划', 'Key-customer service plan'),
  serviceAction: l('服务措施', 'Service action'),
} as const satisfies Record<string, Label>;

export const jobNameLabels = {
  'session.cleanup': l('清理过期会话', 'Clean up expired sessions'),
  'customer.reclaim': l('公海自动回收', 'Reclaim idle customers to the pool'),
  'customer.dormancy': l('休眠客户识别', 'Flag dormant customers'),
  'customer.grading': l('客户自动分级', 'Grade customers'),
  'keyDate.reminders': l('重要日期提醒', 'Important date reminders'),
  'ticket.sla': l('工单时限预警与升级', 'Ticket deadline warnings and escalation'),
  'visit.nightly': l('拜访夜间检查（错过的拜访、联系期限）', 'Nightly visit check (missed visits, due times)'),
  'visit.due': l('拜访晨间提醒', 'Morning visit reminders'),
  'plan.overdue': l('计划逾期检查', 'Overdue plan check'),
  // On-demand tasks (decision 081): started by a request, shown in the same run history.
  'customer.import': l('客户导入', 'Customer import'),
  'visit.compliance': l('拜访频次重算（规则变更后）', 'Recompute due times (after a rule change)'),
  'customer.regrade': l('立即重新分级', 'Recompute grades now'),
} as const satisfies Record<string, Label>;

/** A run's status in the run history; 'abandoned' is a run whose instance died and that was not run again (decision 073). */
export const jobStatusLabels = {
  running: l('运行中', 'Running'),
  succeeded: l('成功', 'Succeeded'),
  failed: l('失败', 'Failed'),
  abandoned: l('已放弃（实例中断）', 'Abandoned (instance stopped)'),
} as const satisfies Record<string, Label>;

/** The counters a job run returns, so the run history reads "回收 96 · 预警 72". */
export const jobResultLabels = {
  reclaimed: l('回收', 'reclaimed'),
  warned: l('预警', 'warned'),
  skippedNoPool: l('无公海跳过', 'skipped, no pool'),
  dormant: l('转休眠', 'to dormant'),
  lost: l('转流失', 'to lost'),
  deleted: l('清理会话', 'sessions removed'),
  idempotencyKeys: l('清理幂等键', 'idempotency keys removed'),
  graded: l('已分级', 'graded'),
  ungraded: l('未分级', 'ungraded'),
  changed: l('等级变化', 'grade changed'),
  refreshed: l('已更新日期', 'dates refreshed'),
  published: l('已发提醒', 'reminders sent'),
  missed: l('标记错过', 'marked missed'),
  customers: l('更新客户', 'customers updated'),
  responseBreached: l('响应超时', 'response late'),
  breached: l('超时', 'breached'),
  escalated: l('升级', 'escalated'),
  created: l('新建', 'created'),
} as const satisfies Record<string, Label>;

/** Why a customer's timeline entry happened, when the system did it. */
export const eventReasonLabels = {
  no_follow_up: l('超过跟进周期未跟进', 'Not followed up within its period'),
  past_due_unwarned: l('已超过跟进周期且未曾预警，先预警后回收', 'Past its period without a warning: warned first, reclaimed later'),
  inactive: l('长期无业务和联系', 'No business and no contact for long'),
} as const satisfies Record<string, Label>;

/** One catalogue in one language, for i18next resources and server texts. */
export const labelsIn = <K extends string>(catalogue: Record<K, Label>, locale: Locale): Record<K, string> =>
  Object.fromEntries(Object.entries(catalogue).map(([k, v]) => [k, (v as Label)[locale]])) as Record<K, string>;

/** Keys audit entries carry in `detail` (an export's count and filter, a job's counts). */
export const auditDetailFieldLabels = {
  count: l('数量', 'Count'),
  unmasked: l('不脱敏', 'Unmasked'),
  filter: l('筛选条件', 'Filter'),
  lastContactBefore: l('最近联系早于', 'Last contact before'),
  lastContactAfter: l('最近联系晚于', 'Last contact after'),
  reclaimWarned: l('即将回收', 'Due back to the pool'),
  overdue: l('联系逾期', 'Contact overdue'),
  dueBefore: l('联系期限早于', 'Contact due before'),
  imported: l('导入条数', 'Imported'),
  errorCount: l('错误条数', 'Errors'),
  recomputed: l('重算条数', 'Recomputed'),
  add: l('添加', 'Added'),
  remove: l('移除', 'Removed'),
  requestId: l('变更申请', 'Change request'),
  photoId: l('照片', 'Photo'),
  form: l('表单', 'Form'),
  required: l('必填', 'Required'),
  rows: l('行数', 'Rows'),
  via: l('途径', 'Via'),
  fields: l('字段', 'Fields'),
  size: l('大小', 'Size'),
} as const satisfies Record<string, Label>;
