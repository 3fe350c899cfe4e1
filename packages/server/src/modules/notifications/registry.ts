import type { DataScope, Label, Locale, Permission } from '@liaison/shared';
import type { Tx } from '../../db/schema.js';

/**
 * The three small registries modules contribute to, each from its own
 * `<module>.notifications.ts` imported once by app.ts (see modules/customers/customer.notifications.ts):
 * - event types: how an event reads (zh-CN and en-US), where it links, which channels it uses by default;
 * - scope resolvers: how a kind of record meets the data scope, so fan-out drops recipients
 *   who may not see it (a notification is a read of the record);
 * - digest sections: what the morning digest lists for each user.
 */

export type EventData = Record<string, string | number | boolean | null>;

export type EventTypeDef = {
  type: string;
  label: Label;
  description: Label;
  /** Channels a user gets unless they choose otherwise. */
  defaults: { inApp: boolean; email: boolean };
  /** Unit-level: goes to the group robots of the event's org unit (and units above it). */
  robot?: boolean;
  title: (data: EventData, locale: Locale) => string;
  body?: (data: EventData, locale: Locale) => string | null;
  /** The web path of the record, e.g. `/customers/…`; null = no link. */
  link: (entity: { type: string; id: string }, data: EventData) => string | null;
};

const eventTypes = new Map<string, EventTypeDef>();
export const registerEventType = (def: EventTypeDef): void => {
  eventTypes.set(def.type, def);
};
export const eventType = (type: string): EventTypeDef | undefined => eventTypes.get(type);
export const allEventTypes = (): EventTypeDef[] => [...eventTypes.values()];

const fallbackLabel = { 'zh-CN': '新通知', 'en-US': 'New notification' } as const;
/** How an event of a type nobody registered reads: a generic line, never a crash. */
export const titleOf = (type: string, data: EventData, locale: Locale): string => eventTypes.get(type)?.title(data, locale) ?? fallbackLabel[locale];

/** A record as the data scope sees it: its owner (self scope) and its org unit with path. */
export type ScopedRecord = { id: string; ownerId: string | null; orgUnitId: string; orgUnitPath: string };

export type ScopeResolver = {
  /** The permission whose scope decides who may read the record, e.g. `customer.read`. */
  permission: Permission;
  /** Owner and unit of each record; records not returned do not exist (nobody is told). */
  load: (tx: Tx, ids: string[]) => Promise<ScopedRecord[]>;
  /** Who else may see a record whatever their scope (e.g. a ticket's current handler). */
  alsoVisibleTo?: (tx: Tx, ids: string[]) => Promise<{ id: string; userId: string }[]>;
};

const scopes = new Map<string, ScopeResolver>();
export const registerScope = (entityType: string, resolver: ScopeResolver): void => {
  scopes.set(entityType, resolver);
};
export const scopeResolver = (entityType: string): ScopeResolver | undefined => scopes.get(entityType);

export type DigestUser = { id: string; orgUnitId: string; orgUnitPath: string; locale: Locale };
export type DigestItem = { userId: string; entity: { type: string; id: string }; data: EventData; sortKey: string };

/**
 * A section of the morning digest. `collect` runs once for a whole batch of users (set-based:
 * one or two queries, never one per user) and returns their items; items about records outside
 * a user's scope are dropped afterwards by the same check as fan-out.
 */
export type DigestSection = {
  key: string;
  order: number;
  title: Label;
  collect: (tx: Tx, users: DigestUser[], day: { date: string; now: Date }) => Promise<DigestItem[]>;
  line: (data: EventData, locale: Locale) => string;
  link: (entity: { type: string; id: string }, data: EventData) => string | null;
};

const sections = new Map<string, DigestSection>();
export const registerDigestSection = (section: DigestSection): void => {
  sections.set(section.key, section);
};
export const digestSections = (): DigestSection[] => [...sections.values()].sort((a, b) => a.order - b.order);

export type { DataScope };
