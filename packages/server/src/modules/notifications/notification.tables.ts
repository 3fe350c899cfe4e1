/** Tables of the notifications module, merged into `Database` in db/schema.ts. */

/** One user's choices; absent row = defaults (digest on at 08:00, each type's default channels). */
export type NotificationPreferenceTable = {
  userId: string;
  digestEnabled: number;
  digestTime: string;
  /** `HH:mm-HH:mm` in Asia/Shanghai, may wrap midnight; null = none. */
  quietHours: string | null;
  /** JSON `{ [eventType]: { inApp, email } }` — only the choices that differ from the defaults. */
  channels: string;
  version: number;
  updatedAt: string;
};

/** A leader's rule: users of this unit and below cannot turn this event off on this channel. */
export type NotificationRuleTable = {
  id: string;
  orgUnitId: string;
  eventType: string;
  channel: 'inApp' | 'email';
  createdBy: string | null;
  createdAt: string;
};

/** The in-app entry: one per event and recipient (unique), made at fan-out after the scope check. */
export type NotificationTable = {
  id: string;
  eventId: string;
  userId: string;
  type: string;
  entityType: string;
  entityId: string;
  payload: string;
  createdAt: string;
  readAt: string | null;
};

/**
 * One message to send on one outside channel to one target (a user's mailbox, a group robot),
 * unique per (event, channel, target). The content is rendered at fan-out, so every attempt
 * sends the same thing.
 */
export type NotificationDeliveryTable = {
  id: string;
  eventId: string;
  channel: 'email' | 'wecom' | 'dingtalk';
  /** User id (email) or robot id. */
  targetId: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  /** While `sending`: when the claim lapses and another worker may take it over (a crash). */
  leaseUntil: string | null;
  subject: string;
  /** JSON: `{ text, html }` for email, `{ markdown, title }` for robots. */
  content: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Every attempt, so retries, failures and possible duplicates are visible afterwards. */
export type NotificationAttemptTable = {
  id: string;
  deliveryId: string;
  attempt: number;
  /** Deliveries folded into one robot message share a batch. */
  batchId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'sending' | 'sent' | 'error' | 'interrupted';
  error: string | null;
  instance: string;
};

/** A WeCom or DingTalk group robot of an org unit; address and secret AES-GCM encrypted. */
export type NotificationRobotTable = {
  id: string;
  orgUnitId: string;
  kind: 'wecom' | 'dingtalk';
  name: string;
  urlEnc: string;
  secretEnc: string | null;
  urlHint: string;
  /** JSON array of event types; empty = every unit-level event. */
  eventTypes: string;
  enabled: number;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** The morning digest made for a user on a local date; unique, so it is made once cluster-wide. */
export type NotificationDigestTable = {
  id: string;
  userId: string;
  digestDate: string;
  itemCount: number;
  createdAt: string;
};

export type NotificationTables = {
  notificationPreference: NotificationPreferenceTable;
  notificationRule: NotificationRuleTable;
  notification: NotificationTable;
  notificationDelivery: NotificationDeliveryTable;
  notificationAttempt: NotificationAttemptTable;
  notificationRobot: NotificationRobotTable;
  notificationDigest: NotificationDigestTable;
};
