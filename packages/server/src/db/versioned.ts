import { sql } from 'kysely';
import { AppError } from '../errors.js';
import type { Database, Tx } from './schema.js';

type Versioned = { [K in keyof Database]: Database[K] extends { id: string; version: number; updatedAt: string } ? K : never }[keyof Database];

/**
 * Optimistic concurrency: the update lands only if the caller saw the current version.
 * A stale version is a 409 and changes nothing.
 */
export const updateVersioned = async <T extends Versioned>(
  tx: Tx,
  table: T,
  id: string,
  version: number,
  patch: Record<string, unknown>,
  updatedAt: string,
): Promise<void> => {
  const result = await (tx as any)
    .updateTable(table)
    // The database adds one to what it holds: the caller's number never lands in the column, so
    // a version no row can have is a plain 409 on both databases.
    .set({ ...patch, updatedAt, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await (tx as any).selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    throw new AppError(exists ? 'version_conflict' : 'not_found');
  }
};
