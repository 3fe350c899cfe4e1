import { useEffect, useSyncExternalStore } from 'react';
import { flush, reload, snapshot, subscribe, type QueuedVisit } from './outbox';

export const useQueuedVisits = (userId: string): QueuedVisit[] => {
  const all = useSyncExternalStore(subscribe, snapshot, snapshot);
  return all.filter((q) => q.userId === userId);
};

/**
 * Keeps the outbox moving: on start, whenever the browser says it is online again, and every
 * 20 seconds while something waits (a phone's "online" event is not always trustworthy).
 */
export const useOutboxSync = (userId: string, onSent: () => void) => {
  const pending = useQueuedVisits(userId).filter((q) => !q.error).length;
  useEffect(() => {
    void reload().then(() => flush(userId, onSent));
    const online = () => void flush(userId, onSent);
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (navigator.onLine !== false) void flush(userId, onSent);
    }, 20_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, pending]);
};
