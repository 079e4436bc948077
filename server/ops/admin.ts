/**
 * Who may read the operator's routes (`/metrics`, the monitor at
 * `/colyseus`). With `ADMIN_PASSWORD` set: whoever sends it, as
 * `Authorization: Bearer <it>` or HTTP basic auth (any user name, the
 * password). Without it: `/metrics` answers loopback clients only (a
 * scraper on the same machine, or one reached through an SSH tunnel), and
 * the monitor does not exist.
 *
 * Secrets are compared in constant time over their SHA-256 (server/net/secret.ts);
 * a wrong one is a 401, which the guard counts as a failed attempt of the
 * address (server/net/guard.ts: lock-outs as for any wrong password).
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken, sameSecret } from '../net/secret.js';

/** The realm named in the basic-auth challenge. */
export const REALM = 'Liquid Metal admin';

/** The password of an `Authorization: Basic …` header (whatever the user name), or undefined. */
export function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Whether `req` carries the admin password, as a bearer token or a basic-auth password. */
export function hasAdminPassword(req: IncomingMessage, adminPassword: string): boolean {
  const header = req.headers.authorization;
  // Both are computed: the time taken does not tell which form was tried.
  const bearer = sameSecret(bearerToken(header), adminPassword);
  const basic = sameSecret(basicPassword(header), adminPassword);
  return bearer || basic;
}

/** Whether `ip` is a loopback address (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const bare = ip.replace(/^::ffff:/i, '');
  return bare.startsWith('127.') || bare === '::1';
}

/**
 * Whether `req` comes from this machine: its socket's peer is loopback, and
 * so is the address the guard settled on (the one `X-Forwarded-For` it
 * pinned) — behind a reverse proxy on the same machine, a request the proxy
 * forwards is from its client, not from loopback.
 */
export function fromLoopback(req: IncomingMessage): boolean {
  if (!isLoopback(req.socket.remoteAddress)) return false;
  const pinned = req.headers['x-forwarded-for'];
  if (pinned === undefined) return true;
  const entries = (Array.isArray(pinned) ? pinned.join(',') : pinned).split(',');
  return entries.every((e) => isLoopback(e.trim()));
}
