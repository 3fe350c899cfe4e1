import { interpolate, messages, type ErrorCode, type Locale } from '@liaison/shared';
import type { FieldProblem } from './errors.js';

export const errorMessage = (locale: Locale, code: ErrorCode, params?: Record<string, unknown>): string =>
  interpolate(messages[locale].errors[code], params);

export const fieldLabel = (locale: Locale, path: string): string => {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  return messages[locale].fields[last] ?? path;
};

export const fieldMessage = (locale: Locale, problem: FieldProblem): string => {
  const template = messages[locale].validation[problem.key] ?? messages[locale].validation.invalid_format!;
  const text = interpolate(template, problem.params);
  // A problem with the request as a whole (a limit, a state) names no field.
  if (!problem.path) return text.charAt(0).toUpperCase() + text.slice(1);
  const label = fieldLabel(locale, problem.path);
  return locale === 'zh-CN' ? `${label}${text}` : `${label} ${text}`;
};

type ZodIssueLike = {
  code: string;
  path?: PropertyKey[];
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
  [k: string]: unknown;
};

/** Turns a Zod issue (as fastify-type-provider-zod or safeParse reports it) into field problems. */
export const problemsFromZodIssue = (issue: ZodIssueLike, prefix = ''): FieldProblem[] => {
  const p = { ...(issue.params ?? {}), ...issue } as Record<string, any>;
  const code = (issue.keyword ?? issue.code) as string;
  const rawPath = issue.path
    ? issue.path.map(String)
    : (issue.instancePath ?? '').split('/').filter(Boolean);
  const path = [prefix, ...rawPath].filter(Boolean).join('.');
  switch (code) {
    case 'invalid_type':
      // Zod does not report the input; its message says whether the value was missing.
      if (/received undefined/.test(String(issue.message ?? p.message)))
        return [{ path, key: 'required' }];
      return [{ path, key: 'invalid_type', params: { expected: p.expected } }];
    case 'too_small': {
      if (p.origin === 'string' && Number(p.minimum) === 1) return [{ path, key: 'required' }];
      const kind = p.origin === 'string' ? 'string' : p.origin === 'array' || p.origin === 'set' ? 'array' : 'number';
      return [{ path, key: `too_small_${kind}`, params: { minimum: p.minimum } }];
    }
    case 'too_big': {
      const kind = p.origin === 'string' ? 'string' : p.origin === 'array' || p.origin === 'set' ? 'array' : 'number';
      return [{ path, key: `too_big_${kind}`, params: { maximum: p.maximum } }];
    }
    case 'unrecognized_keys':
      return ((p.keys as string[]) ?? []).map((k) => ({ path: [path, k].filter(Boolean).join('.'), key: 'unrecognized_key' }));
    case 'invalid_value':
      return [{ path, key: 'invalid_value', params: { values: ((p.values as unknown[]) ?? []).join(' / ') } }];
    case 'invalid_format':
    case 'invalid_string':
      return [{ path, key: 'invalid_format' }];
    case 'custom': {
      // Our refinements carry `params: { key }`; fastify-type-provider-zod nests the issue once more.
      const own = (p.params?.params ?? p.params ?? {}) as Record<string, unknown>;
      return [{ path, key: (own.key as string) ?? 'invalid_format', params: own }];
    }
    default:
      if (code === 'not_multiple_of') return [{ path, key: 'not_integer' }];
      return [{ path, key: 'invalid_format' }];
  }
};
