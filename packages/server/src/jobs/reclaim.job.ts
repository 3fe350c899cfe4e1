import { sql, type RawBuilder } from 'kysely';
import type { JobDefinition } from './runner.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { days } from '../clock.js';
import { getReclaimRules } from '../modules/pool/pool.settings.js';
import { poolForUnit } from '../modules/pool/pool.access.js';
import { recordAudit } from '../modules/auditLog/audit.js';
import { insertEvents, systemActor } from '../modules/customers/customer.events.js';
import { transaction } from '../db/transaction.js';
import { publishMany, type NotificationEvent } from '../modules/notifications/publish.js';

/** When a customer was last followed up: the latest of contact and claim, else creation. */
const followUpAt = sql`coalesce(case when coalesce(customer.last_contact_at, '') >= coalesce(customer.claimed_at, '') then customer.last_contact_at else customer.claimed_at end, customer.created_at)`;

const effectiveGrade = sql`coalesce(customer.grade_override, customer.grade)`;

/** Grades grouped by their reclaim period, so each period is one set-based pass. */
const periods = (daysByGrade: Record<string, number>) => {
  const { default: fallback = 30, ...graded } = daysByGrade;
  const byDays = new Map<number, string[]>();
  for (const [grade, d] of Object.entries(graded)) byDays.set(d, [...(byDays.get(d) ?? []), grade]);
  const named = Object.keys(graded);
  const out: { days: number; where: RawBuilder<boolean> }[] = [];
  for (const [d, grades] of byDays) out.push({ days: d, where: sql<boolean>`${effectiveGrade} in (${sql.join(grades)})` });
  out.push({
    days: fallback,
    where: named.length ? sql<boolean>`(${effectiveGrade} is null or ${effectiveGrade} not in (${sql.join(named)}))` : sql<boolean>`1 = 1`,
  });
  return out;
};

