import type { FastifyInstance } from 'fastify';
import { negotiateLocale } from '@liaison/shared';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { resolveAccessToken, resolveSession } from '../modules/auth/auth.service.js';
import { CSRF_HEADER, SESSION_COOKIE, safeEqual } from '../modules/auth/tokens.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the caller once per request; enforces sign-in and CSRF for cookie sessions. */
export const registerAuthHook = (app: FastifyInstance, ctx: AppContext) => {
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRequest', async (req) => {
    req.locale = negotiateLocale(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      req.auth = await resolveAccessToken(ctx, bearer);
      if (!req.auth) throw new AppError('authentication_required');
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) {
        const found = await resolveSession(ctx, cookie, { touch: req.routeOptions.config?.passive !== true });
        if (found && 'auth' in found) req.auth = found.auth;
        else if (found && 'expired' in found) req.sessionExpired = true;
      }
    }
    if (req.auth) req.locale = req.auth.locale;
    const isPublic = req.routeOptions.config?.public === true || req.is404;
    if (!isPublic && !req.auth) throw new AppError(req.sessionExpired ? 'session_expired' : 'authentication_required');
    if (req.auth?.via === 'session' && UNSAFE.has(req.method) && !isPublic) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.auth.csrfToken || !safeEqual(sent, req.auth.csrfToken))
        throw new AppError('csrf_failed');
    }
  });
};
