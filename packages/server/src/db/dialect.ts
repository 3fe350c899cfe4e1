import { v7 as uuidv7 } from 'uuid';

/**
 * What the two drivers do differently lives here and nowhere else.
 * - times: ISO-8601 UTC text with milliseconds (`2026-11-23T07:08:00.000Z`); sorts as it reads
 *   and compares correctly on both databases (docs/decisions/002-portable-types.md);
 * - booleans: integers 0/1 on both, turned into JS booleans in repositories;
 * - counts: PostgreSQL returns INT8 as a string;
 * - ids: time-ordered UUIDv7 made by the application.
 */
export const newId = (): string => uuidv7();

export const toIso = (d: Date): string => d.toISOString();

export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
export const bit = (v: boolean | undefined | null): number => (v ? 1 : 0);

export const num = (v: unknown): number => (typeof v === 'number' ? v : v == null ? 0 : Number(v));

export const json = <T>(v: unknown): T | null => {
  if (v == null) return null;
  if (typeof v === 'string') return JSON.parse(v) as T;
  return v as T;
};
export const toJson = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));

/** Escapes LIKE wildcards in user text; queries use `ESCAPE '\'`. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
