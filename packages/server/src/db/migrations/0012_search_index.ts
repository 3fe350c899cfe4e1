import { sql, type Kysely } from 'kysely';

/**
 * Indexed substring search (docs/decisions/070-indexed-search.md).
 *
 * `customer_search` holds one line per customer with everything the search box matches as a
 * substring: name, short name, credit code, phone digits, and each contact's name and mobile
 * digits. Triggers on `customer` and `contact` keep it in step inside the writing transaction,
 * whatever the write path (forms, imports, merges, seeds, the generator).
 * - PostgreSQL: a `pg_trgm` GIN index on the line serves `ILIKE '%term%'` for terms of three
 *   characters or more.
 * - SQLite: an external-content FTS5 table with the `trigram` tokenizer over the line serves
 *   `MATCH '"term"'` for the same terms.
 * Terms shorter than three characters cannot be served by trigrams; the service matches them
 * within the caller's scope (see customer.search.ts).
 */
/** The search line of a `customer` row aliased `c` (also used by the scale generator to build all lines at once). */
export const bodyOf = (dialect: 'sqlite' | 'postgres', c: string) => {
  const agg =
    dialect === 'postgres'
      ? `(select string_agg(k.name || ' ' || coalesce(k.mobile_norm, ''), ' ') from contact k where k.customer_id = ${c}.id)`
      : `(select group_concat(k.name || ' ' || coalesce(k.mobile_norm, ''), ' ') from contact k where k.customer_id = ${c}.id)`;
  return `coalesce(${c}.name, '') || ' ' || coalesce(${c}.short_name, '') || ' ' || coalesce(${c}.credit_code, '') || ' ' || coalesce(${c}.phone_norm, '') || ' ' || coalesce(${agg}, '')`;
};

export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  if (dialect === 'postgres') {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create table customer_search (customer_id text primary key, body text not null)`.execute(db);
    await sql.raw(`insert into customer_search (customer_id, body) select c.id, ${bodyOf(dialect, 'c')} from customer c`).execute(db);
    await sql`create index customer_search_trgm_idx on customer_search using gin (body gin_trgm_ops)`.execute(db);
    await sql
      .raw(
        `create or replace function customer_search_body(cid text) returns text language sql stable as $$
           select ${bodyOf(dialect, 'c')} from customer c where c.id = cid
         $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create or replace function customer_search_sync() returns trigger language plpgsql as $$
         begin
           if TG_TABLE_NAME = 'customer' then
             if TG_OP = 'DELETE' then
               delete from customer_search where customer_id = old.id;
             else
               insert into customer_search (customer_id, body) values (new.id, customer_search_body(new.id))
                 on conflict (customer_id) do update set body = excluded.body;
             end if;
           else
             if TG_OP <> 'INSERT' then
               update customer_search set body = customer_search_body(old.customer_id) where customer_id = old.customer_id;
             end if;
             if TG_OP <> 'DELETE' and (TG_OP = 'INSERT' or new.customer_id <> old.customer_id) then
               update customer_search set body = customer_search_body(new.customer_id) where customer_id = new.customer_id;
             end if;
           end if;
           return null;
         end $$`,
      )
      .execute(db);
    await sql`create trigger customer_search_customer after insert or delete or update of name, short_name, credit_code, phone_norm on customer for each row execute function customer_search_sync()`.execute(db);
    await sql`create trigger customer_search_contact after insert or delete or update of name, mobile_norm, customer_id on contact for each row execute function customer_search_sync()`.execute(db);
    // Pinyin prefixes are served by range scans on the existing b-tree indexes; under a
    // non-C collation PostgreSQL needs the pattern operator class for them.
    await sql`create index customer_pinyin_pattern_idx on customer (name_pinyin text_pattern_ops)`.execute(db);
    await sql`create index customer_initials_pattern_idx on customer (name_initials text_pattern_ops)`.execute(db);
    return;
  }

  await sql`create table customer_search (id integer primary key, customer_id text not null unique, body text not null)`.execute(db);
  await sql`create virtual table customer_search_fts using fts5(body, content='customer_search', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`create trigger customer_search_fts_ai after insert on customer_search begin
      insert into customer_search_fts (rowid, body) values (new.id, new.body);
    end`.execute(db);
  await sql`create trigger customer_search_fts_ad after delete on customer_search begin
      insert into customer_search_fts (customer_search_fts, rowid, body) values ('delete', old.id, old.body);
    end`.execute(db);
  await sql`create trigger customer_search_fts_au after update on customer_search begin
      insert into customer_search_fts (customer_search_fts, rowid, body) values ('delete', old.id, old.body);
      insert into customer_search_fts (rowid, body) values (new.id, new.body);
    end`.execute(db);
  await sql.raw(`insert into customer_search (customer_id, body) select c.id, ${bodyOf(dialect, 'c')} from customer c`).execute(db);
  const refresh = (id: string) => `update customer_search set body = (select ${bodyOf(dialect, 'c')} from customer c where c.id = ${id}) where customer_id = ${id};`;
  await sql
    .raw(
      `create trigger customer_search_customer_ai after insert on customer begin
         insert into customer_search (customer_id, body) select c.id, ${bodyOf(dialect, 'c')} from customer c where c.id = new.id;
       end`,
    )
    .execute(db);
  await sql.raw(`create trigger customer_search_customer_au after update of name, short_name, credit_code, phone_norm on customer begin ${refresh('new.id')} end`).execute(db);
  await sql.raw(`create trigger customer_search_customer_ad after delete on customer begin delete from customer_search where customer_id = old.id; end`).execute(db);
  await sql.raw(`create trigger customer_search_contact_ai after insert on contact begin ${refresh('new.customer_id')} end`).execute(db);
  await sql.raw(`create trigger customer_search_contact_au after update of name, mobile_norm, customer_id on contact begin ${refresh('old.customer_id')} ${refresh('new.customer_id')} end`).execute(db);
  await sql.raw(`create trigger customer_search_contact_ad after delete on contact begin ${refresh('old.customer_id')} end`).execute(db);
};
