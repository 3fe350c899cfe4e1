import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TDictionary, TDictionaryItem } from '@liaison/shared';
import { api } from './client';

export type DictionaryItemInput = { value: string; labelZh: string; labelEn: string; sortOrder?: number; enabled?: boolean };

const key = ['dictionaries'] as const;

export const useDictionaries = () =>
  useQuery({ queryKey: key, queryFn: () => api.get<{ data: TDictionary[] }>('/dictionaries').then((r) => r.data) });

export const useCreateDictionaryItem = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, ...body }: DictionaryItemInput & { code: string }) =>
      api.post<TDictionaryItem>(`/dictionaries/${encodeURIComponent(code)}/items`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};

export const useUpdateDictionaryItem = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, id, value: _value, ...body }: Partial<DictionaryItemInput> & { code: string; id: string; version: number }) =>
      api.patch<TDictionaryItem>(`/dictionaries/${encodeURIComponent(code)}/items/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};
