import type { Db } from '../db/schema.js';
import { newId, toIso } from '../db/dialect.js';
import { hashPassword } from '../modules/auth/password.js';
import { newUserRow } from '../modules/users/user.row.js';

export const DEMO_PASSWORD = 'liaison-demo';

type DemoUnit = { code: string; name: string; kind: 'city' | 'team'; parent: string };
const units: DemoUnit[] = [
  { code: 'HZ', name: '杭州市分公司', kind: 'city', parent: 'ROOT' },
  { code: 'NB', name: '宁波市分公司', kind: 'city', parent: 'ROOT' },
  { code: 'HZ-XH', name: '西湖营销部', kind: 'team', parent: 'HZ' },
  { code: 'HZ-BJ', name: '滨江营销部', kind: 'team', parent: 'HZ' },
  { code: 'NB-HS', name: '海曙营销部', kind: 'team', parent: 'NB' },
  { code: 'NB-YZ', name: '鄞州营销部', kind: 'team', parent: 'NB' },
];

type DemoUser = { username: string; displayName: string; unit: string; role: string; grade?: 'junior' | 'middle' | 'senior' };
export const demoUsers: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', unit: 'ROOT', role: 'admin' },
  { username: 'leader1', displayName: '王建国', unit: 'HZ', role: 'leader' },
  { username: 'leader2', displayName: '陈丽华', unit: 'NB', role: 'leader' },
  { username: 'manager1', displayName: '张伟', unit: 'HZ-XH', role: 'manager', grade: 'senior' },
  { username: 'manager2', displayName: '李娜', unit: 'HZ-XH', role: 'manager', grade: 'middle' },
  { username: 'manager3', displayName: '刘洋', unit: 'HZ-BJ', role: 'manager', grade: 'junior' },
  { username: 'manager4', displayName: '赵敏', unit: 'HZ-BJ', role: 'manager', grade: 'middle' },
  { username: 'manager5', displayName: '孙强', unit: 'NB-HS', role: 'manager', grade: 'senior' },
  { username: 'manager6', displayName: '周婷', unit: 'NB-HS', role: 'manager', grade: 'junior' },
  { username: 'manager7', displayName: '吴磊', unit: 'NB-YZ', role: 'manager', grade: 'middle' },
  { username: 'manager8', displayName: '郑静', unit: 'NB-YZ', role: 'manager', grade: 'junior' },
  { username: 'handler1', displayName: '黄海', unit: 'HZ', role: 'handler' },
  { username: 'auditor1', displayName: '何平', unit: 'ROOT', role: 'auditor' },
];

/** The demo organisation: 省公司 → 2 市公司 → 4 teams and 13 users. Only into an empty org. */
export const seedDemo = async (db: Db, at: Date): Promise<boolean> => {
  if (await db.selectFrom('appUser').select('id').executeTakeFirst()) return false;
  const now = toIso(at);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const root = await tx.selectFrom('orgUnit').selectAll().where('parentId', 'is', null).executeTakeFirstOrThrow();
    await tx.updateTable('orgUnit').set({ name: '浙江省公司', code: 'ROOT' }).where('id', '=', root.id).execute();
    const byCode = new Map([['ROOT', root]]);
    for (const [i, u] of units.entries()) {
      const parent = byCode.get(u.parent)!;
      const id = newId();
      const row = { id, parentId: parent.id, name: u.name, code: u.code, kind: u.kind, path: `${parent.path}${id}/`, depth: parent.depth + 1, sortOrder: i, version: 1, createdAt: now, updatedAt: now };
      await tx.insertInto('orgUnit').values(row).execute();
      byCode.set(u.code, row);
    }
    const roles = new Map((await tx.selectFrom('role').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    for (const u of demoUsers) {
      const row = newUserRow(
        { username: u.username, displayName: u.displayName, passwordHash, orgUnitId: byCode.get(u.unit)!.id, grade: u.grade, email: `${u.username}@demo.liaison.local`, mustChangePassword: false },
        now,
      );
      const id = row.id;
      await tx.insertInto('appUser').values(row).execute();
      await tx.insertInto('userRole').values({ userId: id, roleId: roles.get(u.role)! }).execute();
    }
  });
  return true;
};
