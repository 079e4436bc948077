/**
 * The server's replays over HTTP (server/http.ts): the listing, a replay's
 * bytes, and an upload (a dropped file played from, which the server has to
 * hold). Errors come back as one line.
 */
import { REPLAY_ID, type ReplayListing } from '../../../shared/protocol.js';

/** Largest upload the server takes (32 MB): said here before sending. */
export const UPLOAD_MAX = 32 * 1024 * 1024;

/** The HTTP base of the game server: the page's own origin, or the `?server=` one. */
export function httpBase(server: string | null): string {
  if (!server) return '';
  return server.replace(/^ws/, 'http').replace(/\/+$/, '');
}

/** The server's password as a query (a server with a password asks for it on /api too). */
const withPassword = (url: string, password: string | null): string =>
  password ? `${url}${url.includes('?') ? '&' : '?'}password=${encodeURIComponent(password)}` : url;

export const replayUrl = (
  base: string,
  id: string,
  download = false,
  password: string | null = null,
): string =>
  withPassword(`${base}/api/replays/${encodeURIComponent(id)}${download ? '?download=1' : ''}`, password);

/** The server's answer as one line: its `{ error }`, or the status. */
async function failure(res: Response): Promise<Error> {
  let text = `the server answered ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') text = body.error.slice(0, 200);
  } catch {
    // Not JSON: the status says it.
  }
  return new Error(text);
}

export async function listReplays(base: string, password: string | null = null): Promise<ReplayListing[]> {
  const res = await fetch(withPassword(`${base}/api/replays`, password), { cache: 'no-store' });
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as { replays?: unknown };
  if (!Array.isArray(body.replays)) throw new Error('the server sent no list of replays');
  return body.replays.filter(
    (r): r is ReplayListing =>
      typeof r === 'object' && r !== null && typeof r.id === 'string' && REPLAY_ID.test(r.id),
  );
}

export async function fetchReplay(
  base: string,
  id: string,
  password: string | null = null,
): Promise<Uint8Array> {
  if (!REPLAY_ID.test(id)) throw new Error('that is not a replay id');
  // A match that has just ended is still being written for a moment (the end screen's link): try again shortly.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(replayUrl(base, id, false, password));
    if (res.ok) return new Uint8Array(await res.arrayBuffer());
    const err = await failure(res);
    if (attempt >= 4 || res.status !== 404 || !/still being played/.test(err.message)) throw err;
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
}

/** Stores a replay file on the server (to play from a dropped file); its id. */
export async function uploadReplay(
  base: string,
  bytes: Uint8Array,
  password: string | null = null,
): Promise<string> {
  if (bytes.length > UPLOAD_MAX) throw new Error('the file is larger than the server takes (32 MB)');
  const res = await fetch(withPassword(`${base}/api/replays`, password), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes as unknown as BodyInit,
  });
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as { id?: unknown };
  if (typeof body.id !== 'string' || !REPLAY_ID.test(body.id))
    throw new Error('the server sent no replay id');
  return body.id;
}
