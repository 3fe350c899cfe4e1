import { getPrivacyPolicy } from './privacy.js';
import { maskAddress, maskPhone, personPinyinKeys, normalizePhone, isMobile, phoneProblem, type TContact } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { AppError, type FieldProblem } from '../../errors.js';
import { bit, bool, newId, toIso } from '../../db/dialect.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Row, Tx } from '../../db/schema.js';
import { created, diff, recordAudit } from '../auditLog/audit.js';
import { findCustomer } from './customer.service.js';
import { recordCustomerEvent } from './customer.events.js';
import { canonicalPhone } from './customer.rules.js';
import { isRealSolarDate, nextOccurrence } from './birthday.js';
import { lockRow, transaction } from '../../db/transaction.js';

export const presentContact = (r: Row<'contact'>, clear: readonly string[] = []): TContact => {
  const masked: string[] = [];
  const mask = (field: string, v: string | null, fn: (s: string) => string) => {
    if (v !== null && clear.includes(field)) return v;
    if (v == null) return v;
    masked.push(field);
    return fn(v);
  };
  return {
    id: r.id,
    customerId: r.customerId,
    name: r.name,
    role: r.role,
    position: r.position,
    employer: r.employer,
    mobile: mask('mobile', r.mobile, maskPhone),
    landline: mask('landline', r.landline, maskPhone),
    email: r.email,
    wechat: r.wechat,
    address: mask('address', r.address, maskAddress),
    gender: r.gender,
    birthdayCalendar: r.birthdayCalendar,
    birthYear: r.birthYear,
    birthMonth: r.birthMonth,
    birthDay: r.birthDay,
    birthLeapMonth: bool(r.birthLeapMonth),
    nextBirthday: r.nextBirthday,
    preferences: r.preferences,
    notes: r.notes,
    isPrimary: bool(r.isPrimary),
    masked,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
};

type ContactInput = Partial<{
  name: string;
  role: string | null;
  position: string | null;
  employer: string | null;
  mobile: string | null;
  landline: string | null;
  email: string | null;
  wechat: string | null;
  address: string | null;
  gender: 'male' | 'female' | null;
  birthdayCalendar: 'solar' | 'lunar' | null;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: boolean;
  preferences: string | null;
  notes: string | null;
  isPrimary: boolean;
}>;

const normalizeContact = async (tx: Tx, input: ContactInput, current: Row<'contact'> | null, today: Date) => {
  const problems: FieldProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) values[k] = typeof v === 'string' && v.trim() === '' ? null : v;
  if (typeof values.name === 'string') values.namePinyin = personPinyinKeys(values.name).full;
  if (typeof values.mobile === 'string') {
    if (!isMobile(values.mobile)) problems.push({ path: 'mobile', key: 'mobile_format' });
    else Object.assign(values, { mobile: normalizePhone(values.mobile), mobileNorm: normalizePhone(values.mobile) });
  } else if (values.mobile === null) values.mobileNorm = null;
  if (typeof values.landline === 'string') {
    if (phoneProblem(values.landline)) problems.push({ path: 'landline', key: 'landline_format' });
    else values.landline = canonicalPhone(values.landline);
  }
  if (typeof values.role === 'string') {
    const ok = await tx.selectFrom('dictionaryItem').select('id').where('dictionaryCode', '=', 'contactRole').where('value', '=', values.role).executeTakeFirst();
    if (!ok) problems.push({ path: 'role', key: 'unknown_dictionary_value' });
  }
  if (values.birthLeapMonth !== undefined) values.birthLeapMonth = bit(values.birthLeapMonth as boolean);
  if (values.isPrimary !== undefined) values.isPrimary = bit(values.isPrimary as boolean);
  // The birthday is whole: calendar, month and day together (year optional).
  const merged = {
    calendar: (values.birthdayCalendar !== undefined ? values.birthdayCalendar : current?.birthdayCalendar) as 'solar' | 'lunar' | null | undefined,
    month: (values.birthMonth !== undefined ? values.birthMonth : current?.birthMonth) as number | null | undefined,
    day: (values.birthDay !== undefined ? values.birthDay : current?.birthDay) as number | null | undefined,
    year: (values.birthYear !== undefined ? values.birthYear : current?.birthYear) as number | null | undefined,
    leap: Boolean(values.birthLeapMonth !== undefined ? values.birthLeapMonth : current?.birthLeapMonth),
  };
  if (merged.month && merged.day) {
    const calendar = merged.calendar ?? 'solar';
    values.birthdayCalendar = calendar;
    if (calendar === 'solar' && !isRealSolarDate(merged.month, merged.day, merged.year)) problems.push({ path: 'birthDay', key: 'invalid_birthday' });
    else if (calendar === 'lunar' && merged.day > 30) problems.push({ path: 'birthDay', key: 'invalid_birthday' });
    else values.nextBirthday = nextOccurrence({ calendar, month: merged.month, day: merged.day, leapMonth: merged.leap }, today);
  } else if (merged.month || merged.day) {
    problems.push({ path: merged.month ? 'birthDay' : 'birthMonth', key: 'required' });
  } else values.nextBirthday = null;
  return { values, problems };
};

