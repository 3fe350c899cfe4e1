import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZHealth, negotiateLocale } from '@liaison/shared';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { AppContext } from './context.js';
import type { DbHandle } from './db/database.js';
import type { Db } from './db/schema.js';
import { ambientTx } from './db/transaction.js';
import { AppError } from './errors.js';
import { sendError } from './http/errors.js';
import { registerAuthHook } from './http/auth.hook.js';
import { registerTextRules } from './http/text.js';
import { registerApiCompression, staticCacheControl } from './http/compression.js';
import { apiDocument } from './http/openapi.js';
import { JobRunner, type JobDefinition } from './jobs/runner.js';
import { allJobs, allTasks } from './jobs/index.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { orgUnitRoutes } from './modules/orgUnits/orgUnit.routes.js';
import { userRoutes } from './modules/users/user.routes.js';
import { roleRoutes } from './modules/roles/role.routes.js';
import { dictionaryRoutes } from './modules/dictionary/dictionary.routes.js';
import { auditLogRoutes } from './modules/auditLog/auditLog.routes.js';
import { jobRoutes } from './modules/jobs/job.routes.js';
import { customerRoutes } from './modules/customers/customer.routes.js';
import { poolRoutes } from './modules/pool/pool.routes.js';
import { regionRoutes } from './modules/regions/region.routes.js';
import { handoverRoutes } from './modules/handover/handover.routes.js';
import { importRoutes } from './modules/imports/import.routes.js';
import { gradingRoutes } from './modules/grading/grading.routes.js';
import { changeRequestRoutes } from './modules/changeRequests/changeRequest.routes.js';
import { savedFilterRoutes } from './modules/customers/savedFilter.routes.js';
import { privacyRoutes } from './modules/customers/privacy.js';
import { ticketRoutes } from './modules/tickets/ticket.routes.js';
import { slaRoutes } from './modules/tickets/sla.routes.js';
import { workCalendarRoutes } from './modules/workCalendar/workCalendar.routes.js';
import { startTickets } from './modules/tickets/ticket.startup.js';
import { visitRoutes } from './modules/visits/visit.routes.js';
import { planRoutes } from './modules/plans/plan.routes.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { NotificationWorker } from './modules/notifications/delivery.js';
// Event types, scope resolvers and digest sections each module contributes (registry.ts).
import './modules/customers/customer.notifications.js';
import './modules/visits/visit.notifications.js';
import './modules/plans/plan.notifications.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const appVersion: string = JSON.parse(fs.readFileSync(path.join(here, '../package.json'), 'utf8')).version;

export type BuiltApp = { app: FastifyInstance; ctx: AppContext; runner: JobRunner; notifier: NotificationWorker };

export const buildApp = async (opts: { config: Config; clock: Clock; handle: DbHandle; jobs?: JobDefinition[] }): Promise<BuiltApp> => {
  const { config, clock, handle } = opts;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // Request logs carry the method and the route pattern only: no query strings (they hold
            // searched names and phones), bodies, cookies or tokens.
            serializers: {
              req: (req: { method: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched' }),
            },
          },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    // A path that does not percent-decode (`/api/v1/customers/%E0%A4%A`) or other router-level
    // refusal answers in the one error shape too.
    frameworkErrors: (err, req, reply) => {
      req.locale = negotiateLocale(req.headers['accept-language']);
      void sendError(req, reply, err);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Set before any plugin registers: plugins (the API viewer under /api/docs included) take the
  // error handler in force when they register, and every answer under /api/ has the one shape.
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err as Error));

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx: AppContext = {
    // Inside a transaction (db/transaction.ts) every `ctx.db` is that transaction.
    get db() {
      return (ambientTx() as Db | undefined) ?? handle.db;
    },
    dbKind: handle.kind,
    config,
    clock,
    log: app.log,
    version: appVersion,
  };
  const runner = new JobRunner(ctx, opts.jobs ?? allJobs, { tasks: allTasks });
  const notifier = new NotificationWorker(ctx);
  app.addHook('onClose', async () => notifier.stop());

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.cookieSecure === 'always',
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => {
      const err = new AppError('rate_limited') as AppError & { statusCode: number };
      err.statusCode = 429;
      return err;
    },
  });
  // Seen before any route registers: the error responses and upload bodies of each route.
  const document = apiDocument();
  app.addHook('onRoute', document.onRoute);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Liaison API 客户经理工作台',
        version: appVersion,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description: 'Conventions: docs/API.md. Sign in with a session cookie (+ X-CSRF-Token on unsafe methods) or `Authorization: Bearer lia_…`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'liaison_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: document.transformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAuthHook(app, ctx);
  registerTextRules(app);
  registerApiCompression(app);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: ZHealth } } },
    async () => {
      await handle.db.selectFrom('setting').select('key').limit(1).execute();
      return { status: 'ok' as const, db: handle.kind, version: appVersion };
    },
  );

  await app.register(authRoutes(ctx));
  await app.register(orgUnitRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(roleRoutes(ctx));
  await app.register(dictionaryRoutes(ctx));
  await app.register(auditLogRoutes(ctx));
  await app.register(jobRoutes(ctx, runner));
  await app.register(customerRoutes(ctx));
  await app.register(poolRoutes(ctx));
  await app.register(regionRoutes);
  await app.register(handoverRoutes(ctx));
  await app.register(importRoutes(ctx, runner));
  await app.register(gradingRoutes(ctx, runner));
  await app.register(changeRequestRoutes(ctx));
  await app.register(savedFilterRoutes(ctx));
  await app.register(privacyRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  await app.register(slaRoutes(ctx));
  await app.register(workCalendarRoutes(ctx));
  await startTickets(ctx);
  await app.register(visitRoutes(ctx, runner));
  await app.register(planRoutes(ctx));
  await app.register(notificationRoutes(ctx));

  const webDist = config.webDist ?? path.resolve(here, '../../web/dist');
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  // Files are registered at start (a deploy restarts the server); everything else falls through
  // to the not-found handler below, so unknown API routes stay 404 even for anonymous callers.
  // The build ships `.br` and `.gz` beside each file (vite.config.ts); they are served when the
  // browser accepts them. Hashed assets are immutable, the shell and service worker `no-cache`.
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => void reply.header('cache-control', staticCacheControl(path.relative(webDist, filePath))),
    });

  app.setNotFoundHandler((req, reply) => {
    // A missing asset is a 404 (a tab left open across a deploy must not get HTML as JS).
    const isAsset = /\.[a-z0-9]+$/i.test(req.url.split('?')[0]!);
    if (!req.url.startsWith('/api/') && req.method === 'GET' && hasWeb && !isAsset) {
      // The SPA owns every other path.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webDist);
    }
    return sendError(req, reply, new AppError('route_not_found'));
  });

  return { app, ctx, runner, notifier };
};
