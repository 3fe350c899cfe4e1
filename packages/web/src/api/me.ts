import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Locale, TMe, ZAccessToken } from '@liaison/shared';
import type { z } from 'zod';
import { api, isApiError, setCsrfToken } from './client';

export type TAccessToken = z.infer<typeof ZAccessToken>;
export type TCreatedToken = TAccessToken & { token: string };

export const meKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export const fetchMe = async (): Promise<TMe | null> => {
  try {
    const me = await api.get<TMe>('/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
};

export const useMe = () => useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, meta: { silent: true } });

export const useSignIn = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<TMe>('/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(meKey, me);
    },
  });
};

export const useSignOut = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(meKey, null);
      // The offline copies of this user's reads (service worker cache) go with the session.
      if (typeof caches !== 'undefined') void caches.delete('liaison-api');
    },
  });
};

export const useUpdateMe = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { locale?: Locale; displayName?: string }) => api.patch<TMe>('/me', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(meKey, me);
    },
  });
};

export const useChangePassword = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true; revokedTokens: number }>('/me/password', body),
    onSuccess: () => qc.setQueryData<TMe | null>(meKey, (me) => (me ? { ...me, mustChangePassword: false } : me)),
  });
};

const tokensKey = ['me', 'tokens'] as const;

export const useTokens = () => useQuery({ queryKey: tokensKey, queryFn: () => api.get<{ data: TAccessToken[] }>('/me/tokens') });

export const useCreateToken = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) => api.post<TCreatedToken>('/me/tokens', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
};

export const useRevokeToken = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/me/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
};
