import { widestScope, type DataScope, type Permission } from '@liaison/shared';
import type { Tx } from '../../db/schema.js';
import { recordInScope } from '../../access/access.js';
import { scopeResolver } from './registry.js';

export type Pair = { userId: string; entity: { type: string; id: string } };
const keyOf = (p: Pair) => `${p.userId}|${p.entity.type}|${p.entity.id}`;

/**
 * Which of these users hold `permission` through a role, each with the widest data scope their
 * roles give it (a user without it is absent). One query per 500 users. Digest sections use it
 * to pick, say, the leaders of a batch (`plan.approve`).
 */
export const grantsAmong = async (tx: Tx, userIds: string[], permission: Permission): Promise<Map<string, DataScope>> => {
  const map = new Map<string, DataScope>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await tx
      .selectFrom('userRole')
      .innerJoin('roleGrant', 'roleGrant.roleId', 'userRole.roleId')
      .select(['userRole.userId', 'roleGrant.dataScope'])
      .where('userRole.userId', 'in', userIds.slice(i, i + 500))
      .where('roleGrant.permission', '=', permission)
      .execute();
    for (const r of rows) {
      const s = r.dataScope as DataScope;
      map.set(r.userId, map.has(r.userId) ? widestScope(map.get(r.userId)!, s) : s);
    }
  }
  return map;
};

/**
 * Which (user, record) pairs may be told about: the user is active and the record lies inside
 * their data scope for the resolver's permission. Set-based: one query for the users' grants
 * per permission and one per kind of record, whatever the number of pairs. A kind of record
 * without a registered resolver is never delivered (fail closed).
 */
export const visiblePairs = async (tx: Tx, pairs: Pair[]): Promise<Set<string>> => {
  const out = new Set<string>();
  if (!pairs.length) return out;
  const byType = new Map<string, Pair[]>();
  for (const p of pairs) byType.set(p.entity.type, [...(byType.get(p.entity.type) ?? []), p]);
  const userIds = [...new Set(pairs.map((p) => p.userId))];
  const users = new Map<string, { orgUnitId: string; orgUnitPath: string }>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await tx
      .selectFrom('appUser')
      .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
      .select(['appUser.id', 'appUser.orgUnitId', 'orgUnit.path'])
      .where('appUser.id', 'in', userIds.slice(i, i + 500))
      .where('appUser.status', '=', 'active')
      .execute();
    for (const r of rows) users.set(r.id, { orgUnitId: r.orgUnitId, orgUnitPath: r.path });
  }
  const grantCache = new Map<Permission, Map<string, DataScope>>();
  const grantsFor = async (permission: Permission) => {
    const hit = grantCache.get(permission);
    if (hit) return hit;
    const map = await grantsAmong(tx, [...users.keys()], permission);
    grantCache.set(permission, map);
    return map;
  };

  for (const [type, list] of byType) {
    const resolver = scopeResolver(type);
    if (!resolver) continue;
    const ids = [...new Set(list.map((p) => p.entity.id))];
    const records = new Map<string, Awaited<ReturnType<typeof resolver.load>>[number]>();
    const extra = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const r of await resolver.load(tx, chunk)) records.set(r.id, r);
      if (resolver.alsoVisibleTo) for (const r of await resolver.alsoVisibleTo(tx, chunk)) extra.add(`${r.userId}|${r.id}`);
    }
    const grants = await grantsFor(resolver.permission);
    for (const p of list) {
      const user = users.get(p.userId);
      const record = records.get(p.entity.id);
      if (!user || !record) continue;
      if (extra.has(`${p.userId}|${p.entity.id}`) || recordInScope({ userId: p.userId, ...user, scope: grants.get(p.userId) }, record)) out.add(keyOf(p));
    }
  }
  return out;
};

export const pairKey = keyOf;
