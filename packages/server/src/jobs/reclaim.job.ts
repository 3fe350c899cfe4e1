import { sql, type RawBuilder } from 'kysely';
import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { days } from '../clock.js';
import { getReclaimRules } from '../modules/pool/pool.settings.js';
import { recordAudit } from '../modules/auditLog/audit.js';
import { systemActor } from '../modules/customers/customer.events.js';
import { isPostgres, transaction } from '../db/transaction.js';

/** When a customer was last followed up: the latest of contact and claim, else creation. */
const followUpAt = sql`coalesce(case when coalesce(customer.last_contact_at, '') >= coalesce(customer.claimed_at, '') then customer.last_contact_at else customer.claimed_at end, customer.created_at)`;

const effectiveGrade = sql`coalesce(customer.grade_override, customer.grade)`;

/**
 * The reclaim period as SQL over the effective grade: `case when <grade in …> then <value> … else
 * <fallback> end`, so every period is handled in the same statement (one pass per rule, decision 079).
 */
const byPeriod = (daysByGrade: Record<string, number>, value: (days: number) => string) => {
  const { default: fallback = 30, ...graded } = daysByGrade;
  const byDays = new Map<number, string[]>();
  for (const [grade, d] of Object.entries(graded)) byDays.set(d, [...(byDays.get(d) ?? []), grade]);
  if (!byDays.size) return sql<string>`${value(fallback)}`;
  const whens = [...byDays].map(([d, grades]) => sql`when ${effectiveGrade} in (${sql.join(grades)}) then ${value(d)}`);
  return sql<string>`(case ${sql.join(whens, sql` `)} else ${value(fallback)} end)`;
};

/** The nearest pool of every org unit (the deepest ancestor with a pool, its default pool first), as `poolForUnit` picks it. */
const poolsByUnit = async (tx: Tx) => {
  const rows = await tx
    .selectFrom('orgUnit as unit')
    .innerJoin('orgUnit as anc', (join) => join.on(sql<boolean>`unit.path like anc.path || '%'`))
    .innerJoin('pool', 'pool.orgUnitId', 'anc.id')
    .select(['unit.id as unitId', 'pool.id as poolId', 'pool.orgUnitId as poolUnitId'])
    .orderBy('unit.id')
    .orderBy('anc.depth', 'desc')
    .orderBy('pool.isDefault', 'desc')
    .execute();
  const out = new Map<string, { id: string; orgUnitId: string }>();
  for (const r of rows) if (!out.has(r.unitId)) out.set(r.unitId, { id: r.poolId, orgUnitId: r.poolUnitId });
  return out;
};

/** A text value as a JSON string literal (quotes and escapes), for JSON built in SQL. */
const jsonText = (tx: Tx, value: RawBuilder<unknown>) => (isPostgres(tx) ? sql<string>`to_json(${value})::text` : sql<string>`json_quote(${value})`);

/**
 * Whole days from an ISO time column to `now` (ISO text), as the warning's `idleDays` counted
 * them in JavaScript: floor((now − then) / 24 h). SQLite's julianday keeps milliseconds; the
 * difference is rounded to the millisecond before the integer division, so an exact multiple of
 * a day never comes out one short.
 */
const wholeDaysSince = (tx: Tx, then: RawBuilder<unknown>, now: string) =>
  isPostgres(tx)
    ? sql<number>`cast(floor(extract(epoch from (cast(${now} as timestamptz) - cast(${then} as timestamptz))) / 86400) as integer)`
    : sql<number>`(cast(round((julianday(${now}) - julianday(${then})) * 86400000) as integer) / 86400000)`;

const eventsFromSelect = (tx: Tx, idPrefix: string, at: string, kind: string, where: RawBuilder<boolean>, changes: RawBuilder<string> | null, detail: RawBuilder<string> | null, reason: string | RawBuilder<string> | null) =>
  sql`insert into customer_event (id, customer_id, at, actor_id, actor_name, kind, changes, reason, detail)
      select ${idPrefix} || customer.id, customer.id, ${at}, null, ${systemActor.displayName}, ${kind}, ${changes ?? sql`null`}, ${reason}, ${detail ?? sql`null`}
      from customer where ${where}`.execute(tx);

/**
 * Returns customers without follow-up to the pool — never by surprise (decision 030).
 *
 * A customer is reclaimed only when it is past its period AND its owner was warned for the
 * current follow-up period at least W days earlier (W = `warnDays`). A customer found within W
 * days of its due time, or already past it without a warning (first run, a grade that dropped to
 * a shorter period, W raised), is warned now; it goes back to the pool W days later at the
 * earliest. With W = 0 warnings are switched off and a past-due customer is reclaimed at once.
 *
 * Warnings publish `customer.reclaimWarning` to the owner and one `customer.reclaimSummary` per
 * org unit for its group robots, in the same transaction. `warnOnly` skips the reclaiming (the
 * demo seeds its first day's warnings this way without emptying anyone's book).
 */
