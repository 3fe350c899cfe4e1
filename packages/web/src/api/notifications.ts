import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationChannel, TEventType, TNotification, TNotificationPreferences, TRobot, TSmtpSettings, TDeliveryFigures } from '@liaison/shared';
import { api, type ListPage } from './client';

const key = ['notifications'] as const;

/** How often the bell asks for the unread count (decision 050: polling, not SSE). */
export const BELL_POLL_MS = 30_000;

export const useUnreadCount = () =>
  useQuery({
    queryKey: [...key, 'unread'],
    queryFn: () => api.get<{ count: number; latestAt: string | null }>('/notifications/unread-count'),
    refetchInterval: BELL_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
    meta: { silent: true },
  });

export type NotificationQuery = { page?: number; perPage?: number; status?: 'unread' | 'all'; type?: string };

export const useNotifications = (q: NotificationQuery, opts: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: [...key, 'list', q],
    queryFn: () => api.get<ListPage<TNotification>>('/notifications', q),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    staleTime: 5_000,
  });

export const useMarkRead = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<TNotification>(`/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};

export const useMarkAllRead = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { before?: string; type?: string }) => api.post<{ updated: number }>('/notifications/read-all', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};

export const useEventTypes = () => useQuery({ queryKey: [...key, 'eventTypes'], queryFn: () => api.get<{ data: TEventType[] }>('/notifications/event-types').then((r) => r.data) });

export const usePreferences = () => useQuery({ queryKey: [...key, 'prefs'], queryFn: () => api.get<TNotificationPreferences>('/me/notification-preferences') });

export type PreferencesBody = { digestEnabled?: boolean; digestTime?: string; quietHours?: string | null; channels?: Record<string, { inApp: boolean; email: boolean }>; version: number };
export const useSavePreferences = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesBody) => api.put<TNotificationPreferences>('/me/notification-preferences', body),
    onSuccess: (data) => qc.setQueryData([...key, 'prefs'], data),
  });
};

export type DigestSection = { title: string; lines: { text: string; link: string | null }[]; more: number };
export const useDigestPreview = () => useQuery({ queryKey: [...key, 'digestPreview'], queryFn: () => api.get<{ data: DigestSection[] }>('/me/digest-preview').then((r) => r.data) });

// Administration

export type Figures = { data: TDeliveryFigures[]; inApp: { total: number; unread: number }; outbox: { pending: number } };
export const useFigures = (enabled: boolean) => useQuery({ queryKey: [...key, 'figures'], queryFn: () => api.get<Figures>('/notifications/figures'), enabled, refetchInterval: 30_000 });

export const useSmtp = (enabled: boolean) => useQuery({ queryKey: [...key, 'smtp'], queryFn: () => api.get<TSmtpSettings>('/notifications/smtp'), enabled });
export type SmtpBody = { smtpHost: string; smtpPort: number; smtpSecure: boolean; smtpUser?: string | null; smtpPassword?: string | null; smtpFrom: string };
export const useSaveSmtp = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: SmtpBody) => api.put<TSmtpSettings>('/notifications/smtp', body), onSuccess: (d) => qc.setQueryData([...key, 'smtp'], d) });
};
export const useTestSmtp = () => useMutation({ mutationFn: (testRecipient: string) => api.post<{ ok: boolean; error: string | null }>('/notifications/smtp/test', { testRecipient }) });

export const useRobots = (enabled: boolean) => useQuery({ queryKey: [...key, 'robots'], queryFn: () => api.get<{ data: TRobot[] }>('/notifications/robots').then((r) => r.data), enabled });
export type RobotBody = { orgUnitId?: string; robotKind?: 'wecom' | 'dingtalk'; name?: string; webhookUrl?: string; signingSecret?: string | null; eventTypes?: string[]; enabled?: boolean; version?: number };
export const useSaveRobot = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: RobotBody }) =>
      id ? api.patch<TRobot>(`/notifications/robots/${encodeURIComponent(id)}`, body) : api.post<TRobot>('/notifications/robots', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...key, 'robots'] }),
  });
};
export const useDeleteRobot = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.delete(`/notifications/robots/${encodeURIComponent(id)}`), onSuccess: () => qc.invalidateQueries({ queryKey: [...key, 'robots'] }) });
};
export const useTestRobot = () => useMutation({ mutationFn: (id: string) => api.post<{ ok: boolean; error: string | null }>(`/notifications/robots/${encodeURIComponent(id)}/test`) });

export type Rule = { orgUnitId: string; orgUnitName: string; eventType: string; channel: NotificationChannel };
export const useRules = (enabled: boolean) => useQuery({ queryKey: [...key, 'rules'], queryFn: () => api.get<{ data: Rule[] }>('/notifications/rules').then((r) => r.data), enabled });
export const useSaveRules = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orgUnitId, requiredEvents }: { orgUnitId: string; requiredEvents: { eventType: string; channel: NotificationChannel }[] }) =>
      api.put<{ data: Rule[] }>(`/notifications/rules/${encodeURIComponent(orgUnitId)}`, { requiredEvents }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...key] }),
  });
};
