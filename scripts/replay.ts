/**
 * npm run replay -- FILE [--verify] [--json]
 * Prints a replay's summary: map, roles and names, result, length, frames,
 * keyframes, size. With --verify it re-simulates the file from its first
 * keyframe and reports whether every later keyframe's world hash matched
 * (a determinism audit; meaningful for files of this game version). With
 * --json the last line is one JSON object. A bad file prints one line and
 * exits 2.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replayMap } from '../server/replay/resume.js';
import { GAME_VERSION } from '../server/replay/version.js';
import { ReplayError, readReplay } from '../shared/replay/codec.js';
import { LIMITS } from '../shared/replay/format.js';
import { summarise, type VerifyResult, verify } from '../shared/replay/play.js';
import { ROLE_NAMES, type Role } from '../shared/roles.js';
import { fail } from './cli.js';

let args: ReturnType<
  typeof parseArgs<{
    options: { verify: { type: 'boolean' }; json: { type: 'boolean' } };
    allowPositionals: true;
  }>
>;
try {
  args = parseArgs({
    options: { verify: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
} catch (e) {
  fail((e as Error).message.split('\n')[0]);
}
if (args.positionals.length !== 1) fail('usage: npm run replay -- FILE [--verify] [--json]');
const file = args.positionals[0];

let bytes: Uint8Array;
try {
  const size = statSync(file).size;
  if (size > LIMITS.fileBytes) fail(`${file}: larger than ${LIMITS.fileBytes} bytes, not read`);
  bytes = new Uint8Array(size);
  const fd = openSync(file, 'r');
  try {
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
  } finally {
    closeSync(fd);
  }
} catch (e) {
  fail(`${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

let read: ReturnType<typeof readReplay>;
try {
  read = readReplay(bytes);
} catch (e) {
  if (e instanceof ReplayError) fail(`${file}: ${e.message}`);
  fail(`${file}: unreadable (${String((e as Error)?.message ?? e).slice(0, 100)})`);
}
const s = summarise(read);

let audit: (VerifyResult & { sameVersion: boolean; ok: boolean }) | null = null;
if (args.values.verify) {
  const map = replayMap(read.header);
  let v: VerifyResult;
  if (typeof map === 'string') v = { checked: 0, matched: 0, firstMismatch: null, error: map };
  else {
    try {
      v = verify(read.records, map);
    } catch (e) {
      v = {
        checked: 0,
        matched: 0,
        firstMismatch: null,
        error: `re-simulation failed: ${(e as Error).message}`,
      };
    }
  }
  audit = {
    ...v,
    sameVersion: read.header.game === GAME_VERSION,
    ok: v.error === null && v.matched === v.checked,
  };
}

const summary = { file, bytes: bytes.length, format: read.header.format, ...s, verify: audit };
const lines = [
  `replay   ${file} (${bytes.length} bytes, format ${read.header.format}, game ${s.game})`,
  `map      ${s.map} (${s.mapFile}), seed ${String(s.seed)}, started ${s.startedAt}`,
  `roles    ${s.roles.map((r) => `${r.role}: ${r.name || ROLE_NAMES[r.role as Role] || r.role}${r.bot ? ' (bot)' : ''}`).join(', ')}`,
  `result   ${s.result ? `${s.result.winner} (${s.result.reason}) at ${s.result.time.toFixed(1)} s` : s.finished ? 'none' : 'not finished (the recording stops early)'}`,
  `length   ${s.seconds.toFixed(1)} s: ${s.frames} frames, ${s.keyframes} keyframes, ${s.chunks} chunks`,
];
if (s.truncated) lines.push(`tail     ${s.truncated}`);
if (audit) {
  lines.push(
    audit.error
      ? `verify   could not run: ${audit.error}`
      : `verify   ${audit.matched}/${audit.checked} keyframe hashes matched${audit.firstMismatch ? `; first mismatch at tick ${audit.firstMismatch.tick}` : ''}${audit.sameVersion ? '' : ` (recorded with ${s.game}, this is ${GAME_VERSION})`}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
if (args.values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
if (audit && !audit.ok) process.exitCode = 1;
