import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TCreateTicketBody,
  TSlaPolicy,
  TSlaSettings,
  TTicket,
  TTicketAttachment,
  TTicketEvent,
  TTicketListItem,
  TTicketStats,
  TTicketTransitionBody,
  TUpdateSlaPolicyBody,
  TWorkCalendarException,
  TWorkCalendarImport,
  TWorkCalendarYear,
} from '@liaison/shared';
import { api, type ListPage, type Query } from './client';

export const ticketsKey = ['tickets'] as const;
const slaKey = ['sla'] as const;
const calendarKey = ['workCalendar'] as const;

export const useTickets = (query: Query, enabled = true) =>
  useQuery({ queryKey: [...ticketsKey, 'list', query], queryFn: () => api.get<ListPage<TTicketListItem>>('/tickets', query), placeholderData: keepPreviousData, enabled });

export const useTicket = (id: string | undefined) =>
  useQuery({ queryKey: [...ticketsKey, 'one', id], queryFn: () => api.get<TTicket>(`/tickets/${id}`), enabled: Boolean(id) });

export const useTicketEvents = (id: string) =>
  useQuery({ queryKey: [...ticketsKey, 'events', id], queryFn: () => api.get<{ data: TTicketEvent[] }>(`/tickets/${id}/events`).then((r) => r.data) });

export const useTicketAttachments = (id: string) =>
  useQuery({ queryKey: [...ticketsKey, 'attachments', id], queryFn: () => api.get<{ data: TTicketAttachment[] }>(`/tickets/${id}/attachments`).then((r) => r.data) });

export const useTicketStats = (query: { month: string; orgUnitId?: string; months?: number }) =>
  useQuery({ queryKey: [...ticketsKey, 'stats', query], queryFn: () => api.get<TTicketStats>('/tickets/stats', query), placeholderData: keepPreviousData });

/** Every ticket write can change lists, the page, its history and the workbench counts. */
const useTicketMutation = <V, R>(fn: (v: V) => Promise<R>) => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKey }) });
};

/** Creates with an Idempotency-Key made once per form, so a double tap or a retry opens one ticket. */
export const useCreateTicket = () =>
  useTicketMutation(({ key, ...body }: TCreateTicketBody & { key: string }) => api.post<TTicket>('/tickets', body, { 'Idempotency-Key': key }));

export const useTransition = () => useTicketMutation(({ id, ...body }: TTicketTransitionBody & { id: string }) => api.post<TTicket>(`/tickets/${id}/transitions`, body));

export const useUploadTicketPhoto = () => useTicketMutation(({ id, file }: { id: string; file: File }) => api.upload<TTicketAttachment>(`/tickets/${id}/attachments`, file));

export const useSla = () => useQuery({ queryKey: slaKey, queryFn: () => api.get<{ data: TSlaPolicy[]; settings: TSlaSettings }>('/sla-policies') });

export const useUpdateSlaPolicy = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: ({ id, ...body }: TUpdateSlaPolicyBody & { id: string }) => api.patch<TSlaPolicy>(`/sla-policies/${id}`, body), onSuccess: () => qc.invalidateQueries({ queryKey: slaKey }) });
};

export const useUpdateSlaSettings = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; workingHours?: string; reopenDays?: number; pauseReasons?: string[] }) => api.put<TSlaSettings>('/sla-policies/settings', body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: slaKey }), qc.invalidateQueries({ queryKey: ticketsKey })]),
  });
};

export const useWorkCalendar = (year: number) =>
  useQuery({ queryKey: [...calendarKey, year], queryFn: () => api.get<TWorkCalendarYear>('/work-calendar', { year }), placeholderData: keepPreviousData });

const useCalendarMutation = <V, R>(fn: (v: V) => Promise<R>) => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: calendarKey }), qc.invalidateQueries({ queryKey: ticketsKey })]) });
};

export const useCreateException = () =>
  useCalendarMutation((body: { date: string; working: boolean; name: string; note?: string | null }) => api.post<TWorkCalendarException>('/work-calendar/exceptions', body));
export const useDeleteException = () => useCalendarMutation(({ id, version }: { id: string; version: number }) => api.delete(`/work-calendar/exceptions/${id}`, { version }));
export const useCreateImport = () =>
  useCalendarMutation((body: { year: number; papers?: string[]; days: { date: string; name: string; isOffDay: boolean }[] }) => api.post<TWorkCalendarImport>('/work-calendar/imports', body));
export const useDecideImport = () =>
  useCalendarMutation(({ id, ...body }: { id: string; version: number; approved: boolean; comment?: string }) => api.post<TWorkCalendarImport>(`/work-calendar/imports/${id}/decision`, body));