export const runReclaim = async (ctx: AppContext, at: Date, opts: { warnOnly?: boolean } = {}) => {
  const rules = await getReclaimRules(ctx.db);
  const now = toIso(at);
  let reclaimed = 0;
  let warned = 0;
  let skippedNoPool = 0;
  await transaction(ctx.db, async (tx) => {
    const exempt = sql<boolean>`customer.owner_id is not null ${rules.exemptKey ? sql`and customer.is_key = 0` : sql``} ${rules.exemptLocked ? sql`and customer.is_locked = 0` : sql``}`;
    // Warned for the current follow-up period (a follow-up after the warning voids it) and long enough ago.
    const warnedLongEnough = rules.warnDays > 0
      ? sql<boolean>`customer.reclaim_warned_at is not null and customer.reclaim_warned_at >= ${followUpAt} and customer.reclaim_warned_at <= ${toIso(new Date(at.getTime() - days(rules.warnDays)))}`
      : sql<boolean>`1 = 1`;
    // Every period in one statement: the period and its cutoffs are CASE expressions over the grade.
    const periodDays = byPeriod(rules.daysByGrade, (d) => String(d));
    const dueBefore = byPeriod(rules.daysByGrade, (d) => toIso(new Date(at.getTime() - days(d))));
    if (!opts.warnOnly) {
      const cond = sql<boolean>`${exempt} and ${followUpAt} < ${dueBefore} and ${warnedLongEnough}`;
      const pools = await poolsByUnit(tx);
      const unpooled = (await tx.selectFrom('orgUnit').select('id').execute()).map((u) => u.id).filter((id) => !pools.has(id));
      if (unpooled.length) {
        // Customers due in a unit without a pool stay; counted once per period and unit, as before.
        const skipped = await sql<{ n: number | string }>`select count(*) as n from (select distinct ${periodDays} as d, customer.org_unit_id from customer
            where ${cond} and customer.org_unit_id in (${sql.join(unpooled)})) t`.execute(tx);
        skippedNoPool += Number(skipped.rows[0]?.n ?? 0);
      }
      if (pools.size) {
        const unitCase = (pick: (pool: { id: string; orgUnitId: string }) => string) =>
          sql<string>`(case customer.org_unit_id ${sql.join([...pools].map(([unitId, pool]) => sql`when ${unitId} then ${pick(pool)}`), sql` `)} end)`;
        const poolId = unitCase((pool) => pool.id);
        const pooledCond = sql<boolean>`${cond} and customer.org_unit_id in (${sql.join([...pools.keys()])})`;
        await eventsFromSelect(
          tx,
          `reclaim:${newId()}:`,
          now,
          'reclaim',
          pooledCond,
          sql<string>`'{"ownerId":{"old":"' || customer.owner_id || '","new":null}}'`,
          sql<string>`'{"days":' || ${periodDays} || ',"poolId":"' || ${poolId} || '","warnedAt":' || coalesce('"' || customer.reclaim_warned_at || '"', 'null') || '}'`,
          'no_follow_up',
        );
        const res = await sql`update customer set previous_owner_id = owner_id, owner_id = null, pool_id = ${poolId}, org_unit_id = ${unitCase((pool) => pool.orgUnitId)},
            released_at = ${now}, reclaim_warned_at = null, updated_at = ${now}, version = version + 1 where ${pooledCond}`.execute(tx);
        reclaimed += Number(res.numAffectedRows ?? 0);
      }
    }
    if (rules.warnDays > 0) {
      // Within W days of the due time, or already past it — and not yet warned for this follow-up period.
      const warnFrom = byPeriod(rules.daysByGrade, (d) => toIso(new Date(at.getTime() - days(Math.max(0, d - rules.warnDays)))));
      const warnCond = sql<boolean>`${exempt} and ${followUpAt} < ${warnFrom}
        and (customer.reclaim_warned_at is null or customer.reclaim_warned_at < ${followUpAt})`;
      // Every warning is written by statements over the set (decision 080): the events, the
      // owners' notifications and one summary per org unit are each one INSERT … SELECT, so the
      // pass does not grow with the customers warned. The warning's reclaim date is always W
      // days from now: the condition (follow-up before at − max(0, period − W)) makes the due
      // time earlier than now + W for every customer it selects.
      const reclaimOn = new Date(at.getTime() + days(rules.warnDays) + 8 * 3_600_000).toISOString().slice(0, 10);
      const idleDays = wholeDaysSince(tx, followUpAt, now);
      // Due by now (follow-up + period ≤ now): warned for the first time after its due time.
      const pastDue = byPeriod(rules.daysByGrade, (d) => toIso(new Date(at.getTime() - days(d))));
      await eventsFromSelect(
        tx,
        `reclaim_warning:${newId()}:`,
        now,
        'reclaim_warning',
        warnCond,
        null,
        sql<string>`'{"days":' || ${periodDays} || ',"warnDays":' || ${String(rules.warnDays)} || ',"idleDays":' || ${idleDays} || ',"reclaimOn":"' || ${reclaimOn} || '"}'`,
        sql<string>`case when ${followUpAt} <= ${pastDue} then 'past_due_unwarned' else 'no_follow_up' end`,
      );
      // The owner's warning, once per follow-up period: a follow-up moves the key, a rerun the same period does not.
      // Outbox ids begin with a time-ordered id of this moment, as publish() gives single events:
      // fan-out takes events in (created_at, id) order, and events published after this pass (the
      // morning's key-date reminders, say) must stay newer in everyone's bell.
      await sql`insert into outbox_event (id, type, entity_type, entity_id, org_unit_id, recipients, payload, dedupe_key, created_at, processed_at)
          select ${`${newId()}:`} || customer.id, 'customer.reclaimWarning', 'customer', customer.id, null, '["' || customer.owner_id || '"]',
            '{"customerName":' || ${jsonText(tx, sql`customer.name`)} || ',"days":' || ${periodDays} || ',"idleDays":' || ${idleDays} || ',"reclaimOn":"' || ${reclaimOn} || '"}',
            'customer.reclaimWarning:' || customer.id || ':' || ${followUpAt}, ${now}, null
          from customer where ${warnCond}
          on conflict (dedupe_key) do nothing`.execute(tx);
      // One summary per org unit with warnings, for its group robots.
      await sql`insert into outbox_event (id, type, entity_type, entity_id, org_unit_id, recipients, payload, dedupe_key, created_at, processed_at)
          select ${`${newId()}:`} || org_unit.id, 'customer.reclaimSummary', 'orgUnit', org_unit.id, org_unit.id, '[]',
            '{"unitName":' || ${jsonText(tx, sql`org_unit.name`)} || ',"count":' || count(*) || '}',
            'customer.reclaimSummary:' || org_unit.id || ':' || ${now}, ${now}, null
          from customer inner join org_unit on org_unit.id = customer.org_unit_id where ${warnCond}
          group by org_unit.id, org_unit.name
          on conflict (dedupe_key) do nothing`.execute(tx);
      const res = await sql`update customer set reclaim_warned_at = ${now} where ${warnCond}`.execute(tx);
      warned += Number(res.numAffectedRows ?? 0);
    }
    if (reclaimed || warned) await recordAudit(tx, at, systemActor, null, { action: 'reclaim', entity: 'customer', detail: { reclaimed, warned } });
  });
  return { reclaimed, warned, skippedNoPool };
};

