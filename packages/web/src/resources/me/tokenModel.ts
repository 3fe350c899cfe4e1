import type { TAccessToken } from '../../api/me';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export const tokenStatus = (token: TAccessToken, now = new Date()): TokenStatus => {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt) <= now) return 'expired';
  return 'active';
};
