import { z } from 'zod';
import { errorCodes } from '../errors.js';

/** Trims and turns full-width ASCII (Ｕ, ９,　) into half-width before validating. */
export const toHalfWidth = (s: string): string =>
  s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

export const ZText = (max = 200) => z.string().transform((s) => toHalfWidth(s).trim()).pipe(z.string().max(max));
export const ZRequiredText = (max = 200) =>
  z.string().transform((s) => toHalfWidth(s).trim()).pipe(z.string().min(1).max(max));

export const ZId = z.string().min(1).max(64);
export const ZVersion = z.number().int().min(1);
export const ZIsoTime = z.string();

export const ZListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
  sort: z.string().max(100).optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
});
export type TListQuery = z.infer<typeof ZListQuery>;

export const ZListOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    count: z.number().int(),
    /** More rows than `count` match; counting stopped there (lists over large tables). */
    countCapped: z.boolean().optional(),
    page: z.number().int(),
    perPage: z.number().int(),
    totalPages: z.number().int(),
    nextCursor: z.string().nullable().optional(),
  });

export const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

export const ZOk = z.object({ ok: z.literal(true) });

/**
 * Headers of a create that accepts `Idempotency-Key` (docs/API.md): 8–200 visible ASCII
 * characters, e.g. a UUID the client made when the user pressed save.
 */
export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .refine((k) => /^[\x21-\x7e]{8,200}$/.test(k), { params: { key: 'invalid_idempotency_key' } })
    .optional()
    .describe('Repeat the same key to retry safely; the first answer is returned again'),
});