/** No business and no contact for long: won/maintained → dormant, dormant → lost. */
const activityAt = sql`coalesce(case when coalesce(customer.last_contact_at, '') >= coalesce(customer.last_business_at, '') then customer.last_contact_at else customer.last_business_at end, customer.stage_changed_at)`;

export const runDormancy = async (ctx: AppContext, at: Date) => {
  const rules = await getReclaimRules(ctx.db);
  const now = toIso(at);
  const out = { dormant: 0, lost: 0 };
  // Both steps in one pass each for the events and the update (decision 079): the conditions see
  // the rows as they were, so a customer that turns dormant tonight is not also lost tonight —
  // as when `lost` ran before `dormant`.
  const toLost = sql<boolean>`customer.stage = 'dormant' and ${activityAt} < ${toIso(new Date(at.getTime() - days(rules.lostDays)))}`;
  const toDormant = sql<boolean>`customer.stage in ('won', 'maintained') and ${activityAt} < ${toIso(new Date(at.getTime() - days(rules.dormantDays)))}`;
  const cond = sql<boolean>`((${toLost}) or (${toDormant}))`;
  const next = sql<string>`(case when customer.stage = 'dormant' then 'lost' else 'dormant' end)`;
  await transaction(ctx.db, async (tx) => {
    await eventsFromSelect(tx, `stage:${newId()}:`, now, 'stage', cond, sql<string>`'{"stage":{"old":"' || customer.stage || '","new":"' || ${next} || '"}}'`, null, 'inactive');
    const res = await sql<{ stage: string }>`update customer set stage = ${next}, stage_changed_at = ${now}, updated_at = ${now}, version = version + 1 where ${cond} returning stage`.execute(tx);
    for (const r of res.rows) out[r.stage as 'dormant' | 'lost']++;
  });
  return out;
};

export const reclaimJob: JobDefinition = { name: 'customer.reclaim', schedule: '30 1 * * *', run: runReclaim };
export const dormancyJob: JobDefinition = { name: 'customer.dormancy', schedule: '45 1 * * *', run: runDormancy };
