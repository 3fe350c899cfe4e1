import type { Permission, TMe } from '@liaison/shared';
import { useMe } from '../api/me';

export type Session = { me: TMe; can: (permission: Permission) => boolean };

export const can = (me: TMe | null | undefined, permission: Permission): boolean => Boolean(me?.permissions[permission]);

/** The signed-in user inside the authenticated part of the app (RequireAuth guarantees one). */
export const useSession = (): Session => {
  const { data } = useMe();
  if (!data) throw new Error('useSession outside RequireAuth');
  return { me: data, can: (p) => can(data, p) };
};

/** Why the user was sent to the sign-in page, shown there once. */
let signInNotice: 'session_expired' | 'authentication_required' | 'signed_out' | null = null;
export const setSignInNotice = (n: typeof signInNotice) => {
  signInNotice = n;
};
export const takeSignInNotice = () => {
  const n = signInNotice;
  signInNotice = null;
  return n;
};
