import { sql } from 'kysely';
import type { Auth } from '../../access/auth.js';
import { unitInScope } from '../../access/access.js';
import type { Tx } from '../../db/schema.js';

/**
 * A pool is visible to a caller when it belongs to their own unit or an ancestor (a manager
 * claims from the team's and the city's pools), or lies inside their customer read scope
 * (a leader oversees the pools of the subtree).
 */
export const visiblePoolsQuery = (tx: Tx, auth: Auth) =>
  tx
    .selectFrom('pool')
    .innerJoin('orgUnit as poolUnit', 'poolUnit.id', 'pool.orgUnitId')
    .where((eb) => {
      const ors = [eb(sql`${auth.orgUnitPath}`, 'like', sql`pool_unit.path || '%'`)];
      const scope = auth.grants.get('customer.read');
      if (scope === 'all') ors.push(sql<boolean>`1 = 1` as any);
      if (scope === 'unitTree') ors.push(eb(sql`pool_unit.path`, 'like', `${auth.orgUnitPath}%`));
      if (scope === 'unit') ors.push(eb('pool.orgUnitId', '=', auth.orgUnitId));
      return eb.or(ors);
    });

export const visiblePool = async (tx: Tx, auth: Auth, poolId: string) =>
  (await visiblePoolsQuery(tx, auth).select(['pool.id', 'pool.orgUnitId', 'pool.maxHeld', 'pool.maxClaimsPerDay', 'pool.reclaimCooldownDays']).where('pool.id', '=', poolId).executeTakeFirst()) ?? null;

/** Pool administration (limits, new pools) stays inside the pool.manage scope. */
export const poolManageable = (auth: Auth, unit: { id: string; path: string }) => unitInScope(auth, 'pool.manage', unit);

/** The pool a unit's released or reclaimed customers go to: its own, else the nearest ancestor's. */
export const poolForUnit = async (tx: Tx, orgUnitId: string) =>
  tx
    .selectFrom('orgUnit as unit')
    .innerJoin('orgUnit as anc', (join) => join.on(sql<boolean>`unit.path like anc.path || '%'`))
    .innerJoin('pool', 'pool.orgUnitId', 'anc.id')
    .select(['pool.id', 'pool.orgUnitId'])
    .where('unit.id', '=', orgUnitId)
    .orderBy('anc.depth', 'desc')
    .orderBy('pool.isDefault', 'desc')
    .limit(1)
    .executeTakeFirst();
