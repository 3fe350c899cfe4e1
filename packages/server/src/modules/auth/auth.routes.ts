import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAccessToken, ZChangePasswordBody, ZCreateTokenBody, ZLoginBody, ZMe, ZOk, ZPasswordChanged, ZUpdateMeBody } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { SESSION_COOKIE } from './tokens.js';
import * as auth from './auth.service.js';
import { presentMe } from './auth.presenter.js';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOptions = (secure: boolean) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure,
    });
    const isSecure = (protocol: string) =>
      ctx.config.cookieSecure === 'always' || (ctx.config.cookieSecure === 'auto' && protocol === 'https');

    app.post(
      '/api/v1/auth/login',
      {
        config: {
          public: true,
          rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: 60_000 },
          answers: [423],
        },
        schema: { tags: ['auth'], summary: '登录 Sign in', body: ZLoginBody, response: { 200: ZMe } },
      },
      async (req, reply) => {
        const result = await auth.login(ctx, requestMeta(req), req.body.username, req.body.password);
        reply.setCookie(SESSION_COOKIE, result.token, {
          ...cookieOptions(isSecure(req.protocol)),
          expires: result.expiresAt,
        });
        const a = await auth.buildAuth(ctx, result.userId, 'session', { id: '', csrfToken: result.csrfToken });
        return presentMe(ctx, a!);
      },
    );

    app.post(
      '/api/v1/auth/logout',
      { schema: { tags: ['auth'], summary: '退出 Sign out', response: { 200: ZOk } } },
      async (req, reply) => {
        await auth.logout(ctx, requireAuth(req), requestMeta(req));
        reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(req.protocol)));
        return { ok: true as const };
      },
    );

    app.get('/api/v1/me', { schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: ZMe } } }, async (req) =>
      presentMe(ctx, requireAuth(req)),
    );

    app.patch(
      '/api/v1/me',
      { schema: { tags: ['auth'], summary: '修改个人设置 Update own settings', body: ZUpdateMeBody, response: { 200: ZMe } } },
      async (req) => {
        const a = requireAuth(req);
        await auth.updateMyLocale(ctx, a, req.body.locale, req.body.displayName);
        return presentMe(ctx, (await auth.buildAuth(ctx, a.userId, a.via, a.sessionId ? { id: a.sessionId, csrfToken: a.csrfToken! } : null))!);
      },
    );

    app.post(
      '/api/v1/me/password',
      {
        schema: {
          tags: ['auth'],
          summary: '修改密码（其他会话退出，访问令牌全部吊销） Change password (other sessions end, all access tokens are revoked)',
          body: ZChangePasswordBody,
          response: { 200: ZPasswordChanged },
        },
      },
      async (req) => {
        const { revokedTokens } = await auth.changePassword(ctx, requireAuth(req), requestMeta(req), req.body.currentPassword, req.body.newPassword);
        return { ok: true as const, revokedTokens };
      },
    );

    app.get(
      '/api/v1/me/tokens',
      { schema: { tags: ['auth'], summary: '个人访问令牌 Personal access tokens', response: { 200: z.object({ data: z.array(ZAccessToken) }) } } },
      async (req) => ({ data: await auth.listAccessTokens(ctx, requireAuth(req)) }),
    );

    app.post(
      '/api/v1/me/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: '创建访问令牌（仅显示一次） Create a token (shown once)',
          body: ZCreateTokenBody,
          response: { 201: ZAccessToken.extend({ token: z.string() }) },
        },
      },
      async (req, reply) => {
        const { token, row } = await auth.createAccessToken(ctx, requireAuth(req), requestMeta(req), req.body.name, req.body.expiresInDays);
        reply.status(201);
        return { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: null, expiresAt: row.expiresAt, revokedAt: null, token };
      },
    );

    app.delete(
      '/api/v1/me/tokens/:id',
      { schema: { tags: ['auth'], summary: '吊销令牌 Revoke a token', params: z.object({ id: z.string().max(64) }), response: { 200: ZOk } } },
      async (req) => {
        await auth.revokeAccessToken(ctx, requireAuth(req), requestMeta(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
