import { z } from 'zod';
import { ZVersion } from './common.js';

/** A 24-hour clock time `HH:mm` (00:00–23:59); `25:00` and `8:00` are refused. */
export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
export const isClockTime = (s: string): boolean => TIME_RE.test(s);
/** Quiet hours as `HH:mm-HH:mm`; a range may wrap midnight (`22:00-07:00`), never be empty. */
export const isQuietHours = (s: string): boolean => {
  const [a, b, ...rest] = s.split('-');
  return rest.length === 0 && a !== undefined && b !== undefined && isClockTime(a) && isClockTime(b) && a !== b;
};

export const ZClockTime = z.string().max(5).refine(isClockTime, { params: { key: 'time_format' } });
export const ZQuietHours = z.string().max(11).refine(isQuietHours, { params: { key: 'quiet_hours_format' } });

export const notificationChannels = ['inApp', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const deliveryChannels = ['email', 'wecom', 'dingtalk'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];
export const robotKinds = ['wecom', 'dingtalk'] as const;
export type RobotKind = (typeof robotKinds)[number];

export const ZNotification = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).optional(),
  perPage: z.coerce.number().int().min(1).max(100).optional(),
  status: z.enum(['unread', 'all']).optional(),
  type: z.string().max(60).optional(),
});

export const ZChannelChoice = z.strictObject({ inApp: z.boolean(), email: z.boolean() });

export const ZNotificationPreferences = z.object({
  digestEnabled: z.boolean(),
  digestTime: z.string(),
  quietHours: z.string().nullable(),
  channels: z.record(z.string(), z.object({ inApp: z.boolean(), email: z.boolean() })),
  email: z.string().nullable(),
  version: z.number().int(),
});
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferences>;

export const ZNotificationPreferencesBody = z.strictObject({
  digestEnabled: z.boolean().optional(),
  digestTime: ZClockTime.optional(),
  quietHours: ZQuietHours.nullable().optional(),
  channels: z.record(z.string().max(60), ZChannelChoice).optional(),
  version: ZVersion,
});

export const ZEventType = z.object({
  type: z.string(),
  label: z.string(),
  description: z.string(),
  defaults: z.object({ inApp: z.boolean(), email: z.boolean() }),
  /** Channels a leader's rule keeps on for the caller. */
  required: z.array(z.enum(notificationChannels)),
  robot: z.boolean(),
});
export type TEventType = z.infer<typeof ZEventType>;

export const ZRobot = z.object({
  id: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  robotKind: z.enum(robotKinds),
  name: z.string(),
  /** Host and the last characters of the key only; the address itself never leaves in clear. */
  webhookHint: z.string(),
  hasSecret: z.boolean(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRobot = z.infer<typeof ZRobot>;

export const ZRobotBody = z.strictObject({
  orgUnitId: z.string().max(64),
  robotKind: z.enum(robotKinds),
  name: z.string().trim().min(1).max(40),
  webhookUrl: z.string().trim().min(1).max(500),
  signingSecret: z.string().trim().max(200).nullable().optional(),
  eventTypes: z.array(z.string().max(60)).max(50).optional(),
  enabled: z.boolean().optional(),
});
export const ZRobotPatch = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  webhookUrl: z.string().trim().min(1).max(500).optional(),
  signingSecret: z.string().trim().max(200).nullable().optional(),
  eventTypes: z.array(z.string().max(60)).max(50).optional(),
  enabled: z.boolean().optional(),
  version: ZVersion,
});

export const ZRule = z.object({ orgUnitId: z.string(), orgUnitName: z.string(), eventType: z.string(), channel: z.enum(notificationChannels) });
export const ZRulesBody = z.strictObject({
  requiredEvents: z.array(z.strictObject({ eventType: z.string().max(60), channel: z.enum(notificationChannels) })).max(100),
});

export const ZSmtpSettings = z.object({
  source: z.enum(['env', 'admin', 'none']),
  smtpHost: z.string().nullable(),
  smtpPort: z.number().int().nullable(),
  smtpSecure: z.boolean(),
  smtpUser: z.string().nullable(),
  hasPassword: z.boolean(),
  smtpFrom: z.string().nullable(),
});
export type TSmtpSettings = z.infer<typeof ZSmtpSettings>;
export const ZSmtpBody = z.strictObject({
  smtpHost: z.string().trim().min(1).max(200),
  smtpPort: z.number().int().min(1).max(65535),
  smtpSecure: z.boolean(),
  smtpUser: z.string().trim().max(200).nullable().optional(),
  /** Omitted: keep the stored password; null: remove it. */
  smtpPassword: z.string().max(200).nullable().optional(),
  smtpFrom: z.string().trim().email().max(200),
});
export const ZSmtpTestBody = z.strictObject({ testRecipient: z.string().trim().email().max(200) });

export const ZDeliveryFigures = z.object({
  channel: z.string(),
  sent: z.number().int(),
  retried: z.number().int(),
  failed: z.number().int(),
  duplicate: z.number().int(),
  pending: z.number().int(),
});
export type TDeliveryFigures = z.infer<typeof ZDeliveryFigures>;
export const ZFiguresResponse = z.object({
  data: z.array(ZDeliveryFigures),
  inApp: z.object({ total: z.number().int(), unread: z.number().int() }),
  outbox: z.object({ pending: z.number().int() }),
});
