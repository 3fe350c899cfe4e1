import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiErrorBody, ErrorCode, Locale } from '@liaison/shared';
import { errorCodes } from '@liaison/shared';
import { AppError, type FieldProblem } from '../errors.js';
import { errorMessage, fieldMessage, problemsFromZodIssue } from '../i18n.js';
import { isRetryable } from '../db/transaction.js';

export const errorBody = (locale: Locale, err: AppError): ApiErrorBody & { error: { detail?: Record<string, unknown> } } => ({
  error: {
    code: err.code,
    message: err.fields.length
      ? errorMessage(locale, err.code, err.params) +
        (locale === 'zh-CN' ? '：' : ': ') +
        err.fields.map((f) => fieldMessage(locale, f)).join(locale === 'zh-CN' ? '；' : '; ')
      : errorMessage(locale, err.code, err.params),
    fields: err.fields.map((f) => ({ path: f.path, message: fieldMessage(locale, f) })),
    ...(err.detail ? { detail: err.detail } : {}),
  },
});

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
};

/**
 * A database refusal that escaped the service's own checks is still the caller's problem or a
 * race, never a 500: a broken unique or foreign key is a 409, data the column cannot hold a 400,
 * a deadlock or serialization failure outside the transaction helper a 503.
 */
const fromDatabaseError = (err: Error): AppError | null => {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (isRetryable(err)) return new AppError('busy');
  if (code === '23505' || code === '23503' || code === '23P01' || /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY|FOREIGNKEY)$/.test(code)) return new AppError('conflict');
  if (/^22[0-9A-Z]{3}$/.test(code)) return new AppError('bad_request');
  return null;
};

/** Maps anything thrown in a request to the one error shape; only the unexpected is a 500. */
export const toAppError = (err: FastifyError | Error): AppError => {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const problems: FieldProblem[] = err.validation.flatMap((v) => problemsFromZodIssue(v as never));
    return new AppError('validation_failed', problems);
  }
  const db = fromDatabaseError(err);
  if (db) return db;
  const fe = err as FastifyError;
  if (fe.code && fastifyCodes[fe.code]) return new AppError(fastifyCodes[fe.code]!);
  if (err instanceof SyntaxError && fe.statusCode === 400) return new AppError('bad_json');
  if (fe.statusCode === 429) return new AppError('rate_limited');
  if (fe.statusCode === 413) return new AppError('payload_too_large');
  if (fe.statusCode === 415) return new AppError('unsupported_media_type');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError('bad_request');
  return new AppError('internal_error');
};

export const sendError = (req: FastifyRequest, reply: FastifyReply, err: FastifyError | Error) => {
  const appError = toAppError(err);
  if (appError.code === 'internal_error') req.log.error({ err }, 'unhandled error');
  else if (appError !== err && (err as { code?: unknown }).code && !(err as FastifyError).statusCode) req.log.warn({ code: (err as { code?: unknown }).code }, 'database refused a write the service did not check');
  if (appError.code === 'rate_limited') reply.header('retry-after', '60');
  return reply.status(errorCodes[appError.code]).send(errorBody(req.locale, appError));
};
