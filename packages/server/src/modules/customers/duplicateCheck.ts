import type { Auth } from '../../access/auth.js';
import { inScope } from '../../access/access.js';
import { AppError } from '../../errors.js';
import type { Tx } from '../../db/schema.js';
import { customerScope } from './customer.scope.js';

type Location = 'pool' | 'mine' | 'colleague';
type Match = { reason: 'creditCode' | 'idNumber' | 'licenceNo' | 'name' | 'phone'; location: Location; customerId?: string; name?: string };

const locate = (auth: Auth, ownerId: string | null): Location => (ownerId === null ? 'pool' : ownerId === auth.userId ? 'mine' : 'colleague');

/**
 * Same credit code / ID number / licence is a hard duplicate (409 duplicate_customer); the same
 * normalised name or phone is a warning the caller may override with `confirmDuplicates`.
 * The caller learns where a match sits (pool, theirs, a colleague's) but sees its id and name
 * only when the customer is inside their own read scope.
 */
export const duplicateCheck = async (
  tx: Tx,
  auth: Auth,
  values: { creditCode?: unknown; idNumber?: unknown; licenceNo?: unknown; nameNorm?: unknown; phoneNorm?: unknown },
  opts: { exceptId?: string; confirm?: boolean },
): Promise<void> => {
  const hardKeys = (['creditCode', 'idNumber', 'licenceNo'] as const).filter((k) => typeof values[k] === 'string' && values[k]);
  const softKeys = (['nameNorm', 'phoneNorm'] as const).filter((k) => typeof values[k] === 'string' && values[k]);
  if (!hardKeys.length && (!softKeys.length || opts.confirm)) return;

  const visible = async (ids: string[]) => {
    if (!ids.length || !auth.grants.has('customer.read')) return new Set<string>();
    const rows = await tx.selectFrom('customer').select('customer.id').where('customer.id', 'in', ids).where(inScope(auth, 'customer.read', customerScope)).execute();
    return new Set(rows.map((r) => r.id));
  };
  const describe = async (rows: { id: string; name: string; ownerId: string | null; reason: Match['reason'] }[]): Promise<Match[]> => {
    const seen = await visible(rows.map((r) => r.id));
    return rows.map((r) => ({
      reason: r.reason,
      location: locate(auth, r.ownerId),
      ...(seen.has(r.id) ? { customerId: r.id, name: r.name } : {}),
    }));
  };

  if (hardKeys.length) {
    let q = tx
      .selectFrom('customer')
      .select(['id', 'name', 'ownerId', 'creditCode', 'idNumber', 'licenceNo'])
      .where((eb) => eb.or(hardKeys.map((k) => eb(k, '=', values[k] as string))));
    if (opts.exceptId) q = q.where('id', '!=', opts.exceptId);
    const hits = await q.limit(5).execute();
    if (hits.length) {
      const rows = hits.map((h) => ({ ...h, reason: hardKeys.find((k) => h[k] === values[k])! }));
      const matches = await describe(rows);
      throw new AppError('duplicate_customer', [{ path: matches[0]!.reason, key: 'duplicate_' + matches[0]!.location }], {}, { matches });
    }
  }
  if (softKeys.length && !opts.confirm) {
    let q = tx
      .selectFrom('customer')
      .select(['id', 'name', 'ownerId', 'nameNorm', 'phoneNorm'])
      .where((eb) => eb.or(softKeys.map((k) => eb(k, '=', values[k] as string))));
    if (opts.exceptId) q = q.where('id', '!=', opts.exceptId);
    const hits = await q.limit(10).execute();
    if (hits.length) {
      const rows = hits.map((h) => ({ ...h, reason: (h.nameNorm === values.nameNorm ? 'name' : 'phone') as Match['reason'] }));
      throw new AppError('possible_duplicate', [], {}, { matches: await describe(rows) });
    }
  }
};
