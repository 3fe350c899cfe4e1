import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TManagerGrade, TUser, Locale } from '@liaison/shared';
import { api, type ListPage, type ListParams } from './client';

export type UserStatus = TUser['status'];
export type UserQuery = ListParams & { orgUnitId?: string; roleId?: string; status?: UserStatus };
export type UserInput = {
  displayName: string;
  orgUnitId: string;
  roleIds: string[];
  grade?: TManagerGrade | null;
  email?: string | null;
  phone?: string | null;
  locale?: Locale;
};
export type CreateUserInput = UserInput & { username: string; password: string };
export type UpdateUserInput = Partial<UserInput> & { id: string; version: number; status?: UserStatus };

const key = ['users'] as const;

export const useUsers = (query: UserQuery, enabled = true) =>
  useQuery({
    queryKey: [...key, 'list', query],
    queryFn: () => api.get<ListPage<TUser>>('/users', query),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useUser = (id: string | undefined) =>
  useQuery({ queryKey: [...key, 'one', id], queryFn: () => api.get<TUser>(`/users/${id}`), enabled: Boolean(id) });

const useUserMutation = <V,>(fn: (v: V) => Promise<unknown>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key });
      // User counts per org unit and per role follow user changes.
      void qc.invalidateQueries({ queryKey: ['orgUnits'] });
      void qc.invalidateQueries({ queryKey: ['roles'] });
    },
  });
};

export const useCreateUser = () => useUserMutation((body: CreateUserInput) => api.post<TUser>('/users', body));
export const useUpdateUser = () => useUserMutation(({ id, ...body }: UpdateUserInput) => api.patch<TUser>(`/users/${id}`, body));
export const useResetPassword = () =>
  useUserMutation(({ id, ...body }: { id: string; newPassword: string; mustChangePassword: boolean }) =>
    api.post<{ ok: true }>(`/users/${id}/reset-password`, body),
  );
export const useUnlockUser = () => useUserMutation((id: string) => api.post<TUser>(`/users/${id}/unlock`));
