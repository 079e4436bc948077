/**
 * The replay folder as the server reads it: a replay's file by its id (the
 * id is checked, never a path), its bytes (bounded: one message for a bad
 * id or a file that cannot be served), and the listing of finished recordings,
 * newest first. A file still being written is never served: that would hand
 * out the live match past the spectators' delay.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPLAY_ID, type ReplayListing } from '../../shared/protocol.js';
import { ReplayError, readReplay } from '../../shared/replay/codec.js';
import { LIMITS } from '../../shared/replay/format.js';
import { openRecordings } from './Recorder.js';
import { REPLAY_EXT } from './retention.js';

/** The file of replay `id` in `dir`, or null when `id` is not a replay id. */
export function replayFile(dir: string, id: string): string | null {
  return REPLAY_ID.test(id) ? join(dir, id + REPLAY_EXT) : null;
}

/** Whether the replay is being written now (its match is live). */
export function recording(dir: string, id: string): boolean {
  const file = replayFile(dir, id);
  return file !== null && openRecordings.has(file);
}

/**
 * The bytes of a finished replay; a ReplayError with a message for a bad
 * id, a missing file, one being written or one too large.
 */
export async function replayBytes(dir: string, id: string): Promise<Uint8Array> {
  const file = replayFile(dir, id);
  if (file === null) throw new ReplayError('not a replay id');
  if (openRecordings.has(file)) throw new ReplayError('that match is still being played');
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new ReplayError('no such replay');
  }
  if (size > LIMITS.fileBytes) throw new ReplayError('the replay is too large to read');
  return new Uint8Array(await readFile(file));
}

interface Cached {
  size: number;
  mtime: number;
  listing: ReplayListing | null;
}

/** Listings by file, kept while the file's size and time do not change (a file is read once). */
const cache = new Map<string, Cached>();
/** Most replays a listing returns. */
export const LIST_MAX = 200;

/** The listing of one file, or null when it is not a readable replay. */
function listingOf(id: string, bytes: Uint8Array): ReplayListing | null {
  let end: ReplayListing['result'] = null;
  let lastTick = 0;
  try {
    const r = readReplay(bytes, (rec) => {
      if (rec.t === 'S' && rec.f.length > 0) lastTick = rec.f[rec.f.length - 1].k;
      if (rec.t === 'E') {
        lastTick = Math.max(lastTick, rec.tick);
        end = rec.result ? { winner: rec.result.winner, reason: rec.result.reason } : null;
      }
      return undefined;
    });
    const h = r.header;
    // A private match's replay is watched by its id (its players have the link), never listed.
    if (h.unlisted === true) return null;
    const from = h.options.from as { replay?: unknown; tick?: unknown } | undefined;
    return {
      id,
      map: h.map.name,
      startedAt: h.startedAt,
      seconds: lastTick / h.tickHz,
      result: end,
      roles: h.roles.map((x) => ({ role: x.role, name: x.name, bot: x.bot })),
      bytes: bytes.length,
      ...(from && typeof from.replay === 'string' && typeof from.tick === 'number'
        ? { from: { replay: from.replay, tick: from.tick } }
        : {}),
    };
  } catch {
    return null;
  }
}

/** The finished replays in `dir`, newest first (at most {@link LIST_MAX}); unreadable files are left out. */
export async function listReplays(dir: string): Promise<ReplayListing[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(REPLAY_EXT));
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const out: ReplayListing[] = [];
  // Names begin with the start time: newest first without a stat of each.
  names.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  for (const name of names) {
    if (out.length >= LIST_MAX) break;
    const id = name.slice(0, -REPLAY_EXT.length);
    const file = join(dir, name);
    if (!REPLAY_ID.test(id) || openRecordings.has(file)) continue;
    seen.add(file);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(file);
    } catch {
      continue;
    }
    if (!st.isFile() || st.size > LIMITS.fileBytes) continue;
    let c = cache.get(file);
    if (!c || c.size !== st.size || c.mtime !== st.mtimeMs) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        continue;
      }
      c = { size: st.size, mtime: st.mtimeMs, listing: listingOf(id, bytes) };
      cache.set(file, c);
    }
    if (c.listing) out.push(c.listing);
  }
  for (const file of cache.keys()) if (!seen.has(file)) cache.delete(file);
  return out;
}
