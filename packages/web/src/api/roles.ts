import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Grant, Permission, TRole } from '@liaison/shared';
import { api } from './client';

export type RoleInput = { code: string; name: string; description?: string; grants: Grant[] };

const key = ['roles'] as const;

export const useRoles = () => useQuery({ queryKey: key, queryFn: () => api.get<{ data: TRole[] }>('/roles').then((r) => r.data) });

export const usePermissions = () =>
  useQuery({
    queryKey: ['permissions'],
    queryFn: () => api.get<{ data: Permission[] }>('/permissions').then((r) => r.data),
    staleTime: Infinity,
  });

const useRoleMutation = <V,>(fn: (v: V) => Promise<unknown>) => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
};

export const useCreateRole = () => useRoleMutation((body: RoleInput) => api.post<TRole>('/roles', body));
export const useUpdateRole = () =>
  useRoleMutation(({ id, code: _code, ...body }: Partial<RoleInput> & { id: string; version: number }) => api.patch<TRole>(`/roles/${id}`, body));
export const useDeleteRole = () => useRoleMutation((id: string) => api.delete<{ ok: true }>(`/roles/${id}`));
