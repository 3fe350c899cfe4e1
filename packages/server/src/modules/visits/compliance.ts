import { sql, type RawBuilder } from 'kysely';
import {
  ORG_TIMEZONE,
  ZContactSettings,
  defaultContactSettings,
  isoWeekKey,
  monthKey,
  periodRange,
  shiftPeriod,
  type PeriodKind,
  type TComplianceState,
  type TContactRule,
  type TContactSettings,
  type TCustomerKind,
  type TCustomerStage,
} from '@liaison/shared';
import { bool, json, num, toIso } from '../../db/dialect.js';
import type { Row, Tx } from '../../db/schema.js';

/**
 * Contact-frequency compliance 拜访频次达标 — the rule of the manuals ("at least one on-site visit
 * a month and one phone contact a week"), configurable per grade, key flag, kind and stage.
 *
 * Each customer keeps two derived times, `onsite_due_at` and `phone_due_at`: by when its next
 * on-site visit (per calendar month) and phone-class contact (per ISO week) is due, in the
 * organisation's time zone. A due time in the past means overdue since then. They are computed
 * here, set-based, and refreshed when a visit is logged, changed or deleted, when the rules
 * change, when a customer's grade/stage/owner changes, and nightly (a new period starts).
 *
 * For a requirement of n contacts in period P (the current month or week), with c0 contacts so
 * far in P, c1 in the previous period, M when the customer came under its manager (claim or
 * creation) and L its last contact of that kind:
 *   n = 0 (no rule applies, or no owner)   → no due time
 *   c0 ≥ n                                 → end of P+1 (met; next due by the end of the next period)
 *   M inside P                             → end of P+1 (new this period: first full period is the next)
 *   M inside P-1, or c1 ≥ n                → end of P  (due this period)
 *   otherwise (missed P-1)                 → overdue since the end of the first missed period:
 *                                            end of the period after L's (after M's when never
 *                                            contacted), but no later than the start of P.
 * With n = 1 this is exactly "end of the period after the last contact", so most customers need
 * nothing but L; counts are read only for rules that ask for more than one contact.
 */

export type ContactRule = Omit<TContactRule, 'updatedAt'> & { updatedAt: string };

const SETTINGS_KEY = 'visits.contactSettings';
/** How far back "overdue since" is told apart; older is shown as this old. */
const LOOKBACK = { month: 13, week: 27 } as const;

export const presentRule = (r: Row<'contactRule'>): ContactRule => ({
  id: r.id,
  name: r.name,
  sortOrder: num(r.sortOrder),
  enabled: bool(r.enabled),
  grades: json<string[]>(r.grades),
  isKey: r.isKey == null ? null : bool(r.isKey),
  kinds: json<TCustomerKind[]>(r.kinds),
  stages: json<TCustomerStage[]>(r.stages) ?? [],
  onsitePerMonth: num(r.onsitePerMonth),
  phonePerWeek: num(r.phonePerWeek),
  version: num(r.version),
  updatedAt: r.updatedAt,
});

export const loadRules = async (tx: Tx): Promise<ContactRule[]> =>
  (await tx.selectFrom('contactRule').selectAll().orderBy('sortOrder').orderBy('id').execute()).map(presentRule);

export const loadContactSettings = async (tx: Tx): Promise<TContactSettings> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  if (!row) return defaultContactSettings;
  const parsed = ZContactSettings.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : defaultContactSettings;
};

export const saveContactSettings = (tx: Tx, settings: TContactSettings, at: Date) =>
  tx
    .insertInto('setting')
    .values({ key: SETTINGS_KEY, value: JSON.stringify(settings), updatedAt: toIso(at) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(settings), updatedAt: toIso(at) }))
    .execute();

const effectiveGrade = sql`coalesce(customer.grade_override, customer.grade)`;

