import { createStore, del, entries, set } from 'idb-keyval';
import type { TCreateVisitBody } from '@liaison/shared';
import { isApiError } from '../api/client';
import { sendVisit } from '../api/visits';

/**
 * The field log's outbox 待同步: a visit saved without signal waits here, in IndexedDB, with its
 * photos, until the connection returns. Each entry carries the Idempotency-Key made when the
 * user pressed save; sending it again — after a timeout, a reload, a crash between the server's
 * answer and our delete — returns the first result instead of making a second visit, and each
 * photo has a key of its own. Entries belong to the user who made them.
 */
export type QueuedVisit = {
  key: string;
  userId: string;
  customerName: string;
  body: TCreateVisitBody;
  photos: Blob[];
  queuedAt: string;
  attempts: number;
  /** Set when the server refused the visit (not for a lost connection): the user must look at it. */
  error: { code: string; message: string } | null;
};

const store = () => createStore('liaison-offline', 'visits');
let cached: QueuedVisit[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
export const snapshot = (): QueuedVisit[] => cached;

export const reload = async (): Promise<QueuedVisit[]> => {
  const all = (await entries<string, QueuedVisit>(store())).map(([, v]) => v).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  cached = all;
  emit();
  return all;
};

/** A random key in any context (crypto.randomUUID needs HTTPS; a LAN demo may be plain HTTP). */
export const newKey = (): string => {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export const enqueue = async (item: Omit<QueuedVisit, 'queuedAt' | 'attempts' | 'error'>) => {
  await set(item.key, { ...item, queuedAt: new Date().toISOString(), attempts: 0, error: null } satisfies QueuedVisit, store());
  await reload();
};

export const discard = async (key: string) => {
  await del(key, store());
  await reload();
};

const isNetwork = (e: unknown) => isApiError(e) && (e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429);

let running: Promise<{ sent: number; failed: number }> | null = null;

/**
 * Sends what is queued for this user, oldest first. A lost connection (or a busy server) stops
 * the run and leaves the rest for the next; a refusal marks the entry for the user to fix.
 */
export const flush = (userId: string, onSent?: () => void): Promise<{ sent: number; failed: number }> => {
  if (running) return running;
  running = (async () => {
    let sent = 0;
    let failed = 0;
    for (const item of await reload()) {
      if (item.userId !== userId || item.error) continue;
      try {
        await sendVisit(item.key, item.body, item.photos);
        await del(item.key, store());
        sent++;
        onSent?.();
      } catch (e) {
        if (isNetwork(e) || !isApiError(e)) {
          await set(item.key, { ...item, attempts: item.attempts + 1 }, store());
          break;
        }
        failed++;
        await set(item.key, { ...item, attempts: item.attempts + 1, error: { code: e.code, message: e.message } }, store());
      }
    }
    await reload();
    return { sent, failed };
  })().finally(() => {
    running = null;
  });
  return running;
};

export type LogResult = { queued: true } | { queued: false; visitId: string };

/**
 * Saves a visit now if the network allows, else queues it. A save that failed for want of a
 * connection — also halfway, after the visit but before a photo — is queued with the same key.
 */
export const logVisit = async (userId: string, customerName: string, body: TCreateVisitBody, photos: Blob[]): Promise<LogResult> => {
  const key = newKey();
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    await enqueue({ key, userId, customerName, body, photos });
    return { queued: true };
  }
  try {
    const visit = await sendVisit(key, body, photos);
    return { queued: false, visitId: visit.id };
  } catch (e) {
    if (isNetwork(e) || !isApiError(e)) {
      await enqueue({ key, userId, customerName, body, photos });
      return { queued: true };
    }
    throw e;
  }
};
