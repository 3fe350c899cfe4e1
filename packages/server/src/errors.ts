import { errorCodes, type ErrorCode } from '@liaison/shared';

/** A field problem, named by its path; `key` is a validation message key, `params` fill it. */
export type FieldProblem = { path: string; key: string; params?: Record<string, unknown> };

/** The one error type services throw; the error handler turns it into the API's error shape. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields: FieldProblem[] = [],
    readonly params: Record<string, unknown> = {},
    /** Extra machine-readable detail for the client (e.g. where a duplicate lives). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(code);
    this.status = errorCodes[code];
  }
}

export const notFound = (): AppError => new AppError('not_found');
export const forbidden = (): AppError => new AppError('permission_denied');
export const versionConflict = (): AppError => new AppError('version_conflict');
export const invalid = (path: string, key: string, params?: Record<string, unknown>): AppError =>
  new AppError('validation_failed', [{ path, key, params }]);
