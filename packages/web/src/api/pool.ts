import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCustomer, TMyClaims, TPoolPreview, TReclaimRules, ZPool } from '@liaison/shared';
import type { z } from 'zod';
import { api, type ListPage, type Query } from './client';
import { customersKey } from './customers';

export type TPool = z.infer<typeof ZPool>;
export type PoolLimits = { maxHeld: number; maxClaimsPerDay: number; reclaimCooldownDays: number };

const key = ['pool'] as const;

export const usePools = () => useQuery({ queryKey: [...key, 'pools'], queryFn: () => api.get<{ data: TPool[] }>('/pools').then((r) => r.data) });

export const usePoolCustomers = (query: Query) =>
  useQuery({
    queryKey: [...key, 'customers', query],
    queryFn: () => api.get<ListPage<TCustomer>>('/pool/customers', query),
    placeholderData: keepPreviousData,
  });

export const useClaimCustomer = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.post<TCustomer>(`/customers/${id}/claim`, { version }),
    onSuccess: (_c, v) => {
      // The claimed customer has left the pool: its preview is gone, not to be fetched again (a 404).
      qc.removeQueries({ queryKey: [...key, 'preview', v.id] });
      void qc.invalidateQueries({ queryKey: key, predicate: (q) => q.queryKey[1] !== 'preview' });
      void qc.invalidateQueries({ queryKey: customersKey });
    },
  });
};

export const useUpdatePool = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<PoolLimits> & { id: string; version: number }) => api.patch<TPool>(`/pools/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...key, 'pools'] }),
  });
};

export const usePoolRules = () => useQuery({ queryKey: [...key, 'rules'], queryFn: () => api.get<TReclaimRules>('/pool/rules') });

export const useSavePoolRules = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TReclaimRules) => api.put<TReclaimRules>('/pool/rules', body),
    onSuccess: (rules) => qc.setQueryData([...key, 'rules'], rules),
  });
};

export const useMyClaims = () => useQuery({ queryKey: [...key, 'myClaims'], queryFn: () => api.get<TMyClaims>('/pool/my-claims') });

export const usePoolPreview = (id: string | null) =>
  useQuery({ queryKey: [...key, 'preview', id], queryFn: () => api.get<TPoolPreview>(`/pool/customers/${id}`), enabled: Boolean(id) });
