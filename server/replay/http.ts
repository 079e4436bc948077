/**
 * The replays over HTTP (docs/PROTOCOL.md, Replays):
 *
 * - `GET /api/replays` — the finished replays, newest first ({@link ReplayListing}).
 * - `GET /api/replays/ID` — one replay's bytes (`?download=1`: as a file to save).
 *   A finished file never changes, so it is cacheable for good.
 * - `POST /api/replays` — a replay file's bytes (a file someone dropped in
 *   the client, to play from one of its moments): read with the hostile-safe
 *   reader, stored as a replay of this server, answered with its id.
 *
 * A match being played is never served (its file would give away what the
 * spectator delay holds back). On a server with a password, every call
 * carries it (`?password=`). Errors are `{ error }` with a 4xx status.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { REPLAY_ID } from '../../shared/protocol.js';
import { ReplayError, readReplay } from '../../shared/replay/codec.js';
import type { ServerConfig } from '../config.js';
import { errorLine, logLine } from '../log.js';
import { requestAddress } from '../net/address.js';
import { readBytes } from '../net/body.js';
import { json } from '../net/respond.js';
import { sameSecret } from '../net/secret.js';
import { TokenBuckets } from '../net/tokenBuckets.js';
import { applyRetention, REPLAY_EXT } from './retention.js';
import { listReplays, replayBytes } from './store.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface ReplayRoutes {
  get(path: string, handler: Handler): unknown;
  post(path: string, handler: Handler): unknown;
}

/** Largest replay file taken by an upload. */
export const UPLOAD_MAX_BYTES = 32 * 1024 * 1024;
/** Uploads an address may make: a burst of 3, then one a minute. */
const UPLOAD_RATE = { burst: 3, perSecond: 1 / 60 };

type Config = Pick<ServerConfig, 'replayDir' | 'replayKeep' | 'replayMaxMb' | 'password' | 'trustProxy'>;

const fail = (res: ServerResponse, status: number, error: string) => json(res, status, { error });

function query(req: IncomingMessage): URLSearchParams {
  const q = (req.url ?? '').split('?')[1] ?? '';
  try {
    return new URLSearchParams(q);
  } catch {
    return new URLSearchParams();
  }
}

/** Mount the replay routes (only when matches are recorded). */
export function mountReplays(app: ReplayRoutes, config: Config): void {
  const dir = config.replayDir;
  const uploads = new TokenBuckets(UPLOAD_RATE);
  const allowed = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (config.password === undefined || sameSecret(query(req).get('password'), config.password)) return true;
    fail(res, 401, 'this server needs a password');
    return false;
  };

  app.get('/api/replays', (req, res) => {
    if (!allowed(req, res)) return;
    listReplays(dir).then(
      (replays) => json(res, 200, { replays }),
      () => fail(res, 500, 'the replays cannot be listed'),
    );
  });

  app.get('/api/replays/:id', (req, res) => {
    if (!allowed(req, res)) return;
    const id = decodeURIComponent((req.url ?? '').split('?')[0].split('/').pop() ?? '');
    if (!REPLAY_ID.test(id)) return fail(res, 400, 'not a replay id');
    replayBytes(dir, id).then(
      (bytes) => {
        const headers: Record<string, string> = {
          'content-type': 'application/octet-stream',
          'content-length': String(bytes.length),
          // A finished replay never changes.
          'cache-control': 'public, max-age=31536000, immutable',
        };
        if (query(req).get('download') === '1')
          headers['content-disposition'] = `attachment; filename="${id}${REPLAY_EXT}"`;
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : bytes);
      },
      (e) => fail(res, 404, e instanceof ReplayError ? e.message : 'no such replay'),
    );
  });

  app.post('/api/replays', (req, res) => {
    if (!allowed(req, res)) return;
    const address = requestAddress(req, config.trustProxy);
    const wait = uploads.take(address);
    if (wait > 0) {
      res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
      return fail(res, 429, 'too many uploads: try again in a minute');
    }
    readBytes(req, UPLOAD_MAX_BYTES).then(async (body) => {
      if (!body.ok) {
        if (body.status === 413) {
          res.setHeader('connection', 'close');
          fail(res, 413, `a replay file may have at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`);
        }
        return;
      }
      try {
        readReplay(new Uint8Array(body.bytes.buffer, body.bytes.byteOffset, body.bytes.length));
      } catch (e) {
        return fail(res, 422, e instanceof ReplayError ? e.message : 'not a replay');
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const id = `${stamp}-upload-${randomBytes(4).toString('hex')}`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, id + REPLAY_EXT), body.bytes, { flag: 'wx' });
      } catch (e) {
        logLine('replay-error', `replay: cannot store an upload in ${dir}: ${errorLine(e)}`);
        return fail(res, 507, 'the server cannot store the replay');
      }
      applyRetention(dir, config.replayKeep, config.replayMaxMb * 1024 * 1024);
      json(res, 201, { id });
    });
  });
}
