/**
 * The gate of every request that can change something (any method but
 * GET, HEAD and OPTIONS), above all Colyseus' matchmaking
 * (`POST /matchmake/:method/:room`): lock-outs, the request rate, the body
 * limit, the server password and the room-creation rate, in that order.
 * Failures are read from the answer's status, whoever gave it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOM } from '../../shared/protocol.js';
import { clusterStatus } from '../cluster/status.js';
import { hasBody, readBody } from './body.js';
import { countingCreations } from './creations.js';
import type { Lockout } from './lockout.js';
import { type Refusal, refuse } from './respond.js';
import { sameSecret } from './secret.js';
import type { TokenBuckets } from './tokenBuckets.js';

export interface MatchmakingRules {
  /** The server password every matchmaking call must carry in its options; undefined = none. */
  password: string | undefined;
  maxBodyBytes: number;
  /** Requests per address (every gated request takes one). */
  requests: TokenBuckets;
  /** Room creations per address. */
  creations: TokenBuckets;
  lockout: Lockout;
}

/**
 * Statuses that count as a failed attempt: 401 a wrong password or admin
 * token; Colyseus' 520 no such room type or method, 522 no such room id
 * (or a locked one), 524 a reconnection token that is not (or no longer) valid.
 */
export const FAILURE_STATUSES: ReadonlySet<number> = new Set([401, 520, 522, 524]);

/** The matchmaking route of `url`, matched as Colyseus' router matches it (exact, case-sensitive). */
export function matchmakeRoute(url: string | undefined): { method: string; room: string } | undefined {
  const m = /^\/matchmake\/([^/]+)\/([^/]+)\/?$/.exec((url ?? '/').split('?')[0]);
  return m ? { method: m[1], room: m[2] } : undefined;
}

const locked = (ms: number): Refusal => ({ status: 429, error: 'too many failed attempts', retryMs: ms });
const tooFast = (ms: number): Refusal => ({ status: 429, error: 'too many requests', retryMs: ms });
const tooManyRooms = (ms: number): Refusal => ({ status: 429, error: 'too many rooms created', retryMs: ms });
const badBody = (error: string): Refusal => ({ status: 400, error });

/** The options object of a matchmaking body, or undefined if it is not one. */
function parseOptions(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gate one request from `address`; `forward` hands it on to Colyseus and
 * Express. Anything but matchmaking may not carry a body.
 */
/** POST routes that read their own body, under their own limit (the replay upload, server/replay/http.ts). */
const OWN_BODY_ROUTES = new Set(['/api/replays']);

export async function gateRequest(
  req: IncomingMessage,
  res: ServerResponse,
  address: string,
  rules: MatchmakingRules,
  forward: () => void,
): Promise<void> {
  res.once('finish', () => {
    if (FAILURE_STATUSES.has(res.statusCode)) rules.lockout.fail(address);
  });
  const closeAfter = hasBody(req);
  const lockedFor = rules.lockout.retryAfter(address);
  if (lockedFor > 0) return refuse(res, locked(lockedFor), closeAfter);
  const wait = rules.requests.take(address);
  if (wait > 0) return refuse(res, tooFast(wait), closeAfter);

  const route = req.method === 'POST' ? matchmakeRoute(req.url) : undefined;
  if (!route) {
    if (closeAfter && !OWN_BODY_ROUTES.has((req.url ?? '').split('?')[0]))
      return refuse(res, { status: 413, error: 'this route takes no request body' }, true);
    return forward();
  }
  const body = await readBody(req, rules.maxBodyBytes);
  if (!body.ok) {
    if (body.status === 413) refuse(res, { status: 413, error: 'request body too large' }, true);
    return;
  }
  const options = parseOptions(body.text);
  if (!options) return refuse(res, badBody('matchmaking options must be a JSON object'));
  // A reconnection carries its token instead of options: the token is the credential.
  if (rules.password !== undefined && route.method !== 'reconnect') {
    if (!sameSecret(options.password, rules.password)) {
      return refuse(res, { status: 401, error: 'wrong or missing password' });
    }
  }
  // A seat ticket's join of a match whose process died and is not yet taken over: Colyseus would ask
  // the dead process for the seat and answer only when that timed out (about 4 s), holding the player
  // that long past the moment a survivor resumes the match. "Not yet", at once: the client asks again.
  if (
    route.method === 'joinById' &&
    typeof options.resume === 'string' &&
    (await clusterStatus.onDeadProcess(route.room).catch(() => false))
  ) {
    return refuse(res, { status: 503, error: 'the match is moving to another process', retryMs: 500 });
  }
  if (route.method === 'create') {
    const w = rules.creations.take(address);
    if (w > 0) return refuse(res, tooManyRooms(w));
  } else if (route.method === 'joinOrCreate' && route.room !== ROOM.watch) {
    // (A watch room is one per match, made only for a match that exists: watching is not making rooms.)
    const w = rules.creations.wait(address);
    if (w > 0) return refuse(res, tooManyRooms(w));
  }

  // Colyseus' router reads a body already read from `req.body`.
  (req as IncomingMessage & { body?: unknown }).body = options;
  req.headers['content-type'] = 'application/json';
  delete req.headers['content-length'];
  const created = countingCreations(forward);
  if (route.method === 'joinOrCreate' && route.room !== ROOM.watch) {
    res.once('finish', () => {
      if (created() > 0) rules.creations.charge(address, created());
    });
  }
}
