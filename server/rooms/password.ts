/** The server's password at a room's door: every room (match, listing, watch) asks it the same way. */
import { ServerError } from '@colyseus/core';
import { JoinError } from '../../shared/protocol.js';
import { sameSecret } from '../net/secret.js';

/** Throws the join error of a missing or wrong password when the server has one. */
export function requirePassword(options: unknown, password: string | undefined): void {
  if (password === undefined) return;
  const given =
    typeof options === 'object' && options !== null
      ? (options as { password?: unknown }).password
      : undefined;
  if (!sameSecret(given, password)) throw new ServerError(JoinError.badPassword, 'wrong or missing password');
}
