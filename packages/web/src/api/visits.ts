import { useEffect, useRef } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TComplianceRecompute, TCoverage, TCreateVisitBody, TSaveContactRules, TUpdateVisitBody, TVisit, TVisitPhoto, TWorkbench, TContactRule, TContactSettings } from '@liaison/shared';
import { api, type ListPage, type Query } from './client';
import { customersKey } from './customers';

export type { TVisit, TWorkbench, TCoverage, TVisitPhoto };
export type ContactRules = { rules: TContactRule[]; settings: TContactSettings; recompute: TComplianceRecompute | null };

export const visitsKey = ['visits'] as const;
export const workbenchKey = ['workbench'] as const;

export const useVisits = (query: Query, enabled = true) =>
  useQuery({
    queryKey: [...visitsKey, 'list', query],
    queryFn: () => api.get<ListPage<TVisit>>('/visits', query),
    placeholderData: keepPreviousData,
    enabled,
  });

/**
 * The visit feed by cursor (decisions 071, 076): each "load more" continues after the last visit
 * shown, costing what the first page costs — offset pages deep into a leader's feed walk further
 * and further. No total is counted.
 */
export const useVisitFeed = (query: Query) =>
  useInfiniteQuery({
    queryKey: [...visitsKey, 'feed', query],
    queryFn: ({ pageParam }) => api.get<ListPage<TVisit> & { nextCursor?: string | null }>('/visits', { ...query, cursor: pageParam }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useVisit = (id: string | undefined) =>
  useQuery({ queryKey: [...visitsKey, 'one', id], queryFn: () => api.get<TVisit>(`/visits/${id}`), enabled: Boolean(id) });

export const useWorkbench = () => useQuery({ queryKey: workbenchKey, queryFn: () => api.get<TWorkbench>('/workbench') });

export const useTeamCoverage = (query: { orgUnitId?: string; month?: string; week?: string }, enabled = true) =>
  useQuery({ queryKey: ['team', 'coverage', query], queryFn: () => api.get<TCoverage>('/team/coverage', query), placeholderData: keepPreviousData, enabled });

/** A visit changes the workbench, the customer's last contact and due times, and the lists. */
export const useInvalidateVisits = () => {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: visitsKey }),
      qc.invalidateQueries({ queryKey: workbenchKey }),
      qc.invalidateQueries({ queryKey: customersKey }),
      qc.invalidateQueries({ queryKey: ['team'] }),
    ]);
};

/** Sends a new visit with its idempotency key, then its photos each with a key of their own. */
export const sendVisit = async (key: string, body: TCreateVisitBody, photos: Blob[] = []): Promise<TVisit> => {
  const visit = await api.post<TVisit>('/visits', body, { 'Idempotency-Key': key });
  for (const [i, photo] of photos.entries())
    await api.upload<TVisitPhoto>(`/visits/${visit.id}/photos`, photo, { fileName: photo instanceof File ? photo.name : `photo-${i + 1}.jpg`, headers: { 'Idempotency-Key': `${key}.photo.${i}` } });
  return visit;
};

export const useUpdateVisit = () => {
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: ({ id, ...body }: TUpdateVisitBody & { id: string }) => api.patch<TVisit>(`/visits/${id}`, body), onSuccess: invalidate });
};

export const useDeleteVisit = () => {
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: ({ id, version }: { id: string; version: number }) => api.delete(`/visits/${id}`, { version }), onSuccess: invalidate });
};

export const useUploadPhoto = () => {
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: ({ id, file }: { id: string; file: Blob }) => api.upload<TVisitPhoto>(`/visits/${id}/photos`, file), onSuccess: invalidate });
};

export const useDeletePhoto = () => {
  const invalidate = useInvalidateVisits();
  return useMutation({ mutationFn: ({ id, photoId }: { id: string; photoId: string }) => api.delete(`/visits/${id}/photos/${photoId}`), onSuccess: invalidate });
};

export const photoUrl = (visitId: string, photoId: string) => `/api/v1/visits/${visitId}/photos/${photoId}`;

const RECOMPUTE_POLL_MS = 2000;

/** Polled while the recompute after a save runs (decision 081); when it ends, due times shown elsewhere are refetched. */
export const useContactRules = () => {
  const qc = useQueryClient();
  const running = useRef(false);
  const query = useQuery({
    queryKey: ['contactRules'],
    queryFn: () => api.get<ContactRules>('/contact-rules'),
    refetchInterval: (q) => (q.state.data?.recompute?.status === 'running' ? RECOMPUTE_POLL_MS : false),
  });
  const status = query.data?.recompute?.status;
  useEffect(() => {
    if (running.current && status !== 'running') {
      void qc.invalidateQueries({ queryKey: workbenchKey });
      void qc.invalidateQueries({ queryKey: customersKey });
    }
    running.current = status === 'running';
  }, [status, qc]);
  return query;
};
export const useSaveContactRules = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TSaveContactRules) => api.put<ContactRules>('/contact-rules', body),
    onSuccess: (data) => {
      qc.setQueryData(['contactRules'], data);
      void qc.invalidateQueries({ queryKey: workbenchKey });
      void qc.invalidateQueries({ queryKey: customersKey });
    },
  });
};

export type CalendarToken = { id: string; createdAt: string; url: string | null };
export const useCalendarToken = () => useQuery({ queryKey: ['calendarToken'], queryFn: () => api.get<{ token: CalendarToken | null }>('/me/calendar-token').then((r) => r.token) });
export const useCreateCalendarToken = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post<CalendarToken>('/me/calendar-token'), onSuccess: () => qc.invalidateQueries({ queryKey: ['calendarToken'] }) });
};
export const useRevokeCalendarToken = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.delete('/me/calendar-token'), onSuccess: () => qc.invalidateQueries({ queryKey: ['calendarToken'] }) });
};
