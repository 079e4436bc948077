/**
 * Retention of the replay folder: at most `keep` files and `maxBytes` in
 * all, the oldest deleted first; a file being written is never deleted.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { errorLine, logLine } from '../log.js';
import { openRecordings } from './Recorder.js';

export const REPLAY_EXT = '.lmr';

/** Delete the oldest replays beyond the limits; returns the paths deleted. */
export function applyRetention(dir: string, keep: number, maxBytes: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(REPLAY_EXT));
  } catch {
    return [];
  }
  const files: { path: string; size: number; mtime: number; name: string }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile()) files.push({ path, size: st.size, mtime: st.mtimeMs, name });
    } catch {
      // Gone meanwhile.
    }
  }
  // Oldest first: by modification time, then by name (names start with the start time).
  files.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let count = files.length;
  let total = files.reduce((s, f) => s + f.size, 0);
  const deleted: string[] = [];
  for (const f of files) {
    if (count <= keep && total <= maxBytes) break;
    if (openRecordings.has(f.path)) continue;
    try {
      unlinkSync(f.path);
      deleted.push(f.path);
    } catch (e) {
      logLine('replay-error', `replay: cannot delete ${f.path}: ${errorLine(e)}`);
      continue;
    }
    count--;
    total -= f.size;
  }
  return deleted;
}
