import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { AppError, type FieldProblem } from '../../errors.js';
import { bool, newId, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Row } from '../../db/schema.js';
import { recordAudit } from '../auditLog/audit.js';
import { findCustomer } from './customer.service.js';
import { recordCustomerEvent } from './customer.events.js';
import { isRealSolarDate, nextOccurrence } from './birthday.js';
import { transaction } from '../../db/transaction.js';

export type KeyDateInput = { kind: string; title: string; calendar: 'solar' | 'lunar'; month: number; day: number; year?: number | null; leapMonth?: boolean; contactId?: string | null; remindDaysBefore?: number };

const present = (r: Row<'keyDate'>) => ({ ...r, leapMonth: bool(r.leapMonth) });

const check = async (ctx: AppContext, customerId: string, input: KeyDateInput) => {
  const problems: FieldProblem[] = [];
  const kind = await ctx.db.selectFrom('dictionaryItem').select('id').where('dictionaryCode', '=', 'keyDateKind').where('value', '=', input.kind).executeTakeFirst();
  if (!kind) problems.push({ path: 'kind', key: 'unknown_dictionary_value' });
  if (input.calendar === 'solar' && !isRealSolarDate(input.month, input.day, input.year)) problems.push({ path: 'day', key: 'invalid_birthday' });
  if (input.calendar === 'lunar' && input.day > 30) problems.push({ path: 'day', key: 'invalid_birthday' });
  if (input.contactId && !(await ctx.db.selectFrom('contact').select('id').where('id', '=', input.contactId).where('customerId', '=', customerId).executeTakeFirst()))
    problems.push({ path: 'contactId', key: 'not_found_some' });
  if (problems.length) throw new AppError('validation_failed', problems);
};

/** Important dates (birthdays, anniversaries, festivals) with their next solar date, for reminders. */
export const listKeyDates = async (ctx: AppContext, auth: Auth, customerId: string) => {
  await findCustomer(ctx.db, auth, customerId);
  return (await ctx.db.selectFrom('keyDate').selectAll().where('customerId', '=', customerId).orderBy('nextDate').execute()).map(present);
};

export const createKeyDate = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, input: KeyDateInput) => {
  const now = ctx.clock.now();
  await findCustomer(ctx.db, auth, customerId, 'customer.update');
  await check(ctx, customerId, input);
  const row = {
    id: newId(),
    customerId,
    contactId: input.contactId ?? null,
    kind: input.kind,
    title: input.title,
    calendar: input.calendar,
    year: input.year ?? null,
    month: input.month,
    day: input.day,
    leapMonth: input.leapMonth ? 1 : 0,
    nextDate: nextOccurrence({ calendar: input.calendar, month: input.month, day: input.day, leapMonth: input.leapMonth }, now),
    remindDaysBefore: input.remindDaysBefore ?? 3,
    version: 1,
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
  await transaction(ctx.db, async (tx) => {
    await tx.insertInto('keyDate').values(row).execute();
    await recordCustomerEvent(tx, now, auth, customerId, 'key_date_added', { detail: { title: input.title, nextDate: row.nextDate } });
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'keyDate', entityId: row.id, detail: { customerId, title: input.title } });
  });
  return present(row);
};

export const updateKeyDate = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, id: string, input: Partial<KeyDateInput> & { version: number }) => {
  const now = ctx.clock.now();
  await findCustomer(ctx.db, auth, customerId, 'customer.update');
  const before = await ctx.db.selectFrom('keyDate').selectAll().where('id', '=', id).where('customerId', '=', customerId).executeTakeFirst();
  if (!before) throw new AppError('not_found');
  const merged = { ...present(before), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as KeyDateInput & { version: number };
  await check(ctx, customerId, merged);
  const { version, leapMonth, ...rest } = input;
  await transaction(ctx.db, async (tx) => {
    await updateVersioned(
      tx,
      'keyDate',
      id,
      version,
      {
        ...rest,
        ...(leapMonth !== undefined ? { leapMonth: leapMonth ? 1 : 0 } : {}),
        nextDate: nextOccurrence({ calendar: merged.calendar, month: merged.month, day: merged.day, leapMonth: merged.leapMonth }, now),
      },
      toIso(now),
    );
    await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'keyDate', entityId: id, detail: { customerId } });
  });
  return present((await ctx.db.selectFrom('keyDate').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row<'keyDate'>);
};

export const deleteKeyDate = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, id: string) => {
  await findCustomer(ctx.db, auth, customerId, 'customer.update');
  await transaction(ctx.db, async (tx) => {
    const res = await tx.deleteFrom('keyDate').where('id', '=', id).where('customerId', '=', customerId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new AppError('not_found');
    await recordAudit(tx, ctx.clock.now(), auth, meta, { action: 'delete', entity: 'keyDate', entityId: id, detail: { customerId } });
  });
};
