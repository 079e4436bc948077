/** Comparing secrets (the server password, the admin token) in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether `given` is the string `expected`. Both are hashed first, so the
 * comparison takes the same time whatever their lengths and contents.
 */
export function sameSecret(given: unknown, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer …` header (all of the rest, so a password may hold spaces), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer +(.+)$/i.exec(header?.trim() ?? '');
  return m ? m[1] : undefined;
}
