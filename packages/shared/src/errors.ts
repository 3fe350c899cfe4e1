/** Stable error codes: clients switch on these, never on messages. */
export const errorCodes = {
  validation_failed: 400,
  bad_json: 400,
  bad_request: 400,
  authentication_required: 401,
  invalid_credentials: 401,
  session_expired: 401,
  permission_denied: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  version_conflict: 409,
  conflict: 409,
  duplicate_customer: 409,
  possible_duplicate: 409,
  limit_reached: 409,
  invalid_state: 409,
  idempotency_mismatch: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  busy: 503,
  internal_error: 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export type ApiFieldError = { path: string; message: string };
export type ApiErrorBody = { error: { code: ErrorCode; message: string; fields: ApiFieldError[] } };
