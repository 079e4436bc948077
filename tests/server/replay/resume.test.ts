/** Play from here, the world of a replay's moment (server/replay/resume.ts): exact, bounded, and refused with one message each. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { Recorder } from '../../../server/replay/Recorder.js';
import { clockOf, replayMap, resumeAt, resumeReplay } from '../../../server/replay/resume.js';
import { recording } from '../../../server/replay/store.js';
import { readReplay } from '../../../shared/replay/codec.js';
import type { KeyframeRecord } from '../../../shared/replay/format.js';
import { mapHash, resimulate, unpackWorld } from '../../../shared/replay/play.js';
import { restoreWorld, worldHash } from '../../../shared/sim/serialize.js';
import { createWorld } from '../../../shared/sim/world.js';
import { recordBotMatch, tempDir } from './record.js';

const SMALL = { judgmentDaySeconds: 45, civilians: 12, police: 4 };
/** Between the keyframes at 600 and 1200, inside a chunk (chunks end at multiples of 30). */
const MIDDLE = 707;

describe('the world of a replay at a tick', () => {
  const dir = tempDir();
  const { path, world: end } = recordBotMatch(dir, SMALL);
  const id = basename(path, '.lmr');
  const read = readReplay(readFileSync(path));
  /** The same bot match played again, unrecorded, to `tick`: the world the replay must give back. */
  const playedTo = (tick: number) => recordBotMatch(dir, SMALL, 11, tick, false).world;

  it('is the world the match had at that tick, between keyframes', async () => {
    const r = await resumeReplay(dir, id, MIDDLE);
    expect(r).toMatchObject({ replay: id, asked: MIDDLE, tick: MIDDLE, note: null, mapName: 'la-1995' });
    const w = restoreWorld(r.snapshot, r.map);
    expect(w.tick).toBe(MIDDLE);
    expect(worldHash(w)).toBe(worldHash(playedTo(MIDDLE)));
  });

  it('continues as the recording did: its inputs from there reach the next keyframe’s hash', async () => {
    const r = await resumeReplay(dir, id, MIDDLE);
    const w = restoreWorld(r.snapshot, r.map);
    const next = read.records.find((x): x is KeyframeRecord => x.t === 'K' && x.tick > MIDDLE);
    if (!next) throw new Error('no keyframe after the moment');
    expect(resimulate(w, read.records, 1, { until: next.tick, midChunk: true })).toBeNull();
    expect(w.tick).toBe(next.tick);
    expect(worldHash(w)).toBe(next.hash);
  });

  it('at a keyframe, at the start, and at the last step before the end', async () => {
    for (const tick of [0, 600, end.tick - 1]) {
      const r = await resumeReplay(dir, id, tick);
      expect(r.tick).toBe(tick);
      expect(worldHash(restoreWorld(r.snapshot, r.map))).toBe(worldHash(playedTo(tick)));
    }
  });

  it('refuses with one message: past the end, the end itself, a bad id, no such replay', async () => {
    await expect(resumeReplay(dir, id, end.tick + 1)).rejects.toThrow(
      `replay ${id}: the replay ends at ${clockOf(end.tick, 30)} (tick ${end.tick}); tick ${end.tick + 1} is past its end`,
    );
    await expect(resumeReplay(dir, id, end.tick)).rejects.toThrow(
      `replay ${id}: the match is already over at ${clockOf(end.tick, 30)}`,
    );
    await expect(resumeReplay(dir, '../etc/passwd', 5)).rejects.toThrow(
      'replay ../etc/passwd: not a replay id',
    );
    await expect(resumeReplay(dir, 'nothing-here', 5)).rejects.toThrow('replay nothing-here: no such replay');
  });

  it('never reads a replay still being written (a live match)', async () => {
    const live = Recorder.open({
      dir,
      world: createWorld({ map: resolveMap(undefined), seed: 3, options: SMALL }),
      roles: [],
      startedAt: Date.UTC(2026, 11, 4),
    });
    if (!live) throw new Error('the recorder did not open');
    try {
      await expect(resumeReplay(dir, live.id, 0)).rejects.toThrow(
        `replay ${live.id}: that match is still being played`,
      );
    } finally {
      live.close();
    }
    // Once closed (its last records may still be on their way to the file) it is an ordinary replay.
    for (let i = 0; recording(dir, live.id); i++) {
      if (i > 500) throw new Error('the recording did not close');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await resumeReplay(dir, live.id, 0)).tick).toBe(0);
  });

  it('refuses a map this server does not have, or whose content changed since', () => {
    const other = {
      ...read,
      header: { ...read.header, map: { ...read.header.map, file: 'maps/nowhere.tmj' } },
    };
    expect(() => resumeAt(id, other, MIDDLE)).toThrow('map nowhere is not on this server');
    const changed = {
      ...read,
      header: { ...read.header, map: { ...read.header.map, hash: '0123456789abcdef' } },
    };
    expect(() => resumeAt(id, changed, MIDDLE)).toThrow('map la-1995 has changed since the recording');
    expect(replayMap(read.header)).toMatchObject({ file: read.header.map.file });
    expect(mapHash(replayMap(read.header) as ReturnType<typeof resolveMap>)).toBe(read.header.map.hash);
  });

  it('a damaged keyframe or a gap in the steps is refused, not played', () => {
    const records = read.records.map((x) =>
      x.t === 'K' && x.tick === 600 ? { ...x, hash: 'ffffffffffffffff' } : x,
    );
    expect(() => resumeAt(id, { ...read, records }, MIDDLE)).toThrow(
      "the replay's world at 0:20 is damaged (its hash differs)",
    );
    const gap = read.records.filter((x) => !(x.t === 'S' && x.tick === 660));
    expect(() => resumeAt(id, { ...read, records: gap }, MIDDLE)).toThrow(
      'the replay cannot be played to 0:23: a gap in the steps at tick 660',
    );
    const ghost = read.records.map((x) =>
      x.t === 'K' && x.tick === 600 ? { ...x, world: { ...(x.world as object), players: { ghost: 0 } } } : x,
    );
    expect(() => resumeAt(id, { ...read, records: ghost }, MIDDLE)).toThrow(
      "the replay's world at 0:20 is not a world this server plays",
    );
    const far = read.records.filter((x) => !(x.t === 'K' && x.tick === 600));
    expect(() => resumeAt(id, { ...read, records: far }, MIDDLE)).toThrow(
      'the replay has no keyframe within 20 s before 0:23',
    );
    const keyless = read.records.filter((x) => x.t !== 'K');
    expect(() => resumeAt(id, { ...read, records: keyless }, MIDDLE)).toThrow(
      'the replay has no keyframe at or before 0:23',
    );
  });

  it('a re-simulation that runs out of time is refused', () => {
    expect(() => resumeAt(id, read, MIDDLE, -1)).toThrow(
      'the replay cannot be played to 0:23: it takes too long to re-simulate',
    );
  });

  it('a replay of another game version starts from the keyframe before the moment, and says so', () => {
    const old = { ...read, header: { ...read.header, game: '0.0.1-old' } };
    const r = resumeAt(id, old, MIDDLE);
    expect(r.asked).toBe(MIDDLE);
    expect(r.tick).toBe(600);
    expect(r.note).toMatch(/^recorded with version 0\.0\.1-old \(this server runs .+\): it starts from 0:20/);
    const k = read.records.find((x): x is KeyframeRecord => x.t === 'K' && x.tick === 600)!;
    expect(worldHash(restoreWorld(r.snapshot, r.map))).toBe(k.hash);
    expect(worldHash(unpackWorld(k.world, r.map))).toBe(k.hash);
  });
});
