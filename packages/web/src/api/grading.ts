import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TGradeExplanation, TGradingRules } from '@liaison/shared';
import { api } from './client';
import { customersKey } from './customers';

export type TFigure = { month: string; volume: number | null; profit: number | null; daysLate: number | null; metrics: Record<string, number> | null };
export type RecomputeResult = { graded: number; ungraded: number; changed: number };

const rulesKey = ['grading', 'rules'] as const;

export const useGradingRules = () => useQuery({ queryKey: rulesKey, queryFn: () => api.get<TGradingRules>('/grading/rules'), staleTime: 5 * 60_000 });

export const useSaveGradingRules = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TGradingRules) => api.put<TGradingRules>('/grading/rules', body),
    onSuccess: (rules) => qc.setQueryData(rulesKey, rules),
  });
};

export const useRecomputeGrades = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<RecomputeResult>('/grading/recompute'),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
};

export const useCustomerGrade = (id: string) =>
  useQuery({
    queryKey: [...customersKey, 'grade', id],
    queryFn: () => api.get<{ explanation: TGradeExplanation | null }>(`/customers/${id}/grade`).then((r) => r.explanation),
  });

export const useCustomerFigures = (id: string) =>
  useQuery({ queryKey: [...customersKey, 'figures', id], queryFn: () => api.get<{ data: TFigure[] }>(`/customers/${id}/figures`).then((r) => r.data) });
