import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { isValidCreditCode, normalizeCode } from '@liaison/shared';
import type { DbKind } from '../../db/database.js';
import { likeEscape } from '../../db/dialect.js';

/**
 * The search box's query as index lookups (docs/decisions/070-indexed-search.md).
 *
 * The text is split on white space into terms, and every term must match (AND): "崔 食杂" finds
 * 崔辉子食杂店. A term matches a customer when it is a substring of the customer's search line
 * (name, short name, credit code, phone, contacts' names and mobiles; see migration 0012), or,
 * for latin letters, a prefix of the name's full pinyin or initials.
 * - Terms of three characters or more are answered by the trigram index (pg_trgm GIN on
 *   PostgreSQL, FTS5 trigram on SQLite) as a set of customer ids, united with the pinyin prefix
 *   ranges, which the b-tree indexes answer.
 * - A term that is a whole, valid credit code (18 characters, GB 32100 check digit) is looked up
 *   by the unique index on credit_code: its trigrams are digits and capitals shared by most
 *   codes, whose posting lists grow with the table (a province's search took twice a city's).
 *   Nothing else on a search line holds 18 such characters with a right check digit.
 * - Shorter terms cannot be served by trigrams. When the query has a long term too, the short
 *   ones only filter what the long one found. A query of short terms only is matched on the
 *   search line of each customer in the caller's scope, reached through the scope's own index:
 *   its cost follows the scope (a manager's 100–300 customers), not the table.
 */
export const MAX_TERMS = 8;

const chars = (s: string) => Array.from(s).length;

export type SearchTerm = { text: string; pinyin: boolean; indexed: boolean };

export const searchTerms = (q: string): SearchTerm[] => {
  const seen = new Set<string>();
  const terms: SearchTerm[] = [];
  for (const raw of q.split(/\s+/)) {
    // A phone written 138-1234-5678 is stored as digits.
    const text = (/^[\d-]+$/.test(raw) && /\d/.test(raw) ? raw.replace(/-/g, '') : raw).toLowerCase();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    terms.push({ text, pinyin: /^[a-z]+$/.test(text), indexed: chars(text) >= 3 });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
};

/** The next string after every string that starts with `prefix` (latin lower-case letters). */
const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

const pinyinPrefix = (eb: ExpressionBuilder<any, any>, dbKind: DbKind, column: string, prefix: string): Expression<SqlBool> =>
  dbKind === 'postgres'
    ? // Served by the text_pattern_ops indexes of migration 0012.
      sql<SqlBool>`${sql.ref(column)} like ${likeEscape(prefix) + '%'}`
    : // SQLite's LIKE is case-insensitive and so cannot use a BINARY index; a range can.
      eb.and([eb(column as any, '>=', prefix), eb(column as any, '<', prefixEnd(prefix))]);

/** Ids of customers whose search line contains `text` (three characters or more), from the trigram index. */
const trigramIds = (eb: ExpressionBuilder<any, any>, dbKind: DbKind, text: string) =>
  dbKind === 'postgres'
    ? eb.selectFrom('customerSearch as cs').select('cs.customerId as id').where(sql<SqlBool>`cs.body ilike ${'%' + likeEscape(text) + '%'}`)
    : eb
        .selectFrom('customerSearch as cs')
        .innerJoin(sql`customer_search_fts`.as('fts'), (j) => j.on(sql`fts.rowid`, '=', sql.ref('cs.id')))
        .select('cs.customerId as id')
        .where(sql<SqlBool>`customer_search_fts match ${'"' + text.replace(/"/g, '""') + '"'}`);

/**
 * The WHERE condition for `q` on a query over `customer` (already restricted to the caller's
 * scope by the caller), or null when `q` holds no term.
 */
export const customerSearch = (dbKind: DbKind, q: string) => {
  const terms = searchTerms(q);
  if (!terms.length) return null;
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [];
    const short = terms.filter((t) => !t.indexed);
    for (const t of terms.filter((t) => t.indexed)) {
      const code = normalizeCode(t.text);
      if (code.length === 18 && isValidCreditCode(code)) {
        conds.push(eb('customer.creditCode', '=', code));
        continue;
      }
      // One IN over a UNION, so each source is an index lookup and the planner can drive the
      // query from it (an OR of several IN lists would be evaluated row by row over the scope).
      let ids = trigramIds(eb, dbKind, t.text);
      if (t.pinyin)
        ids = ids
          .union(eb.selectFrom('customer as py').select('py.id').where((e) => pinyinPrefix(e, dbKind, 'py.nameInitials', t.text)))
          .union(eb.selectFrom('customer as py').select('py.id').where((e) => pinyinPrefix(e, dbKind, 'py.namePinyin', t.text))) as any;
      conds.push(eb('customer.id', 'in', ids));
    }
    for (const t of short) {
      const like = '%' + likeEscape(t.text) + '%';
      const onLine = eb.exists(
        eb
          .selectFrom('customerSearch as ss')
          .select(sql`1`.as('one'))
          .whereRef('ss.customerId', '=', 'customer.id')
          .where(dbKind === 'postgres' ? sql<SqlBool>`ss.body ilike ${like}` : sql<SqlBool>`ss.body like ${like} escape '\\'`),
      );
      conds.push(
        t.pinyin
          ? eb.or([onLine, pinyinPrefix(eb, dbKind, 'customer.nameInitials', t.text), pinyinPrefix(eb, dbKind, 'customer.namePinyin', t.text)])
          : onLine,
      );
    }
    return eb.and(conds);
  };
};
