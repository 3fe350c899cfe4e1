import type { FastifyRequest } from 'fastify';
import type { Locale } from '@liaison/shared';
import type { Auth } from '../access/auth.js';
import type { RequestMeta } from '../context.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    locale: Locale;
    sessionExpired: boolean;
  }
  interface FastifyContextConfig {
    /** Route answers without a signed-in user. */
    public?: boolean;
    /** Polled in the background (the bell): answers without refreshing the session's idle timer. */
    passive?: boolean;
  }
}

export const requireAuth = (req: FastifyRequest): Auth => {
  if (!req.auth) throw new AppError(req.sessionExpired ? 'session_expired' : 'authentication_required');
  return req.auth;
};

export const requestMeta = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip ?? null,
  userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
});
