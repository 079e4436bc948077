/**
 * Who a request comes from, as every limit counts it: an IPv4 address, or
 * an IPv6 /64 (one home or one server is given a whole /64, so counting
 * single IPv6 addresses would give anyone billions of them).
 *
 * The guard resolves the address once per request and writes it back as the
 * only forwarding header, so Colyseus' `context.ip` (in `onAuth`, at
 * matchmaking and at the websocket join) is the same address the guard
 * limited, never one a client made up.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import type { AuthContext } from '@colyseus/core';

/** The headers through which a client could claim another address. */
export const FORWARDING_HEADERS = ['x-forwarded-for', 'x-real-ip', 'x-client-ip'] as const;

/** The key of an address that is not one (a missing `context.ip`): all such share one key. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Eight IPv6 groups, `::` expanded; undefined if `ip` is not an IPv6 address. */
function ipv6Groups(ip: string): number[] | undefined {
  if (!isIPv6(ip)) return undefined;
  let text = ip;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - h.length - t.length).fill(0);
  return [...h, ...fill, ...t];
}

/**
 * The key the limits count `ip` under: an IPv4 address as is (also when
 * IPv4-mapped, `::ffff:1.2.3.4`), an IPv6 address as its /64
 * (`2001:db8:1:2::/64`), anything else as {@link UNKNOWN_ADDRESS}.
 */
export function addressKey(ip: string): string {
  const bare = ip.trim().replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  const g = ipv6Groups(bare);
  if (!g) return UNKNOWN_ADDRESS;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

/** One X-Forwarded-For entry as a bare address: `[::1]:443` → `::1`, `1.2.3.4:80` → `1.2.3.4`. */
function bareAddress(entry: string): string | undefined {
  let s = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(s)) s = s.slice(0, s.indexOf(':'));
  return isIPv4(s) || isIPv6(s.replace(/%.*$/, '')) ? s : undefined;
}

/**
 * The address a request comes from: the socket's, or — behind a trusted
 * proxy — the last X-Forwarded-For entry, the one that proxy appended
 * (entries before it are whatever the client sent). Falls back to the
 * socket's address when the header is missing or not an address.
 */
export function requestAddress(req: IncomingMessage, trustProxy: boolean): string {
  const socketAddress = req.socket.remoteAddress ?? '';
  if (!trustProxy) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return socketAddress;
  const entries = value.split(',');
  return bareAddress(entries[entries.length - 1]) ?? socketAddress;
}

/**
 * Replace whatever forwarding headers the request carries with one
 * `X-Forwarded-For: address`, so Colyseus' `createAuthContext` (which
 * believes the first of them it finds) sees the address the guard resolved.
 */
export function pinForwardingHeaders(req: IncomingMessage, address: string): void {
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  if (address) req.headers['x-forwarded-for'] = address;
}

/**
 * The address key of a client from Colyseus' `AuthContext`, for the rooms'
 * own per-address limits (the guard has pinned `context.ip`, see above).
 */
export function contextAddress(context: Pick<AuthContext, 'ip'> | undefined): string {
  return addressKey(context?.ip ?? '');
}