const eventsFromSelect = (tx: Tx, idPrefix: string, at: string, kind: string, where: RawBuilder<boolean>, changes: RawBuilder<string> | null, detail: RawBuilder<string> | null, reason: string | null) =>
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
    const warnings: NotificationEvent[] = [];
    const exempt = sql<boolean>`customer.owner_id is not null ${rules.exemptKey ? sql`and customer.is_key = 0` : sql``} ${rules.exemptLocked ? sql`and customer.is_locked = 0` : sql``}`;
    // Warned for the current follow-up period (a follow-up after the warning voids it) and long enough ago.
    const warnedLongEnough = rules.warnDays > 0
      ? sql<boolean>`customer.reclaim_warned_at is not null and customer.reclaim_warned_at >= ${followUpAt} and customer.reclaim_warned_at <= ${toIso(new Date(at.getTime() - days(rules.warnDays)))}`
      : sql<boolean>`1 = 1`;
    for (const p of periods(rules.daysByGrade)) {
      const due = toIso(new Date(at.getTime() - days(p.days)));
      const cond = sql<boolean>`${exempt} and ${p.where} and ${followUpAt} < ${due} and ${warnedLongEnough}`;
      const units = opts.warnOnly ? { rows: [] } : await sql<{ orgUnitId: string }>`select distinct customer.org_unit_id as org_unit_id from customer where ${cond}`.execute(tx);
      for (const { orgUnitId } of units.rows) {
        const pool = await poolForUnit(tx, orgUnitId);
        if (!pool) {
          skippedNoPool++;
          continue;
        }
        const unitCond = sql<boolean>`${cond} and customer.org_unit_id = ${orgUnitId}`;
        await eventsFromSelect(
          tx,
          `reclaim:${newId()}:`,
          now,
          'reclaim',
          unitCond,
          sql<string>`'{"ownerId":{"old":"' || customer.owner_id || '","new":null}}'`,
          sql<string>`'{"days":' || ${String(p.days)} || ',"poolId":"' || ${pool.id} || '","warnedAt":' || coalesce('"' || customer.reclaim_warned_at || '"', 'null') || '}'`,
          'no_follow_up',
        );
        const res = await sql`update customer set previous_owner_id = owner_id, owner_id = null, pool_id = ${pool.id}, org_unit_id = ${pool.orgUnitId},
            released_at = ${now}, reclaim_warned_at = null, updated_at = ${now}, version = version + 1 where ${unitCond}`.execute(tx);
        reclaimed += Number(res.numAffectedRows ?? 0);
      }
      if (rules.warnDays > 0) {
        // Within W days of the due time, or already past it — and not yet warned for this follow-up period.
        const warnFrom = toIso(new Date(at.getTime() - days(Math.max(0, p.days - rules.warnDays))));
        const warnCond = sql<boolean>`${exempt} and ${p.where} and ${followUpAt} < ${warnFrom}
          and (customer.reclaim_warned_at is null or customer.reclaim_warned_at < ${followUpAt})`;
        const toWarn = await sql<{ id: string; name: string; ownerId: string; orgUnitId: string; followUp: string }>`
          select customer.id, customer.name, customer.owner_id, customer.org_unit_id, ${followUpAt} as follow_up from customer where ${warnCond}`.execute(tx);
        if (!toWarn.rows.length) continue;
        const earliest = at.getTime() + days(rules.warnDays);
        const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        const rows = toWarn.rows.map((c) => {
          const dueAt = new Date(c.followUp).getTime() + days(p.days);
          return { c, idleDays: Math.floor((at.getTime() - new Date(c.followUp).getTime()) / days(1)), pastDue: dueAt <= at.getTime(), reclaimOn: shanghaiDate(Math.max(dueAt, earliest)) };
        });
        await insertEvents(
          tx,
          at,
          systemActor,
          rows.map((r) => ({
            customerId: r.c.id,
            kind: 'reclaim_warning',
            reason: r.pastDue ? 'past_due_unwarned' : 'no_follow_up',
            detail: { days: p.days, warnDays: rules.warnDays, idleDays: r.idleDays, reclaimOn: r.reclaimOn },
          })),
        );
        const res = await sql`update customer set reclaim_warned_at = ${now} where ${warnCond}`.execute(tx);
        warned += Number(res.numAffectedRows ?? 0);
        for (const r of rows) {
          warnings.push({
            type: 'customer.reclaimWarning',
            entity: { type: 'customer', id: r.c.id },
            recipients: [r.c.ownerId],
            orgUnitId: r.c.orgUnitId,
            data: { customerName: r.c.name, days: p.days, idleDays: r.idleDays, reclaimOn: r.reclaimOn },
            // Once per follow-up period: a follow-up moves the key, a rerun the same period does not.
            dedupeKey: `customer.reclaimWarning:${r.c.id}:${r.c.followUp}`,
          });
        }
      }
    }
    if (reclaimed || warned) await recordAudit(tx, at, systemActor, null, { action: 'reclaim', entity: 'customer', detail: { reclaimed, warned } });
    const perUnit = new Map<string, number>();
    for (const w of warnings) perUnit.set(w.orgUnitId!, (perUnit.get(w.orgUnitId!) ?? 0) + 1);
    const unitNames = perUnit.size ? new Map((await tx.selectFrom('orgUnit').select(['id', 'name']).where('id', 'in', [...perUnit.keys()]).execute()).map((u) => [u.id, u.name])) : new Map<string, string>();
    const summaries: NotificationEvent[] = [...perUnit].map(([unitId, count]) => ({
      type: 'customer.reclaimSummary',
      entity: { type: 'orgUnit', id: unitId },
      recipients: [],
      orgUnitId: unitId,
      data: { unitName: unitNames.get(unitId) ?? '', count },
      dedupeKey: `customer.reclaimSummary:${unitId}:${now}`,
    }));
    await publishMany(tx, at, [...warnings.map((w) => ({ ...w, orgUnitId: null })), ...summaries]);
  });
  return { reclaimed, warned, skippedNoPool };
};

/** No business and no contact for long: won/maintained → dormant, dormant → lost. */
const activityAt = sql`coalesce(case when coalesce(customer.last_contact_at, '') >= coalesce(customer.last_business_at, '') then customer.last_contact_at else customer.last_business_at end, customer.stage_changed_at)`;

export const runDormancy = async (ctx: AppContext, at: Date) => {
  const rules = await getReclaimRules(ctx.db);
  const now = toIso(at);
  const out = { dormant: 0, lost: 0 };
  await transaction(ctx.db, async (tx) => {
    const steps: { to: 'dormant' | 'lost'; from: string[]; days: number }[] = [
      { to: 'lost', from: ['dormant'], days: rules.lostDays },
      { to: 'dormant', from: ['won', 'maintained'], days: rules.dormantDays },
    ];
    for (const s of steps) {
      const cond = sql<boolean>`customer.stage in (${sql.join(s.from)}) and ${activityAt} < ${toIso(new Date(at.getTime() - days(s.days)))}`;
      await eventsFromSelect(tx, `stage-${s.to}:${newId()}:`, now, 'stage', cond, sql<string>`'{"stage":{"old":"' || customer.stage || '","new":"${sql.raw(s.to)}"}}'`, null, 'inactive');
      const res = await sql`update customer set stage = ${s.to}, stage_changed_at = ${now}, updated_at = ${now}, version = version + 1 where ${cond}`.execute(tx);
      out[s.to] = Number(res.numAffectedRows ?? 0);
    }
  });
  return out;
};

export const reclaimJob: JobDefinition = { name: 'customer.reclaim', schedule: '30 1 * * *', run: runReclaim };
export const dormancyJob: JobDefinition = { name: 'customer.dormancy', schedule: '45 1 * * *', run: runDormancy };
