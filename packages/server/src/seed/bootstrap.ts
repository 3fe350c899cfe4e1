import { builtinRoleGrants, builtinRoles, permissions, type BuiltinRole } from '@liaison/shared';
import type { Db } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { seedDictionaries } from '../modules/dictionary/dictionary.service.js';
import type { IndustryTemplate } from '../modules/dictionary/dictionary.templates.js';

export const builtinRoleNames: Record<BuiltinRole, { name: string; description: string }> = {
  manager: { name: '客户经理', description: '维护本人名下客户，拜访、记录、计划、工单' },
  leader: { name: '主管', description: '本机构及下级机构的全部客户与人员；审批计划、分配、考核' },
  handler: { name: '处理人员', description: '处理派给本机构的投诉、故障' },
  riskOfficer: { name: '风险经理', description: '本机构及下级机构的风险数据' },
  auditor: { name: '稽核', description: '只读全部数据与审计日志；离岗审计' },
  admin: { name: '管理员', description: '系统配置、用户、字典；默认不看客户数据' },
};

/**
 * Makes an empty database usable: the six built-in roles, a root org unit and the
 * dictionaries of the chosen industry. Idempotent: does nothing once a root unit exists.
 */
export const bootstrap = async (db: Db, industry: IndustryTemplate, at: Date, rootName = '省公司'): Promise<boolean> => {
  if (await db.selectFrom('orgUnit').select('id').where('parentId', 'is', null).executeTakeFirst()) {
    await grantNewPermissions(db, at);
    return false;
  }
  const now = toIso(at);
  await db.transaction().execute(async (tx) => {
    for (const code of builtinRoles) {
      const id = newId();
      await tx.insertInto('role').values({ id, code, ...builtinRoleNames[code], builtin: 1, version: 1, createdAt: now, updatedAt: now }).execute();
      await tx.insertInto('roleGrant').values(builtinRoleGrants[code].map((g) => ({ roleId: id, ...g }))).execute();
    }
    const rootId = newId();
    await tx
      .insertInto('orgUnit')
      .values({ id: rootId, parentId: null, name: rootName, code: 'ROOT', kind: 'province', path: `/${rootId}/`, depth: 0, sortOrder: 0, version: 1, createdAt: now, updatedAt: now })
      .execute();
    await seedDictionaries(tx, industry, at);
    await rememberPermissions(tx, at);
  });
  return true;
};

const KNOWN_PERMISSIONS = 'roles.knownPermissions';

const rememberPermissions = (tx: Db, at: Date) =>
  tx
    .insertInto('setting')
    .values({ key: KNOWN_PERMISSIONS, value: JSON.stringify(permissions), updatedAt: toIso(at) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(permissions), updatedAt: toIso(at) }))
    .execute();

/**
 * After an upgrade that brings new permissions (visits, tickets, …), the built-in roles get the
 * grants the release ships for them — once. A permission the installation has already seen is
 * left as the administrator set it, so an admin who took a grant away keeps it away.
 */
export const grantNewPermissions = async (db: Db, at: Date): Promise<string[]> => {
  const row = await db.selectFrom('setting').select('value').where('key', '=', KNOWN_PERMISSIONS).executeTakeFirst();
  // Installations from before this mechanism knew exactly what their built-in roles were seeded with.
  const known = new Set<string>(row ? (JSON.parse(row.value) as string[]) : await grantedPermissions(db));
  const fresh = permissions.filter((p) => !known.has(p));
  await db.transaction().execute(async (tx) => {
    if (fresh.length) {
      const roles = await tx.selectFrom('role').select(['id', 'code']).where('builtin', '=', 1).execute();
      const rows = roles.flatMap((r) =>
        (builtinRoleGrants[r.code as BuiltinRole] ?? []).filter((g) => fresh.includes(g.permission)).map((g) => ({ roleId: r.id, ...g })),
      );
      if (rows.length) await tx.insertInto('roleGrant').values(rows).onConflict((oc) => oc.columns(['roleId', 'permission']).doNothing()).execute();
    }
    if (fresh.length || !row) await rememberPermissions(tx, at);
  });
  return fresh;
};

const grantedPermissions = async (db: Db): Promise<string[]> =>
  (await db.selectFrom('roleGrant').select('permission').distinct().execute()).map((r) => r.permission);
