import { hash, verify } from '@node-rs/argon2';
import type { FieldProblem } from '../../errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export const verifyPassword = async (stored: string, password: string): Promise<boolean> => {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};

/** Password policy: at least 10 characters, not containing the username. */
export const passwordProblems = (password: string, username: string, path = 'password'): FieldProblem[] => {
  if ([...password].length < 10) return [{ path, key: 'password_too_short' }];
  if (username && password.toLowerCase().includes(username.toLowerCase())) return [{ path, key: 'password_contains_username' }];
  return [];
};

/** A hash to verify against when the user does not exist, so timing does not reveal that. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword('liaison-no-such-user'));
