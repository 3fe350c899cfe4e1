import type { TDictionary, TDictionaryItem } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError, invalid } from '../../errors.js';
import { bit, bool, newId, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Row, Tx } from '../../db/schema.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { dictionaryTemplates, type IndustryTemplate } from './dictionary.templates.js';
import { transaction } from '../../db/transaction.js';

const presentItem = (r: Row<'dictionaryItem'>): TDictionaryItem => ({
  id: r.id,
  dictionaryCode: r.dictionaryCode,
  value: r.value,
  labelZh: r.labelZh,
  labelEn: r.labelEn,
  sortOrder: r.sortOrder,
  enabled: bool(r.enabled),
  version: r.version,
});

export const listDictionaries = async (ctx: AppContext): Promise<TDictionary[]> => {
  const [dicts, items] = await Promise.all([
    ctx.db.selectFrom('dictionary').selectAll().orderBy('sortOrder').execute(),
    ctx.db.selectFrom('dictionaryItem').selectAll().orderBy('dictionaryCode').orderBy('sortOrder').orderBy('value').execute(),
  ]);
  return dicts.map((d) => ({
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    items: items.filter((i) => i.dictionaryCode === d.code).map(presentItem),
  }));
};

export const createDictionaryItem = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  code: string,
  input: { value: string; labelZh: string; labelEn: string; sortOrder?: number; enabled?: boolean },
) => {
  requirePermission(auth, 'dictionary.manage');
  const now = toIso(ctx.clock.now());
  return transaction(ctx.db, async (tx) => {
    if (!(await tx.selectFrom('dictionary').select('code').where('code', '=', code).executeTakeFirst())) throw new AppError('not_found');
    if (await tx.selectFrom('dictionaryItem').select('id').where('dictionaryCode', '=', code).where('value', '=', input.value).executeTakeFirst())
      throw invalid('value', 'code_taken');
    const row = {
      id: newId(),
      dictionaryCode: code,
      value: input.value,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      sortOrder: input.sortOrder ?? 0,
      enabled: bit(input.enabled ?? true),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insertInto('dictionaryItem').values(row).execute();
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'create', entity: 'dictionaryItem', entityId: row.id, changes: created(row) });
    return presentItem(row);
  });
};

export const updateDictionaryItem = async (
  ctx: AppContext,
  auth: Auth,
  meta: RequestMeta,
  code: string,
  id: string,
  input: { version: number; labelZh?: string; labelEn?: string; sortOrder?: number; enabled?: boolean },
) => {
  requirePermission(auth, 'dictionary.manage');
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('dictionaryItem').selectAll().where('id', '=', id).where('dictionaryCode', '=', code).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const { version, enabled, ...rest } = input;
    const patch = { ...rest, ...(enabled !== undefined ? { enabled: bit(enabled) } : {}) };
    await updateVersioned(tx, 'dictionaryItem', id, version, patch, toIso(now));
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'dictionaryItem', entityId: id, changes: diff(before, patch) });
    return presentItem(await tx.selectFrom('dictionaryItem').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
};

/** Seeds every dictionary of the chosen industry template; existing values are left as they are. */
export const seedDictionaries = async (tx: Tx, industry: IndustryTemplate, at: Date) => {
  const now = toIso(at);
  const template = dictionaryTemplates[industry];
  for (const [i, d] of template.entries()) {
    await tx.insertInto('dictionary').values({ code: d.code, nameZh: d.zh, nameEn: d.en, sortOrder: i }).onConflict((oc) => oc.column('code').doNothing()).execute();
    await tx
      .insertInto('dictionaryItem')
      .values(
        d.items.map((item, j) => ({
          id: newId(),
          dictionaryCode: d.code,
          value: item.value,
          labelZh: item.zh,
          labelEn: item.en,
          sortOrder: (j + 1) * 10,
          enabled: 1,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflict((oc) => oc.columns(['dictionaryCode', 'value']).doNothing())
      .execute();
  }
  await tx
    .insertInto('setting')
    .values({ key: 'industry', value: JSON.stringify(industry), updatedAt: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(industry), updatedAt: now }))
    .execute();
};
