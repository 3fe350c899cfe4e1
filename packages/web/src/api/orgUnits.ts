import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TOrgUnit } from '@liaison/shared';
import { api } from './client';

export type OrgUnitKind = TOrgUnit['kind'];
export type OrgUnitInput = { parentId: string; name: string; code: string; kind: OrgUnitKind; sortOrder?: number };

const key = ['orgUnits'] as const;

export const useOrgUnits = (enabled = true) =>
  useQuery({ queryKey: key, queryFn: () => api.get<{ data: TOrgUnit[] }>('/org-units').then((r) => r.data), enabled });

export const useCreateOrgUnit = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgUnitInput) => api.post<TOrgUnit>('/org-units', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};

export const useUpdateOrgUnit = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<OrgUnitInput> & { id: string; version: number }) => api.patch<TOrgUnit>(`/org-units/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};

export const useDeleteOrgUnit = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete<{ ok: true }>(`/org-units/${id}`, { version }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};
