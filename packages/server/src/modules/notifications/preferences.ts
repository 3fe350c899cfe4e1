import type { NotificationChannel } from '@liaison/shared';
import type { Tx } from '../../db/schema.js';
import { bool, json } from '../../db/dialect.js';
import { eventType } from './registry.js';

export type Prefs = {
  digestEnabled: boolean;
  digestTime: string;
  quietHours: string | null;
  channels: Record<string, { inApp: boolean; email: boolean }>;
  version: number;
};

export const DEFAULT_DIGEST_TIME = '08:00';
/** Defaults read as version 1; the first save stores version 2. */
export const defaultPrefs = (): Prefs => ({ digestEnabled: true, digestTime: DEFAULT_DIGEST_TIME, quietHours: null, channels: {}, version: 1 });

/** Preferences of many users in one query; users without a row get the defaults. */
export const loadPreferences = async (tx: Tx, userIds: string[]): Promise<Map<string, Prefs>> => {
  const out = new Map<string, Prefs>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await tx.selectFrom('notificationPreference').selectAll().where('userId', 'in', userIds.slice(i, i + 500)).execute();
    for (const r of rows)
      out.set(r.userId, {
        digestEnabled: bool(r.digestEnabled),
        digestTime: r.digestTime,
        quietHours: r.quietHours,
        channels: json<Prefs['channels']>(r.channels) ?? {},
        version: r.version,
      });
  }
  for (const id of userIds) if (!out.has(id)) out.set(id, defaultPrefs());
  return out;
};

/**
 * Channels leaders keep on: a rule on a unit binds everyone in it and below. The rules table is
 * small (units × required events), so it is read whole and matched by path.
 */
export const loadRequired = async (tx: Tx, users: { id: string; orgUnitPath: string }[]): Promise<Map<string, Set<string>>> => {
  const out = new Map<string, Set<string>>();
  if (!users.length) return out;
  const rules = await tx.selectFrom('notificationRule').innerJoin('orgUnit', 'orgUnit.id', 'notificationRule.orgUnitId').select(['orgUnit.path', 'notificationRule.eventType', 'notificationRule.channel']).execute();
  for (const u of users) {
    const set = new Set<string>();
    for (const r of rules) if (u.orgUnitPath.startsWith(r.path)) set.add(`${r.eventType}|${r.channel}`);
    out.set(u.id, set);
  }
  return out;
};

/** Whether a user gets an event type on a channel: a leader's rule, else their choice, else the default. */
export const wants = (prefs: Prefs, required: Set<string> | undefined, type: string, channel: NotificationChannel): boolean => {
  if (required?.has(`${type}|${channel}`)) return true;
  const chosen = prefs.channels[type]?.[channel];
  if (chosen !== undefined) return chosen;
  const def = eventType(type);
  // Types nobody registered still reach the bell; outside channels need a template.
  return def ? def.defaults[channel] : channel === 'inApp';
};
