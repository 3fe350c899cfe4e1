import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { TListQuery } from '@liaison/shared';
import { AppError } from '../errors.js';

export type SortSpec = { column: string; desc: boolean };

/** Sortable API names mapped to columns; anything else in `?sort=` is a 400 naming the field. */
export const parseSort = (sort: string | undefined, allowed: Record<string, string>, fallback: string): SortSpec[] => {
  const parts = (sort || fallback).split(',').map((s) => s.trim()).filter(Boolean);
  return parts.map((p) => {
    const desc = p.startsWith('-');
    const name = desc ? p.slice(1) : p;
    const column = allowed[name];
    if (!column) throw new AppError('validation_failed', [{ path: 'sort', key: 'invalid_sort' }]);
    return { column, desc };
  });
};

/**
 * `countCapped`: the list holds more than `count` rows and counting further was not worth a scan
 * (docs/decisions/071-capped-counts.md); the web shows "10,000+".
 */
export type ListPage<T> = { data: T[]; count: number; countCapped?: boolean; page: number; perPage: number; totalPages: number; nextCursor?: string | null };

/** Lists over tables that grow with the organisation count at most this many rows. */
export const COUNT_CAP = 10_000;

const encodeCursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');
const decodeCursor = (cursor: string, length: number): unknown[] => {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'string' || typeof x === 'number' || x === null)) return v;
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', [{ path: 'cursor', key: 'invalid_cursor' }]);
};

/**
 * Runs a list query the API's way. `base` holds joins and filters only; `select` adds the
 * columns. Offset pages give `{data,count,page,perPage,totalPages}`; with `cursor` (or
 * `cursor=` empty to start) the keyset form skips counting and paging by offset, for deep lists.
 * The id column is always the last sort key, so order is total and cursors are stable.
 */
export const paginate = async <Row extends Record<string, unknown>>(opts: {
  query: TListQuery;
  base: SelectQueryBuilder<any, any, any>;
  select: (qb: SelectQueryBuilder<any, any, any>) => SelectQueryBuilder<any, any, Row>;
  sortable: Record<string, string>;
  defaultSort: string;
  idColumn: string;
  /** Name of the selected property that holds each sort column's value, for cursors. */
  sortValue?: (row: Row, column: string) => unknown;
  /** Count at most this many rows (then `countCapped`), so a wide scope never costs a full count. */
  countCap?: { rows: number; db: Kysely<any> | Transaction<any> };
  /** The count when the caller already knows it (a wide scope known to be over the cap): no count query. */
  knownCount?: { count: number; capped: boolean };
}): Promise<ListPage<Row>> => {
  const perPage = opts.query.perPage ?? 20;
  const sorts = [...parseSort(opts.query.sort, opts.sortable, opts.defaultSort)];
  if (!sorts.some((s) => s.column === opts.idColumn)) sorts.push({ column: opts.idColumn, desc: sorts[0]?.desc ?? false });
  const ordered = (qb: SelectQueryBuilder<any, any, any>) =>
    sorts.reduce((q, s) => q.orderBy(s.column, s.desc ? 'desc' : 'asc'), qb);

  if (opts.query.cursor !== undefined) {
    let qb = opts.base;
    if (opts.query.cursor !== '') {
      const values = decodeCursor(opts.query.cursor, sorts.length);
      // Keyset condition for mixed directions: (a > x) or (a = x and b > y) or …
      qb = qb.where((eb) =>
        eb.or(
          sorts.map((s, i) =>
            eb.and([
              ...sorts.slice(0, i).map((p, j) => eb(p.column as any, values[j] === null ? 'is' : '=', values[j] as any)),
              eb(s.column as any, s.desc ? '<' : '>', values[i] as any),
            ]),
          ),
        ),
      );
    }
    const rows = (await ordered(opts.select(qb)).limit(perPage + 1).execute()) as Row[];
    const data = rows.slice(0, perPage);
    const last = data[data.length - 1];
    const valueOf = opts.sortValue ?? ((row: Row, column: string) => row[column.split('.').pop()!.replace(/ as .*/, '')]);
    return {
      data,
      count: data.length,
      page: 1,
      perPage,
      totalPages: rows.length > perPage ? 2 : 1,
      nextCursor: rows.length > perPage && last ? encodeCursor(sorts.map((s) => (valueOf(last, s.column) ?? null) as unknown)) : null,
    };
  }

  const page = opts.query.page ?? 1;
  const cap = opts.countCap?.rows;
  const countQuery =
    cap === undefined
      ? opts.base.select((eb) => eb.fn.countAll<number>().as('count'))
      : // Counts the first cap + 1 rows the scope's index yields, never the whole scope.
        opts.countCap!.db
          .selectFrom(opts.base.select(sql<number>`1`.as('one')).limit(cap + 1).as('capped'))
          .select((eb) => eb.fn.countAll<number>().as('count'));
  const known = opts.knownCount;
  const countRow = known ? undefined : await countQuery.executeTakeFirst();
  const counted = Number((countRow as { count?: unknown } | undefined)?.count ?? 0);
  const capped = known ? known.capped : cap !== undefined && counted > cap;
  const count = known ? known.count : capped ? cap! : counted;
  const data = (await ordered(opts.select(opts.base)).limit(perPage).offset((page - 1) * perPage).execute()) as Row[];
  return { data, count, ...(capped ? { countCapped: true } : {}), page, perPage, totalPages: Math.max(1, Math.ceil(count / perPage)) };
};
