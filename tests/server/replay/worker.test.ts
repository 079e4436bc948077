/**
 * The recording worker: what it writes from its own copy of the match is
 * what the game loop would have written; the records reach onRecord in
 * file order; a match played through MatchRun (a person's inputs and
 * catch-ups, a dropped player standing, a bot taking the seat over) stays
 * the worker's copy; a world changed outside step() is caught, logged and
 * followed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import type { InputQueue } from '../../../server/match/InputPacer.js';
import { AWAY_STANDS_STEPS, MatchRun } from '../../../server/match/MatchRun.js';
import { BatchWriter, stepOf, worldCheck } from '../../../server/replay/jobs.js';
import { Recorder, type RecordOut } from '../../../server/replay/Recorder.js';
import { createBot } from '../../../shared/bots/index.js';
import { botSeed } from '../../../shared/headless.js';
import { readReplay } from '../../../shared/replay/codec.js';
import type { FrameRecord, ReplayRecord } from '../../../shared/replay/format.js';
import { applyFrame, tableOf } from '../../../shared/replay/frames.js';
import { packWorld, summarise, unpackWorld, verify } from '../../../shared/replay/play.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import { MatchState } from '../../../shared/schema/MatchState.js';
import { step } from '../../../shared/sim/step.js';
import type { PlayerInput, StepInputs } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';
import { DEFAULT_OPTIONS } from '../../../shared/tuning.js';
import { recordBotMatch, tempDir } from './record.js';

const SMALL = { judgmentDaySeconds: 25, civilians: 12, police: 4 };
const turn = () => new Promise<void>((ok) => setImmediate(ok));

/** The drawable table after the last frame of a file: the last keyframe's, with every frame since applied. */
function lastTable(records: readonly ReplayRecord[]): unknown[][] {
  let table: unknown[][] | null = null;
  const facts = {};
  for (const r of records) {
    if (r.t === 'K') table = r.table.map((row) => [...row]);
    else if (r.t === 'S')
      for (const f of r.f as FrameRecord[]) {
        table = applyFrame(table!, f, facts);
        if (!table) throw new Error('a frame does not play');
      }
  }
  return table!;
}

let stderr: ReturnType<typeof vi.spyOn> | null = null;
afterEach(() => {
  stderr?.mockRestore();
  stderr = null;
});
const logged = (): string => (stderr?.mock.calls ?? []).map((c: unknown[]) => String(c[0])).join('');

