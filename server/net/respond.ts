/** Refusals written by the guard, before Colyseus or Express see a request; and every JSON answer of the server's routes. */
import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** What a refused client is told: `{ code, error }`, as Colyseus' matchmaking answers. */
export interface Refusal {
  status: number;
  error: string;
  /** Milliseconds after which trying again may work (sent as Retry-After, in whole seconds). */
  retryMs?: number;
}

const retryAfter = (ms: number | undefined) => (ms ? { 'retry-after': String(Math.ceil(ms / 1000)) } : {});

/**
 * Answer an HTTP request with a refusal. `close` ends the connection after
 * the answer (for a body left unread: nothing more of it is read).
 */
export function refuse(res: ServerResponse, r: Refusal, close = false): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ code: r.status, error: r.error });
  res.writeHead(r.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
    ...retryAfter(r.retryMs),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** Answer a websocket upgrade with a refusal written on the raw socket, then destroy it. */
export function refuseUpgrade(socket: Duplex, r: Refusal): void {
  const body = JSON.stringify({ code: r.status, error: r.error });
  const head = [
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    ...Object.entries(retryAfter(r.retryMs)).map(([k, v]) => `${k}: ${v}`),
    'Connection: close',
  ];
  if (socket.destroyed) return;
  socket.on('error', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  setTimeout(() => socket.destroy(), 2000).unref();
}

/** A JSON answer, never cached unless `headers` say otherwise. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
