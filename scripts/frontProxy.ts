/**
 * The front proxy of `npm run cluster`: what docs/nginx/liquid-metal.conf
 * does, in Node, without TLS, for trying a cluster on one machine.
 *
 * - `/pN/…` (HTTP and websocket upgrades) goes to process N only, the
 *   prefix stripped: `/p1/<processId>/<roomId>` reaches process 1 as
 *   `/<processId>/<roomId>` (a seat reservation names a process's
 *   PUBLIC_ADDRESS, `host:port/pN`). Process N down: 502.
 * - Everything else (the page, `/matchmake/*`, `/api/*`, `/health`…) goes
 *   to the processes in turn. One that refuses the connection is skipped;
 *   a request that reached a process is sent to another only for GET and
 *   HEAD, so a POST (a match's creation) is never made twice. None left: 502.
 * - `X-Forwarded-For` gets the client's address appended (the processes
 *   run with TRUST_PROXY=1 and take the last entry), `X-Forwarded-Proto:
 *   http` is set.
 * - A websocket upgrade is forwarded as its request head, then the two
 *   sockets are piped both ways.
 *
 * One connection to a process per request (no keep-alive pool): on
 * loopback that costs nothing, and no pooled connection closed by the
 * process in the meantime has to be retried.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
} from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Upstream {
  host: string;
  port: number;
}

export interface FrontProxyOptions {
  /** The processes: `/p1/` is the first. */
  upstreams: readonly Upstream[];
  /** Where a line goes when a process starts or stops refusing connections (default: nowhere). */
  log?: (line: string) => void;
}

export interface FrontProxy {
  readonly server: Server;
  /** Listen on `host:port` (port 0: any); resolves with the port. Rejects on EADDRINUSE and the like. */
  listen(port: number, host: string): Promise<number>;
  /** Stop listening and cut every connection, websockets included. */
  close(): Promise<void>;
}

/** Where a request goes: process `target` (0-based) with `path`, or any process (`target` null) with the path unchanged. */
export function route(url: string, processes: number): { target: number | null; path: string } {
  const m = /^\/p([1-9]\d{0,5})(?=\/|\?|$)(.*)$/s.exec(url);
  if (m && Number(m[1]) <= processes) {
    const rest = m[2];
    return { target: Number(m[1]) - 1, path: rest.startsWith('/') ? rest : `/${rest}` };
  }
  return { target: null, path: url };
}

/** Headers that belong to one connection, never passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  }
  return out;
}

/** nginx's `$proxy_add_x_forwarded_for`: what the client sent, then its address. */
function forwardedFor(req: IncomingMessage): string {
  const prior = req.headers['x-forwarded-for'];
  const address = req.socket.remoteAddress ?? '';
  const before = Array.isArray(prior) ? prior.join(', ') : prior;
  return before ? `${before}, ${address}` : address;
}

/** The connection was refused or never made: nothing reached the process. */
function notConnected(err: NodeJS.ErrnoException): boolean {
  return ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT'].includes(
    err.code ?? '',
  );
}

const RETRY_AFTER_SENT = new Set(['GET', 'HEAD']);

