/**
 * One rule for every piece of text Liaison accepts — JSON bodies, query strings, path
 * parameters, form fields: no NUL (PostgreSQL text cannot hold it, SQLite would store it) and no
 * lone UTF-16 surrogate (it cannot be encoded as UTF-8, so it would come back silently replaced
 * by U+FFFD). Such text is refused naming the field, never altered. Invalid UTF-8 bytes in a body
 * are refused before this, by the server's body parser (`bad_json`).
 */
export type TextProblemKey = 'nul_char' | 'lone_surrogate';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const textProblem = (s: string): TextProblemKey | null => {
  if (s.includes('\u0000')) return 'nul_char';
  if (LONE_SURROGATE.test(s)) return 'lone_surrogate';
  return null;
};

export const isWellFormedText = (s: string): boolean => textProblem(s) === null;

/**
 * Every string (and object key) in a parsed value that breaks the rule, with its dotted path
 * (`contacts.0.name`); at most `limit` of them.
 */
export const findTextProblems = (value: unknown, prefix = '', limit = 20): { path: string; key: TextProblemKey }[] => {
  const out: { path: string; key: TextProblemKey }[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= limit || depth > 64) return;
    if (typeof v === 'string') {
      const key = textProblem(v);
      if (key) out.push({ path, key });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i), depth + 1));
      return;
    }
    if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      for (const [k, item] of Object.entries(v)) {
        const keyProblem = textProblem(k);
        const child = path ? `${path}.${k}` : k;
        if (keyProblem) out.push({ path: path || 'body', key: keyProblem });
        else walk(item, child, depth + 1);
        if (out.length >= limit) return;
      }
    }
  };
  walk(value, prefix, 0);
  return out;
};
