/**
 * Who a client is, as far as the rooms can tell: the address it connects
 * from (the HTTP guard has already removed forwarding headers it may not
 * trust), grouped as the limits count it — an IPv4 address, or an IPv6 /64.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthContext } from '@colyseus/core';

/** An IPv4 address as is (IPv4-mapped IPv6 unwrapped); an IPv6 address by its /64. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t]
    : h;
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g || '0', 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** The address key of a joining client. */
export function clientAddress(context: AuthContext | undefined): string {
  return addressKey(context?.ip ?? 'unknown');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether `given` is the password, compared in constant time. */
export function passwordMatches(given: unknown, password: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(password));
}