export function createFrontProxy(options: FrontProxyOptions): FrontProxy {
  const ups = options.upstreams;
  const log = options.log ?? (() => undefined);
  const down = ups.map(() => false);
  let turn = 0;
  const tunnels = new Set<Duplex>();

  const name = (i: number) => `p${i + 1} (${ups[i].host}:${ups[i].port})`;
  const refused = (i: number, err: NodeJS.ErrnoException) => {
    if (down[i]) return;
    down[i] = true;
    log(`front proxy: ${name(i)} refuses connections (${err.code ?? err.message})`);
  };
  const reached = (i: number) => {
    if (!down[i]) return;
    down[i] = false;
    log(`front proxy: ${name(i)} answers again`);
  };
  /** The processes to try, in order: `/pN/` only N; else all, starting at the next in turn. */
  const order = (target: number | null): number[] => {
    if (target !== null) return [target];
    const start = turn++ % ups.length;
    return ups.map((_, k) => (start + k) % ups.length);
  };

  const server = createServer((req, res) => {
    const { target, path } = route(req.url ?? '/', ups.length);
    const tries = order(target);
    const headers = withoutHopByHop(req.headers);
    headers['x-forwarded-for'] = forwardedFor(req);
    headers['x-forwarded-proto'] = 'http';
    const badGateway = () => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(
        target === null ? 'no game server process answers\n' : `process p${target + 1} does not answer\n`,
      );
    };
    const attempt = (k: number, bodySent: boolean) => {
      if (k >= tries.length) return badGateway();
      const i = tries[k];
      const up = request({
        host: ups[i].host,
        port: ups[i].port,
        method: req.method,
        path,
        headers,
        agent: false,
        setHost: false,
      });
      let connected = false;
      let answered = false;
      up.once('socket', (s: Socket) => {
        s.setNoDelay(true);
        const onConnect = () => {
          connected = true;
          reached(i);
          // The body goes once a process took the connection: a refused one costs none of it.
          if (bodySent) up.end();
          else req.pipe(up);
        };
        if (s.connecting) s.once('connect', onConnect);
        else onConnect();
      });
      up.once('response', (answer) => {
        answered = true;
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
        answer.pipe(res);
        answer.once('error', () => res.destroy());
      });
      let failed = false;
      up.on('error', (err: NodeJS.ErrnoException) => {
        if (failed) return;
        failed = true;
        if (answered) return void res.destroy();
        if (!connected && notConnected(err)) {
          refused(i, err);
          return attempt(k + 1, bodySent);
        }
        // It reached the process and failed there: only a GET or HEAD goes to another one.
        if (target === null && RETRY_AFTER_SENT.has(req.method ?? '') && req.readableEnded)
          return attempt(k + 1, true);
        badGateway();
      });
      res.once('close', () => {
        if (!res.writableFinished) up.destroy();
      });
    };
    attempt(0, false);
  });

  server.on('connection', (s: Socket) => s.setNoDelay(true));

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const { target, path } = route(req.url ?? '/', ups.length);
    const tries = order(target);
    tunnels.add(client);
    client.once('close', () => tunnels.delete(client));
    client.on('error', () => client.destroy());
    // The request head as the process should see it: the path stripped, the forwarded address appended.
    const lines = [`${req.method} ${path} HTTP/${req.httpVersion}`];
    for (let j = 0; j < req.rawHeaders.length; j += 2) {
      const key = req.rawHeaders[j].toLowerCase();
      if (key === 'x-forwarded-for' || key === 'x-forwarded-proto') continue;
      lines.push(`${req.rawHeaders[j]}: ${req.rawHeaders[j + 1]}`);
    }
    lines.push(`X-Forwarded-For: ${forwardedFor(req)}`, 'X-Forwarded-Proto: http');
    const requestHead = `${lines.join('\r\n')}\r\n\r\n`;
    const attempt = (k: number) => {
      if (client.destroyed) return;
      if (k >= tries.length) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const i = tries[k];
      const up = connect({ host: ups[i].host, port: ups[i].port });
      tunnels.add(up);
      up.once('close', () => tunnels.delete(up));
      let connected = false;
      up.once('connect', () => {
        connected = true;
        reached(i);
        up.setNoDelay(true);
        if ('setNoDelay' in client) (client as Socket).setNoDelay(true);
        up.write(requestHead);
        if (head.length > 0) up.write(head);
        up.pipe(client);
        client.pipe(up);
        client.once('close', () => up.destroy());
        up.once('close', () => client.destroy());
      });
      up.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected && notConnected(err)) {
          refused(i, err);
          up.destroy();
          return attempt(k + 1);
        }
        up.destroy();
        client.destroy();
      });
    };
    attempt(0);
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as { port: number }).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        for (const s of tunnels) s.destroy();
        tunnels.clear();
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
