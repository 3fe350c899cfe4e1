import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TGradeExplanation, TGradeRecompute, TGradingRulesBody, TGradingRulesRead } from '@liaison/shared';
import { api } from './client';
import { customersKey } from './customers';

export type TFigure = { month: string; volume: number | null; profit: number | null; daysLate: number | null; metrics: Record<string, number> | null };

const rulesKey = ['grading', 'rules'] as const;
const recomputeKey = ['grading', 'recompute'] as const;
const RECOMPUTE_POLL_MS = 2000;

export const useGradingRules = () => useQuery({ queryKey: rulesKey, queryFn: () => api.get<TGradingRulesRead>('/grading/rules'), staleTime: 5 * 60_000 });

export const useSaveGradingRules = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TGradingRulesBody) => api.put<TGradingRulesRead>('/grading/rules', body),
    onSuccess: (rules) => qc.setQueryData(rulesKey, rules),
  });
};

/** The latest grading pass, polled while it runs (decision 082); when it ends, grades shown elsewhere are refetched. */
export const useGradeRecompute = (enabled: boolean) => {
  const qc = useQueryClient();
  const running = useRef(false);
  const query = useQuery({
    queryKey: recomputeKey,
    enabled,
    queryFn: () => api.get<{ recompute: TGradeRecompute | null }>('/grading/recompute').then((r) => r.recompute),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RECOMPUTE_POLL_MS : false),
  });
  const status = query.data?.status;
  useEffect(() => {
    if (running.current && status !== 'running') void qc.invalidateQueries({ queryKey: customersKey });
    running.current = status === 'running';
  }, [status, qc]);
  return query;
};

export const useStartGradeRecompute = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TGradeRecompute>('/grading/recompute'),
    onSuccess: (run) => qc.setQueryData(recomputeKey, run),
  });
};

export const useCustomerGrade = (id: string) =>
  useQuery({
    queryKey: [...customersKey, 'grade', id],
    queryFn: () => api.get<{ explanation: TGradeExplanation | null }>(`/customers/${id}/grade`).then((r) => r.explanation),
  });

export const useCustomerFigures = (id: string) =>
  useQuery({ queryKey: [...customersKey, 'figures', id], queryFn: () => api.get<{ data: TFigure[] }>(`/customers/${id}/figures`).then((r) => r.data) });
