import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';

/**
 * Secrets at rest (robot webhook addresses and signing secrets, the SMTP password): AES-256-GCM
 * with a key from `LIAISON_SECRET_KEY` (32 bytes as 64 hex characters or base64). Without it:
 * on SQLite (the demo and development) a random key is made once in DATA_DIR/secret.key (mode
 * 0600) so the demo can show robots; on PostgreSQL (production) saving a secret is refused with
 * 409 `secret_key_missing` — a key beside a shared database would protect nothing. Decision 053.
 */
const PREFIX = 'v1';

const parseKey = (raw: string): Buffer => {
  const s = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  const b = Buffer.from(s, 'base64');
  if (b.length === 32) return b;
  throw new Error('LIAISON_SECRET_KEY must be 32 bytes: 64 hex characters or base64');
};

const cache = new WeakMap<object, Buffer | null>();

/** The key for this app, or null when none is configured (PostgreSQL without LIAISON_SECRET_KEY). */
export const secretKey = (ctx: Pick<AppContext, 'config' | 'dbKind'>): Buffer | null => {
  if (cache.has(ctx.config)) return cache.get(ctx.config)!;
  let key: Buffer | null = null;
  if (ctx.config.secretKey) key = parseKey(ctx.config.secretKey);
  else if (ctx.dbKind === 'sqlite') {
    const file = path.join(ctx.config.dataDir, 'secret.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(ctx.config.dataDir, { recursive: true });
      // 'wx': two processes starting at once never overwrite each other's key.
      try {
        fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    key = parseKey(fs.readFileSync(file, 'utf8'));
  }
  cache.set(ctx.config, key);
  return key;
};

const requireKey = (ctx: Pick<AppContext, 'config' | 'dbKind'>): Buffer => {
  const key = secretKey(ctx);
  if (!key) throw new AppError('secret_key_missing');
  return key;
};

export const encryptSecret = (ctx: Pick<AppContext, 'config' | 'dbKind'>, plain: string): string => {
  const key = requireKey(ctx);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
};

export const decryptSecret = (ctx: Pick<AppContext, 'config' | 'dbKind'>, stored: string): string => {
  const key = requireKey(ctx);
  const [prefix, iv, tag, data] = stored.split(':');
  if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error('not an encrypted secret');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
};
