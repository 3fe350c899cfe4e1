import type { ApiFieldError } from '@liaison/shared';

export type PlacedFieldError = { name: (string | number)[]; errors: string[] };

/** `grants.3.dataScope` → ['grants', 3, 'dataScope'], the antd name path. */
export const toNamePath = (path: string): (string | number)[] =>
  path.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * Splits API field errors into those a form can show on a field it renders and the rest.
 * Messages for the same field are joined so none is lost.
 */
export const fieldErrorsFor = (
  fields: ApiFieldError[],
  rendered: string[],
): { placed: PlacedFieldError[]; rest: ApiFieldError[] } => {
  const known = new Set(rendered);
  const byPath = new Map<string, PlacedFieldError>();
  const rest: ApiFieldError[] = [];
  for (const f of fields) {
    const name = toNamePath(f.path);
    if (!name.length || !known.has(String(name[0]))) {
      rest.push(f);
      continue;
    }
    const entry = byPath.get(f.path) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byPath.set(f.path, entry);
  }
  return { placed: [...byPath.values()], rest };
};
