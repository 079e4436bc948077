import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { Recorder } from '../../../server/replay/Recorder.js';
import { applyRetention } from '../../../server/replay/retention.js';
import { GAME_VERSION } from '../../../server/replay/version.js';
import { readReplay } from '../../../shared/replay/codec.js';
import { FORMAT_VERSION } from '../../../shared/replay/format.js';
import { summarise, unpackWorld, verify } from '../../../shared/replay/play.js';
import { worldHash } from '../../../shared/sim/serialize.js';
import { createWorld } from '../../../shared/sim/world.js';
import { recordBotMatch, tempDir } from './record.js';

const SMALL = { judgmentDaySeconds: 25, civilians: 12, police: 4 };

describe('the recording of a match', () => {
  const dir = tempDir();
  const { path, world, events } = recordBotMatch(dir, SMALL);
  const bytes = readFileSync(path);
  const read = readReplay(bytes);

  it('has a header with the format, game, map, seed, options, roles and start', () => {
    const h = read.header;
    expect(h.format).toBe(FORMAT_VERSION);
    expect(h.game).toBe(GAME_VERSION);
    expect(h.map.name).toBe(world.map.name);
    expect(h.map.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(h.seed).toBe(11);
    expect(h.options.judgmentDaySeconds).toBe(25);
    expect(h.roles.map((r) => r.role)).toEqual(Object.keys(world.players));
    expect(h.startedAt).toBe('2026-12-03T23:00:00.000Z');
  });

  it('keeps every event of every step (a frame carries those since the frame before)', () => {
    let recorded = 0;
    for (const r of read.records) if (r.t === 'S') for (const f of r.f) recorded += f.ev?.length ?? 0;
    expect(events).toBeGreaterThan(10);
    expect(recorded).toBe(events);
  });

  it('plays every frame in order to the end record with the result and stats', () => {
    const s = summarise(read);
    expect(read.truncated).toBeNull();
    expect(s.plays).toBe(true);
    expect(s.finished).toBe(true);
    expect(s.result?.reason).toBe(world.result?.reason);
    expect(s.seconds).toBeCloseTo(world.time, 5);
    expect(s.frames).toBe(Math.ceil(world.tick / 2));
    expect(s.keyframes).toBe(1 + Math.floor((world.tick - 1) / 600));
    const end = read.records.at(-1);
    expect(end?.t).toBe('E');
    if (end?.t === 'E') expect(end.stats.john.distance).toBe(world.stats.john?.distance);
  });

  it('re-simulates from its first keyframe to every later keyframe hash (catch-up inputs included)', () => {
    const v = verify(read.records, resolveMap(undefined));
    expect(v.error).toBeNull();
    expect(v.checked).toBeGreaterThan(0);
    expect(v.matched).toBe(v.checked);
    // And to the end: the re-simulated world is the recorded one.
    const chunks = read.records.filter((r) => r.t === 'S');
    expect(chunks.at(-1)!.tick + chunks.at(-1)!.n).toBe(world.tick);
  });

  it('does not change the match: the same seed and inputs unrecorded end in the same world', () => {
    expect(worldHash(recordBotMatch(dir, SMALL, 11, Number.POSITIVE_INFINITY, false).world)).toBe(
      worldHash(world),
    );
  });

  it('restores a keyframe to the world it was', () => {
    const k = read.records.find((r) => r.t === 'K');
    if (k?.t !== 'K') throw new Error('no keyframe');
    expect(worldHash(unpackWorld(k.world, resolveMap(undefined)))).toBe(k.hash);
  });

  it('a file cut anywhere plays up to its last whole record', () => {
    for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), Math.floor(bytes.length / 5)]) {
      const r = readReplay(bytes.subarray(0, cut));
      expect(r.truncated).toMatch(/cut short/);
      expect(summarise(r).plays).toBe(true);
    }
  });
});

describe('retention', () => {
  it('deletes the oldest files beyond the count, then beyond the size', () => {
    const dir = tempDir();
    for (let i = 0; i < 6; i++) {
      const p = join(dir, `f${i}.lmr`);
      writeFileSync(p, Buffer.alloc(1000));
      utimesSync(p, 1000 + i, 1000 + i);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not a replay');
    expect(applyRetention(dir, 4, 1e9).map((p) => p.split('/').pop())).toEqual(['f0.lmr', 'f1.lmr']);
    expect(applyRetention(dir, 4, 2500).map((p) => p.split('/').pop())).toEqual(['f2.lmr', 'f3.lmr']);
    expect(readdirSync(dir).sort()).toEqual(['f4.lmr', 'f5.lmr', 'notes.txt']);
    expect(statSync(join(dir, 'f5.lmr')).size).toBe(1000);
  });

  it('never deletes a file being recorded', async () => {
    const dir = tempDir();
    const world = createWorld({ map: resolveMap(undefined), seed: 3, options: SMALL });
    const rec = Recorder.open({ dir, world, roles: [], startedAt: Date.now() })!;
    writeFileSync(join(dir, 'old.lmr'), Buffer.alloc(10));
    utimesSync(join(dir, 'old.lmr'), 1, 1);
    expect(applyRetention(dir, 0, 0)).toEqual([join(dir, 'old.lmr')]);
    expect(readdirSync(dir)).toEqual([rec.path.split('/').pop()]);
    rec.close();
    // The worker completes the file a moment later; until then it is still being recorded.
    await rec.closed;
    expect(applyRetention(dir, 0, 0)).toEqual([rec.path]);
  });
});
