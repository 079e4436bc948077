/** A match room records its match: opened at the start, finalised at the end with the result and stats. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRecordings } from '../../../server/replay/Recorder.js';
import { readReplay } from '../../../shared/replay/codec.js';
import { summarise } from '../../../shared/replay/play.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import { leaveAll, startServer, type TestServer, until } from '../helpers.js';
import { tempDir } from './record.js';

let server: TestServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startServer(24871, { replayDir: dir, replayKeep: 5 });
});
afterAll(() => server.close());

it('a finished match leaves one file that plays to its end record', async () => {
  const host = await server
    .client()
    .create('match', { name: 'Host', pref: 'hunter', mode: 'custom', countdown: 0, timeScale: 32 });
  host.send('options', { matchSeconds: 10, civilians: 6, police: 2 });
  await until('the options', () => (host.state as MatchState).options?.matchSeconds === 10);
  host.send('start');
  await until('the end', () => (host.state as MatchState).phase === 'ended', 30_000);
  // The recording worker completes the file a moment after the match.
  await until('the recording is complete', () => openRecordings.size === 0, 30_000);
  const files = readdirSync(dir).filter((f) => f.endsWith('.lmr'));
  expect(files).toHaveLength(1);
  const r = readReplay(readFileSync(join(dir, files[0])));
  const s = summarise(r);
  expect(s.plays).toBe(true);
  expect(s.finished).toBe(true);
  expect(s.result?.reason).toBe('judgment-day');
  expect(s.seconds).toBe(10);
  expect(s.roles.find((x) => x.role === 't1000')).toMatchObject({ name: 'Host', bot: false });
  const end = r.records.at(-1);
  expect(end?.t === 'E' && (end.summary as { players: unknown[] }).players).toHaveLength(5);
  await leaveAll([host]);
});
