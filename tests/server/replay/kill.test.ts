/**
 * A server killed with SIGKILL mid-match leaves a replay that plays up to
 * its last second: the real server process, a real SDK client, a real kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from '@colyseus/sdk';
import { afterAll, expect, it } from 'vitest';
import { ONE_ADDRESS, settingsEnv } from '../../../server/config.js';
import { resolveMap } from '../../../server/mapFiles.js';
import { readReplay } from '../../../shared/replay/codec.js';
import { summarise, verify } from '../../../shared/replay/play.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import { until } from '../helpers.js';
import { tempDir } from './record.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

let child: ChildProcess | null = null;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

/** The real server recording into `dir`, one client in a quick match: four seconds of play, then `signal`. */
async function playThenSignal(dir: string, signal: NodeJS.Signals) {
  const port = await freePort();
  const node = join(ROOT, 'node_modules', '.bin', 'node');
  child = spawn(
    existsSync(node) ? node : process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', '127.0.0.1', '--dev-options'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...settingsEnv({ ...ONE_ADDRESS, replayDir: dir, drainSeconds: 1 }),
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  await until('the server listens', () => /listening/.test(out), 60_000);

  const room = await new Client(`ws://127.0.0.1:${port}`).create('match', {
    name: 'Watcher',
    pref: 'escort',
    mode: 'quick',
    countdown: 0,
    civilians: 20,
    police: 5,
  });
  const state = () => room.state as MatchState;
  await until('the match plays', () => state().phase === 'playing', 20_000);
  await until('four seconds of play', () => state().tick >= 120, 30_000);
  const tickAtSignal = state().tick;
  let end: { winner: string; reason: string } | null = null;
  room.onMessage('end', (e: { winner: string; reason: string }) => {
    end = e;
  });
  const died = new Promise((ok) => child!.once('exit', ok));
  child.kill(signal);
  await died;
  room.connection.close();

  const files = readdirSync(dir).filter((f) => f.endsWith('.lmr'));
  expect(files).toHaveLength(1);
  const read = readReplay(readFileSync(join(dir, files[0])));
  const s = summarise(read);
  expect(s.plays).toBe(true);
  // SIGTERM drains: alone, the match plays on for DRAIN_SECONDS, then it is called off and its replay finished.
  expect(s.finished).toBe(signal === 'SIGTERM');
  expect(s.roles.find((r) => r.name === 'Watcher')?.bot).toBe(false);
  // And the person's inputs and the bots' re-simulate to the keyframes (the first one at least).
  const v = verify(read.records, resolveMap(undefined));
  expect(v.error).toBeNull();
  expect(v.matched).toBe(v.checked);
  return { lastTick: Math.round(s.seconds * read.header.tickHz), tickAtSignal, out, end: end as typeof end };
}

it('kill -9 mid-match leaves a replay that plays to within a second of the kill', async () => {
  const { lastTick, tickAtSignal } = await playThenSignal(tempDir(), 'SIGKILL');
  // Flushed each second: the frames reach within about a second of what the client last saw.
  expect(lastTick).toBeGreaterThanOrEqual(tickAtSignal - 36);
}, 90_000);

it('SIGTERM mid-match, alone: the match plays on for DRAIN_SECONDS, then is called off — the players get the result, the recording is complete', async () => {
  const { lastTick, tickAtSignal, out, end } = await playThenSignal(tempDir(), 'SIGTERM');
  expect(end).toMatchObject({ winner: 'none', reason: 'shutdown' });
  // It went on for the drain's second (at least), then ended.
  expect(lastTick).toBeGreaterThanOrEqual(tickAtSignal + 25);
  // The room is disposed and the recording worker writes the tail before the process exits: the frames
  // reach at least what the client last saw (it sees the server's ticks a patch late).
  // (A frame is written every other step: the last one may be a step before the last tick.)
  expect(lastTick).toBeGreaterThanOrEqual(tickAtSignal - 1);
  expect(out).not.toMatch(/replay: .*stopped/);
}, 90_000);
