import type { Label } from './fields.js';

const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, 'en-US': en });

/** Field labels of the notifications module (see fields.ts for how the catalogue works). */
export const notificationFieldLabels = {
  digestEnabled: l('晨间摘要', 'Morning digest'),
  digestTime: l('摘要发送时间', 'Digest time'),
  quietHours: l('免打扰时段', 'Quiet hours'),
  channels: l('通知渠道', 'Channels'),
  inApp: l('站内', 'In-app'),
  eventType: l('通知类型', 'Notification type'),
  eventTypes: l('订阅的通知类型', 'Subscribed types'),
  requiredEvents: l('强制开启的通知', 'Required notifications'),
  robotKind: l('机器人类型', 'Robot type'),
  webhookUrl: l('Webhook 地址', 'Webhook URL'),
  signingSecret: l('签名密钥', 'Signing secret'),
  smtpHost: l('SMTP 服务器', 'SMTP host'),
  smtpPort: l('端口', 'Port'),
  smtpSecure: l('SSL/TLS', 'SSL/TLS'),
  smtpUser: l('SMTP 用户名', 'SMTP user'),
  smtpPassword: l('SMTP 密码', 'SMTP password'),
  smtpFrom: l('发件人', 'Sender'),
  testRecipient: l('测试收件人', 'Test recipient'),
  readAt: l('已读时间', 'Read at'),
  unread: l('未读', 'Unread'),
} as const satisfies Record<string, Label>;