/** The SQL condition under which a rule applies to a `customer` row. */
const ruleCondition = (r: ContactRule): RawBuilder<boolean> => {
  const parts: RawBuilder<unknown>[] = [sql`customer.owner_id is not null`, sql`customer.stage in (${sql.join(r.stages)})`];
  if (r.grades?.length) parts.push(sql`${effectiveGrade} in (${sql.join(r.grades)})`);
  if (r.isKey !== null) parts.push(sql`customer.is_key = ${r.isKey ? 1 : 0}`);
  if (r.kinds?.length) parts.push(sql`customer.kind in (${sql.join(r.kinds)})`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
};

/** Contacts of one kind required per period for each customer: the first matching enabled rule. */
export const requiredExpr = (rules: ContactRule[], kind: PeriodKind): RawBuilder<number> => {
  const active = rules.filter((r) => r.enabled && r.stages.length);
  if (!active.length) return sql<number>`0`;
  const n = (r: ContactRule) => (kind === 'month' ? r.onsitePerMonth : r.phonePerWeek);
  return sql<number>`(case ${sql.join(
    active.map((r) => sql`when ${ruleCondition(r)} then ${sql.lit(n(r))}`),
    sql` `,
  )} else 0 end)`;
};

/** Whether any rule (of a kind) asks for more than one contact a period: then counts are read. */
const needsCounts = (rules: ContactRule[], kind: PeriodKind) => rules.some((r) => r.enabled && (kind === 'month' ? r.onsitePerMonth : r.phonePerWeek) > 1);

export type PeriodFrame = {
  kind: PeriodKind;
  key: string;
  /** start of P-k for k = 0..LOOKBACK (index k) */
  starts: string[];
  /** end of P (= start of P+1) and end of P+1 */
  end: string;
  endNext: string;
};

export const periodFrame = (kind: PeriodKind, at: Date, tz = ORG_TIMEZONE): PeriodFrame => {
  const key = kind === 'month' ? monthKey(at, tz) : isoWeekKey(at, tz);
  const starts = Array.from({ length: LOOKBACK[kind] + 1 }, (_, k) => periodRange(kind, shiftPeriod(kind, key, -k), tz).from);
  const cur = periodRange(kind, key, tz);
  return { kind, key, starts, end: cur.to, endNext: periodRange(kind, shiftPeriod(kind, key, 1), tz).to };
};

const methodsFor = (kind: PeriodKind, settings: TContactSettings): string[] => (kind === 'month' ? ['onsite'] : settings.phoneMethods);

const countIn = (kind: PeriodKind, settings: TContactSettings, from: string, to: string) =>
  sql<number>`(select count(*) from visit v where v.customer_id = customer.id and v.status = 'done'
    and v.method in (${sql.join(methodsFor(kind, settings))}) and v.start_at >= ${from} and v.start_at < ${to})`;

/** End of the period after the one holding time `x` (x before the previous period), as CASE over constants. */
const endOfPeriodAfter = (f: PeriodFrame, x: RawBuilder<unknown>) => {
  // x in P-k (k ≥ 2) → end of P-k+1 = start of P-k+2
  const branches = [];
  for (let k = 2; k < f.starts.length; k++) branches.push(sql`when ${x} >= ${f.starts[k]} then ${f.starts[k - 2]}`);
  // Older than the look-back: shown as overdue since its start.
  return sql`(case ${sql.join(branches, sql` `)} else ${f.starts[f.starts.length - 1]} end)`;
};

/** The due-time expression of one requirement kind for a `customer` row. */
export const dueExpr = (rules: ContactRule[], settings: TContactSettings, f: PeriodFrame): RawBuilder<string | null> => {
  const n = requiredExpr(rules, f.kind);
  const last = f.kind === 'month' ? sql`customer.last_onsite_at` : sql`customer.last_phone_at`;
  const since = sql`coalesce(customer.claimed_at, customer.created_at)`;
  const [s0, s1] = [f.starts[0]!, f.starts[1]!];
  const counts = needsCounts(rules, f.kind);
  const c0 = counts ? countIn(f.kind, settings, s0, f.end) : sql`(case when ${last} >= ${s0} then 1 else 0 end)`;
  const c1 = counts ? countIn(f.kind, settings, s1, s0) : sql`(case when ${last} >= ${s1} and ${last} < ${s0} then 1 else 0 end)`;
  const ref = sql`coalesce(${last}, ${since})`;
  return sql<string | null>`(case
    when ${n} = 0 then null
    when ${c0} >= ${n} then ${f.endNext}
    when ${since} >= ${s0} then ${f.endNext}
    when ${since} >= ${s1} then ${f.end}
    when ${c1} >= ${n} then ${f.end}
    when ${ref} >= ${s1} then ${s0}
    else ${endOfPeriodAfter(f, ref)} end)`;
};

/** Which customers a refresh covers: some, those of some owners, or everyone. */
export type CustomerSet = { ids: string[] } | { ownerIds: string[] } | 'all';

const whereSet = (set: CustomerSet) =>
  set === 'all' ? sql`1 = 1` : 'ids' in set ? sql`customer.id in (${sql.join(set.ids)})` : sql`customer.owner_id in (${sql.join(set.ownerIds)})`;

const isEmpty = (set: CustomerSet) => set !== 'all' && ('ids' in set ? set.ids.length === 0 : set.ownerIds.length === 0);

/**
 * Recomputes last contacts from the visits (when `recount`) and the due times, in one UPDATE per
 * chunk of customers. Never bumps `version`: derived values must not make a user's open edit stale.
 */
export const refreshCompliance = async (tx: Tx, at: Date, set: CustomerSet, opts: { recount?: boolean } = {}): Promise<number> => {
  if (isEmpty(set)) return 0;
  const [rules, settings] = await Promise.all([loadRules(tx), loadContactSettings(tx)]);
  const month = periodFrame('month', at);
  const week = periodFrame('week', at);
  const chunks: CustomerSet[] = set === 'all' ? ['all'] : 'ids' in set ? chunk(set.ids).map((ids) => ({ ids })) : chunk(set.ownerIds).map((ownerIds) => ({ ownerIds }));
  let updated = 0;
  for (const part of chunks) {
    if (opts.recount) {
      const lastOf = (methods: string[] | null) =>
        sql`(select max(v.start_at) from visit v where v.customer_id = customer.id and v.status = 'done' ${methods ? sql`and v.method in (${sql.join(methods)})` : sql``})`;
      await sql`update customer set last_contact_at = ${lastOf(null)}, last_onsite_at = ${lastOf(['onsite'])}, last_phone_at = ${lastOf(settings.phoneMethods)}
        where ${whereSet(part)}`.execute(tx);
    }
    // The due times read last_* just written, so they are a second statement.
    const res = await sql`update customer set onsite_due_at = ${dueExpr(rules, settings, month)}, phone_due_at = ${dueExpr(rules, settings, week)}
      where ${whereSet(part)}`.execute(tx);
    updated += Number(res.numAffectedRows ?? 0);
  }
  return updated;
};

const chunk = <T>(xs: T[], size = 500): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

/** A customer's standing for one requirement, from its stored due time. */
export const complianceState = (dueAt: string | null, at: Date, f: PeriodFrame): TComplianceState => {
  if (!dueAt) return 'none';
  if (dueAt <= toIso(at)) return 'overdue';
  if (dueAt <= f.end) return 'due';
  return 'met';
};

/**
 * Coverage 覆盖率 for a period: of the customers each manager holds that a rule covers and that
 * were theirs before the period began (subject), how many got the required contacts within it
 * (met). One grouped query over the managers' customers; ratios are summed as counts, never as
 * percentages, so a unit's coverage is its customers', not the mean of its managers'.
 */
export const coverageByOwner = async (
  tx: Tx,
  ownerIds: string[],
  kind: PeriodKind,
  key: string,
): Promise<Map<string, { customers: number; subject: number; met: number }>> => {
  const out = new Map<string, { customers: number; subject: number; met: number }>();
  if (!ownerIds.length) return out;
  const [rules, settings] = await Promise.all([loadRules(tx), loadContactSettings(tx)]);
  const range = periodRange(kind, key);
  const n = requiredExpr(rules, kind);
  const since = sql`coalesce(customer.claimed_at, customer.created_at)`;
  for (const part of chunk(ownerIds)) {
    const rows = await sql<{ ownerId: string; customers: unknown; subject: unknown; met: unknown }>`
      select t.owner_id as owner_id, count(*) as customers,
        sum(case when t.n > 0 and t.since < ${range.from} then 1 else 0 end) as subject,
        sum(case when t.n > 0 and t.since < ${range.from} and t.c >= t.n then 1 else 0 end) as met
      from (
        select customer.owner_id, ${n} as n, ${since} as since, ${countIn(kind, settings, range.from, range.to)} as c
        from customer where customer.owner_id in (${sql.join(part)})
      ) t group by t.owner_id`.execute(tx);
    for (const r of rows.rows) out.set(r.ownerId, { customers: num(r.customers), subject: num(r.subject), met: num(r.met) });
  }
  return out;
};