describe('the recording worker', () => {
  it('writes what the game loop would have written (catch-up inputs included)', () => {
    const inWorker = recordBotMatch(tempDir(), SMALL, 11);
    const onLoop = recordBotMatch(tempDir(), SMALL, 11, Number.POSITIVE_INFINITY, true, true);
    const a = readReplay(readFileSync(inWorker.path));
    const b = readReplay(readFileSync(onLoop.path));
    expect(a.truncated).toBeNull();
    expect(a.records.length).toBe(b.records.length);
    expect(a.records.filter((r) => r.t === 'S').some((r) => r.t === 'S' && r.cu)).toBe(true);
    expect(a.records).toEqual(b.records);
    expect(onLoop.recorder?.workerMs).toBeNull();
  });

  it('hands every record to onRecord in file order, header first, and the file is complete on `closed`', async () => {
    const dir = tempDir();
    const map = resolveMap(undefined);
    const world = createWorld({ map, seed: 5, options: SMALL });
    const roles = PLAYER_ROLES.filter((r) => world.players[r] !== undefined);
    const bots = roles.map((r) => createBot(r, botSeed(5, r)));
    const got: RecordOut[] = [];
    const rec = Recorder.open({ dir, world, roles: [], startedAt: 0, onRecord: (r) => got.push(r) })!;
    const inputs: StepInputs = {};
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < roles.length; j++) inputs[roles[j]] = bots[j].think(perceive(world, roles[j]));
      step(world, inputs);
      rec.stepped(world, inputs, undefined);
      if (i % 30 === 0) await turn();
    }
    rec.finish(world, { note: 'end' });
    await rec.closed;
    expect(rec.workerMs?.sim).toBeGreaterThan(0);
    const file = readFileSync(rec.path);
    expect(got[0].kind).toBe('H');
    expect(got[1].kind).toBe('K');
    expect(got.at(-1)?.kind).toBe('E');
    expect(Buffer.concat([file.subarray(0, 8), ...got.map((r) => r.bytes)]).equals(file)).toBe(true);
    expect(rec.bytes).toBe(file.length);
    // A chunk's ticks follow on from the one before.
    const chunks = got.filter((r) => r.kind === 'S');
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].tick).toBe(chunks[i - 1].end);
    expect(chunks.at(-1)?.end).toBe(world.tick);
  });

  it('follows a MatchRun: a person with catch-up inputs, dropped, standing, then played by a bot', async () => {
    stderr = vi.spyOn(process.stderr, 'write');
    const map = resolveMap(undefined);
    const run = new MatchRun(new MatchState(), {
      map,
      seed: 21,
      options: { ...DEFAULT_OPTIONS, ...SMALL, judgmentDaySeconds: 60 },
      seats: PLAYER_ROLES.map((role) => ({ role, sessionId: role === 'john' ? 's1' : null, name: role })),
    });
    const rec = Recorder.open({ dir: tempDir(), world: run.world, roles: [], startedAt: 0 })!;
    run.recorder = rec;
    // The person's inputs: a new one each step.
    const waiting: PlayerInput[] = [];
    let last: PlayerInput | undefined;
    const queue: InputQueue = {
      get size() {
        return waiting.length;
      },
      next: () => {
        last = waiting.shift() ?? last;
        return last;
      },
      take: (n) => waiting.splice(0, n),
    };
    let s = 0;
    const play = async (steps: number, person: boolean) => {
      for (let i = 0; i < steps; i++, s++) {
        if (person) {
          // Now and then a step's input is late (a gap, then two at once): the pacer guesses, then catches up.
          const n = s % 11 === 5 ? 0 : s % 11 === 6 ? 2 : 1;
          for (let k = 0; k < n; k++)
            waiting.push({ moveX: Math.sin(s / 9), moveY: Math.cos(s / 13), aim: s / 7, buttons: s % 4 });
        }
        run.step(() => queue);
        if (s % 30 === 0) await turn();
      }
    };
    await play(150, true);
    run.away('john');
    await play(AWAY_STANDS_STEPS + 150, false);
    run.reconnected('john');
    await play(150, true);
    rec.close();
    await rec.closed;
    const read = readReplay(readFileSync(rec.path));
    expect(read.records.some((r) => r.t === 'S' && r.cu)).toBe(true);
    expect(read.records.some((r) => r.t === 'S' && r.in.john?.includes(null))).toBe(true);
    expect(logged()).not.toMatch(/DETERMINISM/);
    // The worker's copy ended where the match is: its last frame is the live world's table.
    expect(lastTable(read.records)).toEqual(tableOf(run.world));
    const v = verify(read.records, map);
    expect(v.error).toBeNull();
    expect(v.matched).toBe(v.checked);
  });

  it('a world changed outside step() is caught within seconds, logged, and the recording follows the live world', async () => {
    stderr = vi.spyOn(process.stderr, 'write');
    const map = resolveMap(undefined);
    const world = createWorld({ map, seed: 8, options: SMALL });
    const rec = Recorder.open({ dir: tempDir(), world, roles: [], startedAt: 0 })!;
    for (let i = 0; i < 600; i++) {
      // Something writes the live world directly (a bug): the worker's copy cannot know.
      if (i === 100) world.entities[world.entities.length - 1].x += 3;
      step(world, {});
      rec.stepped(world, {}, undefined);
      if (i % 30 === 0) await turn();
    }
    rec.close();
    await rec.closed;
    // An error line, for a host's alerting: a determinism bug is never routine.
    expect(logged()).toMatch(
      /"level":"error"[^\n]*DETERMINISM BUG: recording .* differs from the match at tick 150/,
    );
    const read = readReplay(readFileSync(rec.path));
    expect(summarise(read).plays).toBe(true);
    // It continued from the live world: a keyframe after the difference, and the frames end on the live world.
    expect(read.records.some((r) => r.t === 'K' && r.tick > 150 && r.tick < 600)).toBe(true);
    expect(lastTable(read.records)).toEqual(tableOf(world));
  });
});

