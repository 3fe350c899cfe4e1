import type { ApiErrorBody, ApiFieldError } from '@liaison/shared';

/** Everything the API refuses arrives as one of these; `code` is stable, `message` is translated. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: ApiFieldError[];
  /** Machine-readable extras some errors carry (e.g. where a duplicate customer lives). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, fields: ApiFieldError[] = [], detail?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.detail = detail;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
let language = 'zh-CN';
let networkErrorMessage = 'Network error';

/** The session's CSRF token, taken from login or GET /me; sent on every unsafe request. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
/** Sent as Accept-Language so errors before sign-in come back in the language on screen. */
export const setApiLanguage = (lang: string, networkMessage: string) => {
  language = lang;
  networkErrorMessage = networkMessage;
};

export const toQueryString = (query?: Query): string => {
  if (!query) return '';
  const params = new URLSearchParams();
  // Empty values are left out, except `cursor=`: empty, it asks for the first page in the keyset form (with `nextCursor`).
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && (v !== '' || k === 'cursor')) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
};

/** The address of an API resource; also what plain links (downloads) point at — the browser sends the cookie. */
export const apiUrl = (path: string, query?: Query): string => `/api/v1${path}${toQueryString(query)}`;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const request = async <T>(method: string, path: string, opts: { query?: Query; body?: unknown; form?: FormData; headers?: Record<string, string> } = {}): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...opts.headers };
  // A multipart body sets its own Content-Type with the boundary.
  if (opts.body !== undefined && !opts.form) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    throw new ApiError(0, 'network_error', networkErrorMessage);
  }
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : null;
  if (!res.ok) {
    const err = (data as { error?: Partial<ApiErrorBody['error']> & { detail?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'internal_error', err?.message ?? res.statusText, err?.fields ?? [], err?.detail);
  }
  return data as T;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** A multipart upload (one file under `field`), with the CSRF header like any other write. */
  upload: <T>(path: string, file: Blob, opts: { field?: string; fileName?: string; query?: Query; headers?: Record<string, string> } = {}) => {
    const form = new FormData();
    form.append(opts.field ?? 'file', file, opts.fileName ?? (file instanceof File ? file.name : 'upload'));
    return request<T>('POST', path, { form, query: opts.query, body: null, headers: opts.headers });
  },
};

export type ListPage<T> = { data: T[]; count: number; countCapped?: boolean; page: number; perPage: number; totalPages: number };
export type ListParams = { page?: number; perPage?: number; sort?: string; q?: string };
export type Query = Record<string, string | number | boolean | null | undefined>;
