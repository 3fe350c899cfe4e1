import { sql, type Kysely } from 'kysely';

/**
 * Who held a customer when (decision 064): one row per stretch of ownership, written by the
 * database itself whenever `customer.owner_id` changes, so every path that moves a customer
 * (create, import, claim, assign, release, reclaim, handover, and any later one) records it
 * without having to remember to. A change closes the open stretch at the row's `updated_at`
 * (every path stamps it) and opens the new holder's; a customer in the pool has no open row.
 * Stretches that open and close at the same instant are dropped (a release and claim in one
 * moment leave no zero-length holder behind).
 *
 * Also: a breakdown may give a share of a unit's month target to a sub-unit (decision 065);
 * the share is the sub-unit's unit target, marked with the unit that allocated it.
 */
export const up = async (db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  await db.schema
    .createTable('customer_ownership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customer.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('to_at', 'text')
    .execute();
  await db.schema.createIndex('customer_ownership_customer_idx').on('customer_ownership').columns(['customer_id', 'from_at']).execute();
  await db.schema.createIndex('customer_ownership_owner_idx').on('customer_ownership').columns(['owner_id', 'from_at']).execute();

  // Backfill: today's holders from the customer's creation (the history before this migration
  // was not recorded as stretches; see decision 064).
  const id = dialect === 'postgres' ? sql`gen_random_uuid()::text` : sql`lower(hex(randomblob(16)))`;
  await sql`insert into customer_ownership (id, customer_id, owner_id, from_at, to_at)
    select ${id}, id, owner_id, created_at, null from customer where owner_id is not null`.execute(db);

  if (dialect === 'postgres') {
    await sql
      .raw(
        `create function customer_ownership_track() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' then
            if new.owner_id is not distinct from old.owner_id then return null; end if;
            update customer_ownership set to_at = new.updated_at where customer_id = new.id and to_at is null;
            delete from customer_ownership where customer_id = new.id and to_at = from_at;
          end if;
          if new.owner_id is not null then
            insert into customer_ownership (id, customer_id, owner_id, from_at, to_at)
            values (gen_random_uuid()::text, new.id, new.owner_id, case when tg_op = 'INSERT' then new.created_at else new.updated_at end, null);
          end if;
          return null;
        end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger customer_ownership_insert after insert on customer for each row execute function customer_ownership_track()`).execute(db);
    await sql.raw(`create trigger customer_ownership_update after update of owner_id on customer for each row execute function customer_ownership_track()`).execute(db);
  } else {
    await sql
      .raw(
        `create trigger customer_ownership_insert after insert on customer when new.owner_id is not null begin
          insert into customer_ownership (id, customer_id, owner_id, from_at, to_at) values (lower(hex(randomblob(16))), new.id, new.owner_id, new.created_at, null);
        end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger customer_ownership_update after update of owner_id on customer when new.owner_id is not old.owner_id begin
          update customer_ownership set to_at = new.updated_at where customer_id = new.id and to_at is null;
          delete from customer_ownership where customer_id = new.id and to_at = from_at;
          insert into customer_ownership (id, customer_id, owner_id, from_at, to_at) select lower(hex(randomblob(16))), new.id, new.owner_id, new.updated_at, null where new.owner_id is not null;
        end`,
      )
      .execute(db);
  }

  await db.schema.alterTable('unit_target').addColumn('allocated_by', 'text').execute();
  await db.schema.createIndex('unit_target_allocated_idx').on('unit_target').columns(['allocated_by', 'month']).execute();
};