it('a worker too far behind ends that recording with one line; the file plays to where it got', async () => {
  stderr = vi.spyOn(process.stderr, 'write');
  const world = createWorld({ map: resolveMap(undefined), seed: 6, options: SMALL });
  // No lag allowed: the game loop looks right after posting each batch, while the worker has yet to step it.
  // (A game loop descheduled just then on a busy machine can find the worker caught up: it goes on
  // stepping until a look finds it behind, which the next batch or the one after all but always does.)
  const rec = Recorder.open({ dir: tempDir(), world, roles: [], startedAt: 0, maxLagSteps: 0 })!;
  let steps = 0;
  while (rec.open && steps < 3000) {
    step(world, {});
    rec.stepped(world, {}, undefined);
    steps++;
  }
  expect(rec.open).toBe(false);
  await rec.closed;
  expect(logged()).toMatch(/replay: recording .* stopped: the recording worker is \d+ s behind the match/);
  const read = readReplay(readFileSync(rec.path));
  expect(read.truncated).toBeNull();
  expect(summarise(read).plays).toBe(true);
  const chunks = read.records.filter((r) => r.t === 'S');
  // It stopped at a whole chunk, the one posted when it was found behind.
  const end = chunks.at(-1)!.tick + chunks.at(-1)!.n;
  expect(end % 30).toBe(0);
  expect(end).toBe(steps);
});

it('waitClosed completes a recording still open (a process about to exit)', () => {
  const world = createWorld({ map: resolveMap(undefined), seed: 2, options: SMALL });
  const rec = Recorder.open({ dir: tempDir(), world, roles: [], startedAt: 0 })!;
  for (let i = 0; i < 45; i++) {
    step(world, {});
    rec.stepped(world, {}, undefined);
  }
  expect(rec.waitClosed(20_000)).toBe(true);
  const s = summarise(readReplay(readFileSync(rec.path)));
  expect(s.plays).toBe(true);
  const chunks = readReplay(readFileSync(rec.path)).records.filter((r) => r.t === 'S');
  expect(chunks.at(-1)!.tick + chunks.at(-1)!.n).toBe(45);
});

it('a process exiting right after closing a recording (SIGTERM) leaves the file complete', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  const node = join(root, 'node_modules', '.bin', 'node');
  const r = spawnSync(
    existsSync(node) ? node : process.execPath,
    ['--import', 'tsx', 'tests/server/replay/exitTail.ts', tempDir()],
    { cwd: root, encoding: 'utf8' },
  );
  expect(r.status).toBe(0);
  const read = readReplay(readFileSync(r.stdout.trim()));
  expect(read.truncated).toBeNull();
  const chunks = read.records.filter((x) => x.t === 'S');
  expect(chunks.at(-1)!.tick + chunks.at(-1)!.n).toBe(45);
}, 60_000);

describe('the steps posted to the worker', () => {
  it('come back as the exact inputs and catch-up inputs stepped with, a role with no input as none', () => {
    const roles = ['john', 'sarah', 't1000'] as const;
    const b = new BatchWriter(roles, 4);
    const odd = { moveX: 0.1 + 0.2, moveY: -1 / 3, aim: Math.PI * 7.5, buttons: 5 };
    b.add({ john: odd, t1000: { moveX: 0, moveY: 1, aim: -0, buttons: 0 } }, undefined);
    b.add({ sarah: odd }, { sarah: { ...odd, aim: 1e-300 } });
    b.check(12, 'abc');
    expect(b.full).toBe(false);
    const batch = b.take();
    expect(batch.n).toBe(2);
    expect(batch.checks).toEqual([12, 'abc']);
    expect(stepOf(batch, 0, roles)).toEqual({
      inputs: { john: odd, sarah: undefined, t1000: { moveX: 0, moveY: 1, aim: -0, buttons: 0 } },
      catchUp: undefined,
    });
    const second = stepOf(batch, 1, roles);
    expect(second.inputs.sarah).toEqual(odd);
    expect(second.inputs.john).toBeUndefined();
    expect(second.catchUp).toEqual({ sarah: { ...odd, aim: 1e-300 } });
    // A fresh batch after take (the array taken is the worker's now).
    expect(b.take().n).toBe(0);
  });

  it('worldCheck: a world and its restored keyframe agree; a change to a position, a life, the RNG or the stats does not', () => {
    const map = resolveMap(undefined);
    const w = createWorld({ map, seed: 9, options: SMALL });
    for (let i = 0; i < 90; i++) step(w, {});
    const base = worldCheck(w);
    expect(worldCheck(unpackWorld(packWorld(w), map))).toBe(base);
    const changed = (change: (x: typeof w) => void) => {
      const c = unpackWorld(packWorld(w), map);
      change(c);
      return worldCheck(c);
    };
    expect(changed((c) => (c.entities[7].x += 1 / 64))).not.toBe(base);
    expect(
      changed((c) => (c.entities[3].life = c.entities[3].life === 'healthy' ? 'injured' : 'healthy')),
    ).not.toBe(base);
    expect(changed((c) => c.rng.next++)).not.toBe(base);
    expect(changed((c) => (c.stats.john!.distance += 1))).not.toBe(base);
  });
});
