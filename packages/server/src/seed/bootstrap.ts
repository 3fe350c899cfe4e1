import { builtinRoleGrants, builtinRoles, type BuiltinRole } from '@liaison/shared';
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
  if (await db.selectFrom('orgUnit').select('id').where('parentId', 'is', null).executeTakeFirst()) return false;
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
  });
  return true;
};
