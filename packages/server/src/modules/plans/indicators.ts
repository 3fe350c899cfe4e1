import { sql } from 'kysely';
import { periodRange, type PeriodKind, type TIndicator } from '@liaison/shared';
import type { Row, Tx } from '../../db/schema.js';
import { bool, num } from '../../db/dialect.js';
import { isPostgres } from '../../db/transaction.js';
import { coverageByOwner, loadContactSettings } from '../visits/compliance.js';

/**
 * What an indicator measured for a manager in a period. Additive indicators (sum, count) carry
 * `value`; ratios carry numerator and denominator too, so a unit's ratio is Σnumerator ÷
 * Σdenominator — never the sum or mean of its managers' percentages.
 */
export type Measure = { value: number | null; numerator: number | null; denominator: number | null };

export const presentIndicator = (r: Row<'indicator'>): TIndicator => ({
  id: r.id,
  code: r.code,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  unit: r.unit,
  source: r.source,
  field: r.field,
  aggregation: r.aggregation,
  builtin: bool(r.builtin),
  enabled: bool(r.enabled),
  sortOrder: num(r.sortOrder),
  version: num(r.version),
});

/** A ratio in per cent with one decimal; null when there is nothing to divide by. */
export const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : null);

const round2 = (n: number) => Math.round(n * 100) / 100;

type Counts = Map<string, number>;

const grouped = async (q: Promise<{ k: string | null; n: unknown }[]>): Promise<Counts> => new Map((await q).filter((r) => r.k).map((r) => [r.k!, num(r.n)]));

/**
 * Actuals of the given indicators for the given managers in one period, one grouped query per
 * indicator (never one per manager). Counts are by visit start time, customer creation and
 * stage change in Asia/Shanghai periods (shared/time/periods.ts); business figures are monthly
 * and sum over the customers each manager held in that month (customer_ownership, decision 064).
 */
export const measure = async (tx: Tx, indicators: Row<'indicator'>[], managerIds: string[], kind: PeriodKind, period: string): Promise<Map<string, Map<string, Measure>>> => {
  const out = new Map<string, Map<string, Measure>>();
  if (!managerIds.length || !indicators.length) return out;
  const range = periodRange(kind, period);
  const settings = await loadContactSettings(tx);
  const doneVisits = (extra?: (qb: any) => any) => {
    let q: any = tx
      .selectFrom('visit')
      .select(['visit.managerId as k', sql<number>`count(*)`.as('n')])
      .where('visit.managerId', 'in', managerIds)
      .where('visit.status', '=', 'done')
      .where('visit.startAt', '>=', range.from)
      .where('visit.startAt', '<', range.to)
      .groupBy('visit.managerId');
    if (extra) q = extra(q);
    return grouped(q.execute());
  };
  const additive = (counts: Counts): Map<string, Measure> => new Map(managerIds.map((m) => [m, { value: counts.get(m) ?? 0, numerator: null, denominator: null }]));

  for (const ind of indicators) {
    let result: Map<string, Measure>;
    if (ind.source === 'figure') {
      result = kind === 'week' ? new Map(managerIds.map((m) => [m, { value: null, numerator: null, denominator: null }])) : await figures(tx, ind, managerIds, period);
    } else {
      switch (ind.code) {
        case 'visits':
          result = additive(await doneVisits());
          break;
        case 'onsiteVisits':
          result = additive(await doneVisits((q) => q.where('visit.method', '=', 'onsite')));
          break;
        case 'phoneContacts':
          result = additive(await doneVisits((q) => q.where('visit.method', 'in', settings.phoneMethods)));
          break;
        case 'keyCustomerVisits':
          result = additive(await doneVisits((q) => q.innerJoin('customer', 'customer.id', 'visit.customerId').where('customer.isKey', '=', 1)));
          break;
        case 'newProspects':
          result = additive(
            await grouped(
              tx
                .selectFrom('customer')
                .select(['customer.createdBy as k', sql<number>`count(*)`.as('n')])
                .where('customer.createdBy', 'in', managerIds)
                .where('customer.createdAt', '>=', range.from)
                .where('customer.createdAt', '<', range.to)
                .groupBy('customer.createdBy')
                .execute(),
            ),
          );
          break;
        case 'wonCustomers':
          result = additive(await wonCustomers(tx, managerIds, range));
          break;
        case 'coverage': {
          const cov = await coverageByOwner(tx, managerIds, kind, period);
          result = new Map(
            managerIds.map((m) => {
              const c = cov.get(m) ?? { subject: 0, met: 0 };
              return [m, { value: ratio(c.met, c.subject), numerator: c.met, denominator: c.subject }];
            }),
          );
          break;
        }
        case 'plannedCompletion': {
          // Visits that belonged to a plan and started in the period: done ÷ all but cancelled.
          const rows = await tx
            .selectFrom('visit')
            .select(['visit.managerId as k', sql<number>`sum(case when visit.status = 'done' then 1 else 0 end)`.as('done'), sql<number>`count(*)`.as('n')])
            .where('visit.managerId', 'in', managerIds)
            .where('visit.planId', 'is not', null)
            .where('visit.status', '!=', 'cancelled')
            .where('visit.startAt', '>=', range.from)
            .where('visit.startAt', '<', range.to)
            .groupBy('visit.managerId')
            .execute();
          const by = new Map(rows.map((r) => [r.k, { done: num(r.done), n: num(r.n) }]));
          result = new Map(
            managerIds.map((m) => {
              const c = by.get(m) ?? { done: 0, n: 0 };
              return [m, { value: ratio(c.done, c.n), numerator: c.done, denominator: c.n }];
            }),
          );
          break;
        }
        default:
          result = new Map(managerIds.map((m) => [m, { value: null, numerator: null, denominator: null }]));
      }
    }
    out.set(ind.id, result);
  }
  return out;
};

