import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type { TSmtpSettings } from '@liaison/shared';
import type { AppContext } from '../../../context.js';
import type { Tx } from '../../../db/schema.js';
import { toIso } from '../../../db/dialect.js';
import { decryptSecret, encryptSecret } from '../../../security/secrets.js';
import type { EmailContent } from '../render.js';

/**
 * SMTP settings: `SMTP_URL` (+ `SMTP_FROM`) in the environment wins and the admin page shows it
 * read-only; otherwise what an admin saved (password encrypted at rest); otherwise none, and no
 * email deliveries are made (in-app and robots still work).
 */
type Stored = { host: string; port: number; secure: boolean; user: string | null; passwordEnc: string | null; from: string };
const KEY = 'notification.smtp';

export type SmtpConfig = { source: 'env' | 'admin'; transport: string | Record<string, unknown>; from: string; describe: TSmtpSettings };

const readStored = async (tx: Tx): Promise<Stored | null> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as Stored) : null;
};

export const smtpConfig = async (ctx: AppContext, tx: Tx = ctx.db): Promise<SmtpConfig | null> => {
  if (ctx.config.smtpUrl) {
    const u = new URL(ctx.config.smtpUrl);
    const from = ctx.config.smtpFrom ?? `Liaison <noreply@${u.hostname}>`;
    return {
      source: 'env',
      transport: ctx.config.smtpUrl,
      from,
      describe: { source: 'env', smtpHost: u.hostname, smtpPort: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587), smtpSecure: u.protocol === 'smtps:', smtpUser: u.username ? decodeURIComponent(u.username) : null, hasPassword: Boolean(u.password), smtpFrom: from },
    };
  }
  const s = await readStored(tx);
  if (!s) return null;
  return {
    source: 'admin',
    transport: { host: s.host, port: s.port, secure: s.secure, ...(s.user ? { auth: { user: s.user, pass: s.passwordEnc ? decryptSecret(ctx, s.passwordEnc) : '' } } : {}) },
    from: s.from,
    describe: { source: 'admin', smtpHost: s.host, smtpPort: s.port, smtpSecure: s.secure, smtpUser: s.user, hasPassword: Boolean(s.passwordEnc), smtpFrom: s.from },
  };
};

export const describeSmtp = async (ctx: AppContext): Promise<TSmtpSettings> =>
  (await smtpConfig(ctx))?.describe ?? { source: 'none', smtpHost: null, smtpPort: null, smtpSecure: false, smtpUser: null, hasPassword: false, smtpFrom: null };

export const saveSmtp = async (
  ctx: AppContext,
  tx: Tx,
  at: Date,
  input: { smtpHost: string; smtpPort: number; smtpSecure: boolean; smtpUser?: string | null; smtpPassword?: string | null; smtpFrom: string },
) => {
  const before = await readStored(tx);
  const passwordEnc = input.smtpPassword === undefined ? (before?.passwordEnc ?? null) : input.smtpPassword ? encryptSecret(ctx, input.smtpPassword) : null;
  const value: Stored = { host: input.smtpHost, port: input.smtpPort, secure: input.smtpSecure, user: input.smtpUser || null, passwordEnc, from: input.smtpFrom };
  await tx
    .insertInto('setting')
    .values({ key: KEY, value: JSON.stringify(value), updatedAt: toIso(at) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: toIso(at) }))
    .execute();
};

const transports = new Map<string, Transporter>();
const transportFor = (cfg: SmtpConfig, timeoutMs: number): Transporter => {
  const key = JSON.stringify(cfg.transport) + timeoutMs;
  let t = transports.get(key);
  if (!t) {
    const base = typeof cfg.transport === 'string' ? nodemailer.createTransport(cfg.transport) : null;
    t =
      base ??
      nodemailer.createTransport({ ...(cfg.transport as object), connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs * 3 } as TransportOptions);
    transports.set(key, t);
  }
  return t;
};

/**
 * Sends one message. The delivery id is the Message-ID on every attempt: the idempotency key a
 * receiving system (or a mail archive) can use to drop the duplicate a crash between send and
 * mark may cause.
 */
export const sendEmail = async (ctx: AppContext, cfg: SmtpConfig, to: string, content: EmailContent, deliveryId: string): Promise<void> => {
  const host = new URL(ctx.config.publicUrl).hostname || 'liaison.local';
  await transportFor(cfg, ctx.config.notifyHttpTimeoutMs).sendMail({
    from: cfg.from,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: `<${deliveryId}@${host}>`,
    headers: { 'X-Liaison-Delivery': deliveryId },
    textEncoding: 'base64',
  });
};