const audited = ['name', 'role', 'position', 'employer', 'mobile', 'landline', 'email', 'wechat', 'address', 'gender', 'birthdayCalendar', 'birthYear', 'birthMonth', 'birthDay', 'preferences', 'notes', 'isPrimary'];

export const listContacts = async (ctx: AppContext, auth: Auth, customerId: string) => {
  const customer = await findCustomer(ctx.db, auth, customerId);
  const rows = await ctx.db.selectFrom('contact').selectAll().where('customerId', '=', customerId).orderBy('isPrimary', 'desc').orderBy('createdAt').execute();
  // The owner's phones in clear when the masking policy says so (decision 031).
  const clear = customer.ownerId === auth.userId && (await getPrivacyPolicy(ctx)).ownerSeesOwnPhones ? ['mobile', 'landline'] : [];
  return rows.map((r) => presentContact(r, clear));
};

export const createContact = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, input: ContactInput & { name: string }) => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    await findCustomer(tx, auth, customerId, 'customer.update');
    // Every contact write locks its customer first: one writer per customer at a time keeps
    // "one primary contact" true and cannot deadlock (the unique index is the backstop).
    await lockRow(tx, 'customer', customerId);
    const { values, problems } = await normalizeContact(tx, input, null, now);
    if (problems.length) throw new AppError('validation_failed', problems);
    const row = { id: newId(), customerId, ...values, version: 1, createdAt: toIso(now), updatedAt: toIso(now) } as Row<'contact'>;
    if (row.isPrimary) await tx.updateTable('contact').set({ isPrimary: 0 }).where('customerId', '=', customerId).execute();
    await tx.insertInto('contact').values(row).execute();
    const changes = created(Object.fromEntries(audited.map((k) => [k, (row as any)[k]])));
    await recordCustomerEvent(tx, now, auth, customerId, 'contact_added', { changes, detail: { contactId: row.id } });
    await recordAudit(tx, now, auth, meta, { action: 'create', entity: 'contact', entityId: row.id, changes, detail: { customerId } });
    return presentContact((await tx.selectFrom('contact').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as Row<'contact'>);
  });
};

export const updateContact = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, id: string, input: ContactInput & { version: number }) => {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    await findCustomer(tx, auth, customerId, 'customer.update');
    // Every contact write locks its customer first: one writer per customer at a time keeps
    // "one primary contact" true and cannot deadlock (the unique index is the backstop).
    await lockRow(tx, 'customer', customerId);
    const before = await tx.selectFrom('contact').selectAll().where('id', '=', id).where('customerId', '=', customerId).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    const { version, ...rest } = input;
    const { values, problems } = await normalizeContact(tx, rest, before, now);
    if (problems.length) throw new AppError('validation_failed', problems);
    if (values.isPrimary === 1) await tx.updateTable('contact').set({ isPrimary: 0 }).where('customerId', '=', customerId).where('id', '!=', id).execute();
    await updateVersioned(tx, 'contact', id, version, values, toIso(now));
    const changes = diff(before as unknown as Record<string, unknown>, values, audited);
    if (Object.keys(changes).length) {
      await recordCustomerEvent(tx, now, auth, customerId, 'contact_updated', { changes, detail: { contactId: id, name: before.name } });
      await recordAudit(tx, now, auth, meta, { action: 'update', entity: 'contact', entityId: id, changes, detail: { customerId } });
    }
    return presentContact((await tx.selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Row<'contact'>);
  });
};

export const deleteContact = async (ctx: AppContext, auth: Auth, meta: RequestMeta, customerId: string, id: string, version: number) => {
  const now = ctx.clock.now();
  await transaction(ctx.db, async (tx) => {
    await findCustomer(tx, auth, customerId, 'customer.update');
    // Every contact write locks its customer first: one writer per customer at a time keeps
    // "one primary contact" true and cannot deadlock (the unique index is the backstop).
    await lockRow(tx, 'customer', customerId);
    const before = await tx.selectFrom('contact').selectAll().where('id', '=', id).where('customerId', '=', customerId).executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (before.version !== version) throw new AppError('version_conflict');
    await tx.deleteFrom('contact').where('id', '=', id).execute();
    await recordCustomerEvent(tx, now, auth, customerId, 'contact_removed', { detail: { contactId: id, name: before.name } });
    await recordAudit(tx, now, auth, meta, { action: 'delete', entity: 'contact', entityId: id, detail: { customerId, name: before.name } });
  });
};
