import type { FastifyInstance } from 'fastify';
import { findTextProblems } from '@liaison/shared';
import { AppError, type FieldProblem } from '../errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The request side of the text rule (packages/shared/src/text/wellFormed.ts), for every route:
 * - a JSON body is decoded as strict UTF-8 (invalid bytes → 400 `bad_json`, not U+FFFD), then
 *   parsed by Fastify's own parser (prototype-poisoning protection included);
 * - a query string must percent-decode to UTF-8 (else 400 naming the parameter);
 * - path parameters, query values and every string in the body must hold no NUL and no lone
 *   surrogate (else 400 `validation_failed` naming the field) — checked before the route's schema,
 *   so no route can forget it and PostgreSQL never sees such text.
 */
export const registerTextRules = (app: FastifyInstance) => {
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError('bad_json'), undefined);
      return;
    }
    void defaultJson(req, text, done);
  });

  app.addHook('preValidation', async (req) => {
    const problems: FieldProblem[] = [];
    const rawQuery = req.raw.url?.split('?').slice(1).join('?') ?? '';
    if (rawQuery.includes('%')) {
      for (const pair of rawQuery.split('&')) {
        const [rawKey = '', ...rest] = pair.split('=');
        const rawValue = rest.join('=');
        let key = rawKey;
        try {
          key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
          decodeURIComponent(rawValue.replace(/\+/g, ' '));
        } catch {
          problems.push({ path: /^[\w.]+$/.test(key) ? key : 'query', key: 'invalid_encoding' });
        }
      }
    }
    problems.push(...findTextProblems(req.params ?? {}), ...findTextProblems(req.query ?? {}));
    if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) problems.push(...findTextProblems(req.body));
    else if (typeof req.body === 'string') problems.push(...findTextProblems(req.body, 'body'));
    if (problems.length) throw new AppError('validation_failed', problems);
  });
};
