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
  };
};
