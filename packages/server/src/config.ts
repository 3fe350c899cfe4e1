import path from 'node:path';
import { z } from 'zod';
import { industryTemplates } from './modules/dictionary/dictionary.templates.js';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  LIAISON_DEMO: z.enum(['0', '1']).optional(),
  LIAISON_INDUSTRY: z.enum(industryTemplates as unknown as ['bank', 'telecom', 'tobacco', 'generic']).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS: z.enum(['on', 'off']).default('on'),
  WEB_DIST: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  LIAISON_SECRET_KEY: z.string().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  NOTIFY_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  NOTIFY_HTTP_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
  ROBOT_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  ROBOT_ALLOW_LOCAL: z.enum(['0', '1']).default('0'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Seed the demo organisation into an empty database. */
  demo: boolean;
  industry: 'bank' | 'telecom' | 'tobacco' | 'generic';
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginRateLimitPerMinute: number;
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  logLevel: string;
  jobs: boolean;
  webDist: string | undefined;
  /** Where users open Liaison; links in emails and robot messages point here. */
  publicUrl: string;
  /** Key for secrets at rest (robot addresses, signing secrets, SMTP password); see decision 053. */
  secretKey: string | undefined;
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
  notifyPollMs: number;
  notifyHttpTimeoutMs: number;
  robotRatePerMinute: number;
  /** Tests only: robots may point at http://127.0.0.1 / localhost. */
  robotAllowLocal: boolean;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const usesPostgres = Boolean(e.DATABASE_URL);
  return {
    port: e.PORT,
    host: e.HOST,
    // Relative to where the user ran npm (npm runs workspace scripts inside packages/server).
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.LIAISON_DEMO ? e.LIAISON_DEMO === '1' : !usesPostgres,
    industry: e.LIAISON_INDUSTRY ?? (usesPostgres ? 'generic' : 'tobacco'),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY === '1',
    logLevel: e.LOG_LEVEL,
    jobs: e.JOBS === 'on',
    webDist: e.WEB_DIST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    secretKey: e.LIAISON_SECRET_KEY || undefined,
    smtpUrl: e.SMTP_URL || undefined,
    smtpFrom: e.SMTP_FROM || undefined,
    notifyPollMs: Math.round(e.NOTIFY_POLL_SECONDS * 1000),
    notifyHttpTimeoutMs: e.NOTIFY_HTTP_TIMEOUT_MS,
    robotRatePerMinute: e.ROBOT_RATE_PER_MINUTE,
    robotAllowLocal: e.ROBOT_ALLOW_LOCAL === '1',
  };
};