/**
 * Customers moved to won (or on to maintained) in the period, each counted for the manager who
 * held it at the moment of the stage change (customer_ownership, decisions 064 and 066) — not
 * for today's holder: a customer won on 30 November and handed over on 1 December is the old
 * manager's November win; one won and then released to the pool still counts for who won it.
 * A customer whose stage changed before it came into Liaison counts for its first holder; one
 * won while in the pool counts for no one.
 */
const wonCustomers = async (tx: Tx, managerIds: string[], range: { from: string; to: string }): Promise<Counts> =>
  grouped(
    tx
      .selectFrom('customer')
      .innerJoin('customerOwnership as o', 'o.customerId', 'customer.id')
      .select(['o.ownerId as k', sql<number>`count(*)`.as('n')])
      .where('o.ownerId', 'in', managerIds)
      .where('customer.stage', 'in', ['won', 'maintained'])
      .where('customer.stageChangedAt', '>=', range.from)
      .where('customer.stageChangedAt', '<', range.to)
      .where((eb) =>
        eb.or([
          // The stretch that held the customer when its stage changed: [fromAt, toAt).
          eb.and([eb('o.fromAt', '<=', eb.ref('customer.stageChangedAt')), eb.or([eb('o.toAt', 'is', null), eb('o.toAt', '>', eb.ref('customer.stageChangedAt'))])]),
          // Changed before any stretch: the first holder.
          eb.and([
            eb.not(eb.exists(eb.selectFrom('customerOwnership as before').select('before.id').whereRef('before.customerId', '=', 'customer.id').whereRef('before.fromAt', '<=', 'customer.stageChangedAt'))),
            eb.not(eb.exists(eb.selectFrom('customerOwnership as first').select('first.id').whereRef('first.customerId', '=', 'o.customerId').whereRef('first.fromAt', '<', 'o.fromAt'))),
          ]),
        ]),
      )
      .groupBy('o.ownerId')
      .execute(),
  );

const NATIVE_FIELDS = new Set(['volume', 'profit', 'daysLate']);

/** A business figure of the month over each manager's customers: their sum, or how many have it. */
const figures = async (tx: Tx, ind: Row<'indicator'>, managerIds: string[], month: string): Promise<Map<string, Measure>> => {
  const field = ind.field ?? '';
  const pg = isPostgres(tx);
  const value = NATIVE_FIELDS.has(field)
    ? sql.ref(`businessFigure.${field}`)
    : pg
      ? sql`(business_figure.metrics::jsonb ->> ${field})::double precision`
      : sql`json_extract(business_figure.metrics, ${'$."' + field.replace(/["\\]/g, '') + '"'})`;
  const agg = ind.aggregation === 'count' ? sql<number>`count(${value})` : sql<number>`sum(${value})`;
  const { from, to } = periodRange('month', month);
  // The customer's holder in that month (decision 064): the last stretch of ownership that
  // overlaps the month; for a customer that came into Liaison after the month (imported
  // history), its first holder. A month spent wholly in the pool counts for no one.
  const rows = await tx
    .selectFrom('businessFigure')
    .innerJoin('customerOwnership as o', 'o.customerId', 'businessFigure.customerId')
    .select(['o.ownerId as k', agg.as('n')])
    .where('o.ownerId', 'in', managerIds)
    .where('businessFigure.month', '=', month)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('o.fromAt', '<', to),
          eb.or([eb('o.toAt', 'is', null), eb('o.toAt', '>', from)]),
          eb.not(eb.exists(eb.selectFrom('customerOwnership as later').select('later.id').whereRef('later.customerId', '=', 'o.customerId').where('later.fromAt', '<', to).whereRef('later.fromAt', '>', 'o.fromAt'))),
        ]),
        eb.and([
          eb.not(eb.exists(eb.selectFrom('customerOwnership as before').select('before.id').whereRef('before.customerId', '=', 'o.customerId').where('before.fromAt', '<', to))),
          eb.not(eb.exists(eb.selectFrom('customerOwnership as first').select('first.id').whereRef('first.customerId', '=', 'o.customerId').whereRef('first.fromAt', '<', 'o.fromAt'))),
        ]),
      ]),
    )
    .groupBy('o.ownerId')
    .execute();
  const by = new Map(rows.map((r) => [r.k!, r.n == null ? null : round2(num(r.n))]));
  return new Map(managerIds.map((m) => [m, { value: by.get(m) ?? (ind.aggregation === 'count' ? 0 : null), numerator: null, denominator: null }]));
};

/** Completion in per cent (actual ÷ target) and the gap (target − actual). */
export const completionOf = (target: number | null, actual: number | null): { completion: number | null; gap: number | null } => ({
  completion: target != null && target > 0 && actual != null ? Math.round((actual / target) * 1000) / 10 : null,
  gap: target != null && actual != null ? round2(target - actual) : null,
});

/** A unit's total of its members' measures, by the indicator's aggregation. */
export const aggregate = (aggregation: Row<'indicator'>['aggregation'], measures: Measure[]): Measure => {
  if (aggregation === 'ratio') {
    const n = measures.reduce((s, m) => s + (m.numerator ?? 0), 0);
    const d = measures.reduce((s, m) => s + (m.denominator ?? 0), 0);
    return { value: ratio(n, d), numerator: n, denominator: d };
  }
  const values = measures.map((m) => m.value).filter((v): v is number => v != null);
  return { value: values.length ? round2(values.reduce((s, v) => s + v, 0)) : null, numerator: null, denominator: null };
};
