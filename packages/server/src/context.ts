import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { Db } from './db/schema.js';
import type { DbKind } from './db/database.js';

/** What every service needs from the running app; built once in app.ts. */
export type AppContext = {
  db: Db;
  dbKind: DbKind;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  version: string;
};

/** Request metadata that services record (audit) but never trust for authorisation. */
export type RequestMeta = { ip: string | null; userAgent: string | null };
