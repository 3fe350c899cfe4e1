import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TServicePlan, TCreateServiceActionBody, TUpdateServiceActionBody, TUpdateServicePlanBody, TAchievement, TBreakdown, TBreakdownBody, TCheckTransitionBody, TIndicator, TPlan, TPlanDetail, TPlanKind, TPlanSettings, TPlanTeam, TPlanTransitionBody, TPlanVisitBody, TUpdatePlanBody } from '@liaison/shared';
import { api, type ListPage, type Query } from './client';
import { visitsKey, workbenchKey } from './visits';

export type { TServicePlan, TPlan, TPlanDetail, TIndicator, TPlanTeam, TAchievement, TBreakdown };

export const plansKey = ['plans'] as const;

export const usePlans = (query: Query) =>
  useQuery({ queryKey: [...plansKey, 'list', query], queryFn: () => api.get<ListPage<TPlan>>('/plans', query), placeholderData: keepPreviousData });
export const usePlan = (id: string | undefined) => useQuery({ queryKey: [...plansKey, 'one', id], queryFn: () => api.get<TPlanDetail>(`/plans/${id}`), enabled: Boolean(id) });
export const useIndicators = () => useQuery({ queryKey: ['indicators'], queryFn: () => api.get<{ data: TIndicator[] }>('/indicators').then((r) => r.data) });
export const usePlanSettings = () => useQuery({ queryKey: ['planSettings'], queryFn: () => api.get<TPlanSettings>('/plan-settings') });
export const usePlanTeam = (q: { orgUnitId?: string; kind: TPlanKind; period: string }, enabled = true) =>
  useQuery({ queryKey: [...plansKey, 'team', q], queryFn: () => api.get<TPlanTeam>('/plans/team', q), placeholderData: keepPreviousData, enabled });
export const useAchievement = (q: { orgUnitId?: string; kind: TPlanKind; period: string }, enabled = true) =>
  useQuery({ queryKey: [...plansKey, 'achievement', q], queryFn: () => api.get<TAchievement>('/plans/achievement', q), placeholderData: keepPreviousData, enabled });
export const useBreakdown = (q: { orgUnitId?: string; month: string }, enabled = true) =>
  useQuery({ queryKey: [...plansKey, 'breakdown', q], queryFn: () => api.get<TBreakdown>('/plans/breakdown', q), enabled });

const useInvalidate = () => {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: plansKey }), qc.invalidateQueries({ queryKey: visitsKey }), qc.invalidateQueries({ queryKey: workbenchKey })]);
};

export const useCreatePlan = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: { kind: TPlanKind; period: string }) => api.post<TPlanDetail>('/plans', body), onSuccess: invalidate });
};
export const useUpdatePlan = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TUpdatePlanBody & { id: string }) => api.patch<TPlanDetail>(`/plans/${id}`, body), onSuccess: invalidate });
};
export const useTransitionPlan = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TPlanTransitionBody & { id: string }) => api.post<TPlanDetail>(`/plans/${id}/transition`, body), onSuccess: invalidate });
};
export const useTransitionCheck = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TCheckTransitionBody & { id: string }) => api.post<TPlanDetail>(`/plans/${id}/check`, body), onSuccess: invalidate });
};
export const useAddPlanVisit = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TPlanVisitBody & { id: string }) => api.post<TPlanDetail>(`/plans/${id}/visits`, body), onSuccess: invalidate });
};
export const useSaveBreakdown = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: TBreakdownBody) => api.put<TBreakdown>('/plans/breakdown', body), onSuccess: invalidate });
};

export type ServicePlanRow = { id: string; customerId: string; customerName: string; managerName: string; period: string; status: 'active' | 'closed'; goals: string };
export const useServicePlans = (q: { period?: string }) =>
  useQuery({ queryKey: [...plansKey, 'service', 'list', q], queryFn: () => api.get<{ data: ServicePlanRow[] }>('/service-plans', q).then((r) => r.data) });
export const useServicePlan = (id: string | undefined) => useQuery({ queryKey: [...plansKey, 'service', 'one', id], queryFn: () => api.get<TServicePlan>(`/service-plans/${id}`), enabled: Boolean(id) });
export const useCreateServicePlan = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: { customerId: string; period: string; goals: string }) => api.post<TServicePlan>('/service-plans', body), onSuccess: invalidate });
};
export const useUpdateServicePlan = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TUpdateServicePlanBody & { id: string }) => api.patch<TServicePlan>(`/service-plans/${id}`, body), onSuccess: invalidate });
};
export const useAddServiceAction = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: TCreateServiceActionBody & { id: string }) => api.post<TServicePlan>(`/service-plans/${id}/actions`, body), onSuccess: invalidate });
};
export const useUpdateServiceAction = () => {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, actionId, ...body }: TUpdateServiceActionBody & { id: string; actionId: string }) => api.patch<TServicePlan>(`/service-plans/${id}/actions/${actionId}`, body), onSuccess: invalidate });
};
