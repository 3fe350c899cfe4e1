import { ZReclaimRules, defaultReclaimRules, type TReclaimRules } from '@liaison/shared';
import type { Tx } from '../../db/schema.js';
import { toIso } from '../../db/dialect.js';

const KEY = 'customer.reclaimRules';

export const getReclaimRules = async (tx: Tx): Promise<TReclaimRules> => {
  const row = await tx.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return defaultReclaimRules;
  const parsed = ZReclaimRules.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : defaultReclaimRules;
};

export const saveReclaimRules = async (tx: Tx, rules: TReclaimRules, at: Date) => {
  await tx
    .insertInto('setting')
    .values({ key: KEY, value: JSON.stringify(rules), updatedAt: toIso(at) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(rules), updatedAt: toIso(at) }))
    .execute();
};
