import type { RouteOptions } from 'fastify';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorCodes, type ErrorCode } from '@liaison/shared';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route reads one uploaded file from a `multipart/form-data` body (field `file`); the
     * document describes that body. `spreadsheet`: .xlsx or .csv; `image`: JPEG, PNG or WebP.
     */
    upload?: 'spreadsheet' | 'image';
    /** Error statuses this route answers beyond those its shape implies (e.g. 423 on sign-in). */
    answers?: number[];
  }
}

type Op = {
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
};
type Doc = { paths?: Record<string, Record<string, Op>>; components?: Record<string, Record<string, unknown>> };
type RouteFacts = { public: boolean; rateLimited: boolean; upload?: 'spreadsheet' | 'image'; answers: number[] };

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

const codesByStatus = (): Map<number, ErrorCode[]> => {
  const out = new Map<number, ErrorCode[]>();
  for (const [code, status] of Object.entries(errorCodes) as [ErrorCode, number][]) if (status !== 500) out.set(status, [...(out.get(status) ?? []), code]);
  return out;
};

const titles: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (`fields` names it)',
  401: 'Not signed in, the session expired, or the bearer token is not valid',
  403: 'Lacking the permission, or the CSRF header is missing or wrong',
  404: 'No such record, or the record is outside the caller’s data scope',
  409: 'The record changed since it was read (stale `version`), or the action is not possible in its state',
  413: 'The body or the uploaded file is too large',
  415: 'The body is not of a type the route accepts',
  423: 'The account is locked after repeated failed sign-ins',
  429: 'Too many requests; retry after the `Retry-After` header',
  503: 'The database kept refusing the transaction after retries; nothing was written, retry later',
};

/** Which error statuses a route can answer, from what it takes and who may call it (docs/decisions/022). */
export const errorStatusesFor = (method: string, path: string, op: Op, facts: RouteFacts): number[] => {
  const out = new Set<number>([
    // Every route checks its query string and path for text it cannot hold (http/text.ts).
    400,
    // A bearer token that is not valid is refused on every route, public ones included.
    401,
    ...facts.answers,
  ]);
  const unsafe = UNSAFE.has(method);
  if (!facts.public) out.add(403);
  const namesRecord = (name: string) => name === 'id' || /Ids?$/.test(name);
  const bodyProps = Object.keys(
    ((op.requestBody?.content?.['application/json']?.schema ?? {}) as { properties?: Record<string, unknown> }).properties ?? {},
  );
  // A path names a record (public ones too: a calendar feed's token); a request that names
  // records in its query or body may name one outside the caller's scope.
  if (path.includes('{') || (!facts.public && ((op.parameters ?? []).some((p) => namesRecord(p.name)) || bodyProps.some(namesRecord)))) out.add(404);
  if (!facts.public && unsafe) out.add(409);
  if (unsafe || facts.upload) {
    out.add(413);
    out.add(415);
    // Writes run in a transaction that may exhaust its retries (db/transaction.ts).
    out.add(503);
  }
  if (facts.rateLimited) out.add(429);
  return [...out].sort((a, b) => a - b);
};

const uploadBody = (kind: 'spreadsheet' | 'image') => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        additionalProperties: false,
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            contentMediaType: 'application/octet-stream',
            description: kind === 'spreadsheet' ? 'The spreadsheet: .xlsx, or .csv in UTF-8 or GBK' : 'The photo: JPEG, PNG or WebP; re-encoded without metadata',
          },
        },
      },
      encoding: {
        file: {
          contentType:
            kind === 'spreadsheet'
              ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/csv'
              : 'image/jpeg, image/png, image/webp',
        },
      },
    },
  },
});

const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The one place that completes the OpenAPI document beyond what the Zod schemas say: the error
 * responses each route can answer (all in the one error shape, `ApiError`), the multipart bodies
 * of uploads, and the named schemas of the Zod registry (recursive ones, e.g. `RegionNode`, must
 * carry an id: an anonymous cycle would be referenced but never emitted).
 */
export const apiDocument = () => {
  const routes = new Map<string, RouteFacts>();
  const onRoute = (route: RouteOptions) => {
    const config = (route.config ?? {}) as { public?: boolean; rateLimit?: unknown; upload?: 'spreadsheet' | 'image'; answers?: number[] };
    const facts: RouteFacts = { public: config.public === true, rateLimited: Boolean(config.rateLimit), upload: config.upload, answers: config.answers ?? [] };
    for (const m of Array.isArray(route.method) ? route.method : [route.method]) routes.set(`${m.toLowerCase()} ${openapiPath(route.url)}`, facts);
  };

  const transformObject = (input: Parameters<typeof jsonSchemaTransformObject>[0]) => {
    const doc = jsonSchemaTransformObject(input) as Doc;
    const byStatus = codesByStatus();
    const used = new Set<number>();
    for (const [path, ops] of Object.entries(doc.paths ?? {}))
      for (const [method, op] of Object.entries(ops)) {
        const facts = routes.get(`${method} ${path}`);
        if (!facts) continue;
        if (facts.upload) op.requestBody = uploadBody(facts.upload);
        op.responses ??= {};
        for (const status of errorStatusesFor(method, path, op, facts)) {
          if (op.responses[status]) continue;
          op.responses[status] = { $ref: `#/components/responses/Error${status}` };
          used.add(status);
        }
      }
    const responses: Record<string, unknown> = {};
    for (const status of [...used].sort((a, b) => a - b))
      responses[`Error${status}`] = {
        description: `${titles[status] ?? 'Error'}. Codes: ${(byStatus.get(status) ?? []).map((c) => `\`${c}\``).join(', ')}.`,
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      };
    doc.components = {
      ...doc.components,
      schemas: { ...doc.components?.schemas, ApiError: apiErrorSchema() },
      responses: { ...doc.components?.responses, ...responses },
    };
    return doc;
  };

  return { onRoute, transformObject };
};

/** The one error shape (http/errors.ts `errorBody`). */
const apiErrorSchema = () => ({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'fields'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorCodes), description: 'Stable; switch on it, never on `message`' },
        message: { type: 'string', description: 'In the caller’s language' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string', description: 'The field (`grants.0.permission`); empty for the request as a whole' }, message: { type: 'string' } },
          },
        },
        detail: { type: 'object', additionalProperties: true, description: 'Machine-readable detail, e.g. `matches` of `duplicate_customer`' },
      },
    },
  },
});
