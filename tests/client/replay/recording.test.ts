/**
 * The replay viewer's model (Recording) and source (RecordingSource), on the
 * golden replay and on a bot match recorded here by the server's recorder:
 * a seek lands on its tick and equals playing from the start, the moments
 * are found, a side view is SideView's, bytes appended in random pieces give
 * the same frames as the whole file, rows are read by field name, and a
 * damaged file gives its message.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDoorTiles } from '../../../client/src/net/predictMove.js';
import { playersAtEnd, Recording, ReplayError } from '../../../client/src/replay/Recording.js';
import { frameIdOf, RecordingSource } from '../../../client/src/replay/RecordingSource.js';
import { resolveMap } from '../../../server/mapFiles.js';
import { encodeRecord, magicBytes, readReplay } from '../../../shared/replay/codec.js';
import type {
  ChunkRecord,
  HeaderRecord,
  KeyframeRecord,
  ReplayRecord,
} from '../../../shared/replay/format.js';
import { applyFrame } from '../../../shared/replay/frames.js';
import { SideView } from '../../../shared/sim/sideView.js';
import type { GameEvent } from '../../../shared/sim/types.js';
import { recordBotMatch, tempDir } from '../../server/replay/record.js';

const GOLDEN = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'replays', 'golden-v1.lmr')),
);
const map = resolveMap(undefined);

/** Every frame's table, by playing all frames in order from the first keyframe (the brute force). */
function bruteTables(bytes: Uint8Array): unknown[][][] {
  const { records } = readReplay(bytes);
  const out: unknown[][][] = [];
  let table: unknown[][] | null = null;
  const facts = {};
  for (const r of records) {
    if (r.t === 'K') table = r.table.map((row) => [...row]);
    if (r.t !== 'S') continue;
    for (const f of r.f) {
      table = applyFrame(table as unknown[][], f, facts);
      out.push((table as unknown[][]).map((row) => [...row]));
    }
  }
  return out;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

// A bot match recorded here, with what the world said happened at each tick.
let dir = '';
let bot: Uint8Array;

beforeAll(() => {
  dir = tempDir();
  const { path } = recordBotMatch(dir, { judgmentDaySeconds: 75 }, 5, Number.POSITIVE_INFINITY, true);
  bot = new Uint8Array(readFileSync(path));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Recording', () => {
  it('reads the golden replay: its frames by tick, its end', () => {
    const r = Recording.fromBytes(GOLDEN);
    expect(r.frameCount).toBe(360);
    expect(r.firstTick).toBe(2);
    expect(r.lastTick).toBe(720);
    expect(r.finished).toBe(true);
    expect(r.damaged).toBeNull();
    expect(r.moments.at(-1)).toMatchObject({ kind: 'end', tick: 720 });
    expect(r.moments.at(-1)?.title).toMatch(/T-1000 wins/);
    const players = r.entities(r.tableAt(0).table).filter((e) => e.role === 't1000' || e.role === 'john');
    expect(players.length).toBe(2);
  });

  for (const [name, bytes] of [
    ['the golden replay', () => GOLDEN],
    ['a recorded bot match', () => bot],
  ] as const) {
    it(`${name}: a seek in any order equals playing every frame from the start`, () => {
      const b = bytes();
      const brute = bruteTables(b);
      const r = Recording.fromBytes(b);
      expect(r.frameCount).toBe(brute.length);
      fc.assert(
        fc.property(fc.array(fc.nat(brute.length - 1), { minLength: 1, maxLength: 12 }), (at) => {
          for (const i of at) expect(r.tableAt(i).table).toEqual(brute[i]);
        }),
        { numRuns: 30 },
      );
    });

    it(`${name}: bytes appended in random pieces give the same frames as the whole file`, () => {
      const b = bytes();
      const whole = Recording.fromBytes(b);
      fc.assert(
        fc.property(
          fc.array(fc.nat(b.length), { maxLength: 30 }),
          fc.nat(whole.frameCount - 1),
          (cuts, probe) => {
            const r = new Recording();
            let from = 0;
            for (const c of [...new Set(cuts)].sort((x, y) => x - y).concat(b.length)) {
              r.append(b.slice(from, c));
              from = c;
            }
            r.finish();
            expect(r.ticks).toEqual(whole.ticks);
            expect(r.moments).toEqual(whole.moments);
            expect(r.tableAt(probe)).toEqual(whole.tableAt(probe));
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('the moments of a bot match are where its players went down, the acts changed and the alarm went off', () => {
    const r = Recording.fromBytes(bot);
    // The truth: the frames' rows and facts, compared frame by frame (what a viewer could check by eye).
    const brute = bruteTables(bot);
    const life = r.header?.fields.indexOf('life') ?? -1;
    const role = r.header?.fields.indexOf('role') ?? -1;
    const downs: number[] = [];
    for (let i = 1; i < brute.length; i++) {
      brute[i].forEach((row, j) => {
        const was = brute[i - 1][j]?.[life];
        if (
          row[life] === 'downed' &&
          was !== 'downed' &&
          ['john', 'sarah', 't800', 'dyson'].includes(row[role] as string)
        )
          downs.push(r.ticks[i]);
      });
    }
    const marked = r.moments.filter((m) => m.kind === 'down').map((m) => m.tick);
    for (const t of downs) expect(marked.some((m) => Math.abs(m - t) <= 60)).toBe(true);
    expect(r.moments.at(-1)?.kind).toBe('end');
    // The acts and the alarm: marked at the first frame whose facts show them.
    const first = (test: (facts: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < r.frameCount; i++) if (test(r.tableAt(i).facts)) return r.ticks[i];
      return -1;
    };
    const act2 = first((f) => f.act === 2);
    const alarm = first((f) => ((f.alarm as { left: number }).left ?? 0) > 0);
    expect(act2).toBeGreaterThan(0);
    expect(alarm).toBeGreaterThan(0);
    expect(r.moments).toContainEqual({ tick: act2, kind: 'act', title: 'Act 2' });
    expect(r.moments).toContainEqual({ tick: alarm, kind: 'alarm', title: 'Alarm' });
    for (const m of r.moments) {
      expect(m.tick).toBeGreaterThanOrEqual(r.firstTick);
      expect(m.tick).toBeLessThanOrEqual(r.lastTick);
      expect(m.title.length).toBeGreaterThan(0);
    }
  });

  it('marks a player going down, John terminated and the T-1000 in the steel', () => {
    const { records } = readReplay(GOLDEN);
    const h = records[0] as HeaderRecord;
    const life = h.fields.indexOf('life');
    const role = h.fields.indexOf('role');
    const k0 = records.find((x) => x.t === 'K') as KeyframeRecord;
    const row = (who: string) => k0.table.findIndex((x) => x[role] === who);
    // The golden match with three frames' changes added: Sarah down at 200, John out at 400, the T-1000 destroyed at 600.
    const extra: Record<number, unknown[]> = {
      200: [row('sarah'), life, 'downed'],
      400: [row('john'), life, 'eliminated'],
      600: [row('t1000'), life, 'destroyed'],
    };
    const out = records.map((rec) =>
      rec.t !== 'S'
        ? rec
        : { ...rec, f: rec.f.map((f) => (extra[f.k] ? { ...f, c: [...(f.c ?? []), ...extra[f.k]] } : f)) },
    );
    const r = Recording.fromBytes(concat(magicBytes(), ...out.map((x) => encodeRecord(x))));
    expect(r.moments).toContainEqual({ tick: 200, kind: 'down', title: 'Sarah Connor down' });
    expect(r.moments).toContainEqual({ tick: 400, kind: 'terminate', title: 'John Connor terminated' });
    expect(r.moments).toContainEqual({ tick: 600, kind: 'steel', title: 'T-1000 in the molten steel' });
  });

  it('reads rows by field name: another order, an unknown field and a missing one still draw', () => {
    const { records } = readReplay(GOLDEN);
    const h = records[0] as HeaderRecord;
    // A "future" version: fields reversed, one added ('shield'), one removed ('stunned').
    const keep = h.fields
      .map((_f, i) => i)
      .filter((i) => h.fields[i] !== 'stunned')
      .reverse();
    const fields = [...keep.map((i) => h.fields[i]), 'shield'];
    const kinds = [...keep.map((i) => h.kinds[i]), 'uint16'];
    const newCol = new Map(keep.map((old, i) => [old, i]));
    const row = (r: unknown[]) => [...keep.map((i) => r[i]), 7];
    const out: ReplayRecord[] = records.map((rec) => {
      if (rec.t === 'H') return { ...rec, fields, kinds };
      if (rec.t === 'K') return { ...(rec as KeyframeRecord), table: rec.table.map(row) };
      if (rec.t !== 'S') return rec;
      const c = rec as ChunkRecord;
      return {
        ...c,
        f: c.f.map((f) => {
          const g = { ...f };
          if (f.r) g.r = f.r.map(row);
          if (f.c) {
            const cc: unknown[] = [];
            for (let i = 0; i < f.c.length; i += 3) {
              const col = newCol.get(f.c[i + 1] as number);
              if (col !== undefined) cc.push(f.c[i], col, f.c[i + 2]);
            }
            g.c = cc;
          }
          return g;
        }),
      };
    });
    const file = concat(magicBytes(), ...out.map((x) => encodeRecord(x)));
    const a = Recording.fromBytes(GOLDEN);
    const b = Recording.fromBytes(file);
    expect(b.frameCount).toBe(a.frameCount);
    for (const i of [0, 100, 359]) {
      const ea = a.entities(a.tableAt(i).table);
      const eb = b.entities(b.tableAt(i).table);
      expect(eb).toEqual(ea.map((e) => ({ ...e, stunned: false })));
    }
  });

  it('a damaged file gives its message; a torn tail plays up to the tear', () => {
    expect(() => Recording.fromBytes(new TextEncoder().encode('not a replay at all'))).toThrow(ReplayError);
    expect(() => Recording.fromBytes(new TextEncoder().encode('not a replay at all'))).toThrow(/no magic/);
    expect(() => Recording.fromBytes(GOLDEN.subarray(0, 20))).toThrow(/header is cut short/);
    const torn = Recording.fromBytes(GOLDEN.subarray(0, Math.floor(GOLDEN.length * 0.6)));
    expect(torn.damaged).toMatch(/cut short/);
    expect(torn.frameCount).toBeGreaterThan(100);
    expect(torn.frameCount).toBeLessThan(360);
    expect(torn.finished).toBe(false);
    // Only a header and a keyframe: nothing to play.
    const { records } = readReplay(GOLDEN);
    const noFrames = concat(magicBytes(), encodeRecord(records[0]), encodeRecord(records[1]));
    expect(() => Recording.fromBytes(noFrames)).toThrow(/no frames/);
  });
});

describe('RecordingSource', () => {
  it('seeks to the tick asked, and draws there what playing from the start draws', () => {
    const r = Recording.fromBytes(bot);
    const seeker = new RecordingSource(r, map);
    const player = new RecordingSource(Recording.fromBytes(bot), map);
    const target = r.ticks[Math.floor(r.frameCount * 0.7)];
    seeker.pause();
    seeker.seek(target);
    expect(seeker.tick).toBe(target);
    const a = seeker.frame(0, 0);
    // Played at 4× in 100 ms frames until the playhead passes the target, then set exactly on it.
    player.setSpeed(4);
    let now = 0;
    player.frame(now, 0);
    while (player.tick < target - 30) {
      now += 100;
      player.frame(now, 0);
    }
    player.pause();
    player.seek(target);
    const b = player.frame(now + 100, 0);
    expect(a.time).toBeCloseTo(target / 30);
    expect(b.entities).toEqual(a.entities);
    expect(b.objectives).toEqual(a.objectives);
    expect(b.act).toBe(a.act);
    expect(b.roster).toEqual(a.roster);
  });

  it('plays at its speed, steps a frame, and stops at the end', () => {
    const s = new RecordingSource(Recording.fromBytes(GOLDEN), map);
    s.frame(0, 0);
    s.frame(1000, 0);
    // The first call sets the clock; a frame moves the playhead by at most 0.25 s (a page in the background).
    expect(s.tick).toBeCloseTo(2 + 30 * 0.25, 5);
    const t0 = s.tick;
    s.setSpeed(4);
    s.frame(1100, 0);
    expect(s.tick - t0).toBeCloseTo(0.1 * 30 * 4, 5);
    s.step(1);
    expect(s.playing).toBe(false);
    const after = s.tick;
    expect(Number.isInteger(after)).toBe(true);
    expect(after % 2).toBe(0);
    s.step(1);
    expect(s.tick).toBe(after + 2);
    s.step(-1);
    expect(s.tick).toBe(after);
    s.seek(10_000_000);
    expect(s.tick).toBe(720);
    s.play();
    expect(s.tick).toBe(2);
    s.seek(700);
    s.frame(2000, 0);
    for (let t = 2100; t < 4000; t += 100) s.frame(t, 0);
    expect(s.tick).toBe(720);
    expect(s.playing).toBe(false);
  });

  it('interpolates between the two recorded frames around the playhead', () => {
    const r = Recording.fromBytes(GOLDEN);
    const s = new RecordingSource(r, map);
    s.pause();
    s.seek(400);
    const a = s.entitiesNow().map((e) => ({ ...e }));
    s.seek(402);
    const b = s.entitiesNow().map((e) => ({ ...e }));
    s.seek(401);
    const mid = s.entitiesNow();
    let moved = 0;
    for (let i = 0; i < a.length; i++) {
      if (Math.hypot(b[i].x - a[i].x, b[i].y - a[i].y) > 3) continue;
      expect(mid[i].x).toBeCloseTo((a[i].x + b[i].x) / 2, 6);
      expect(mid[i].y).toBeCloseTo((a[i].y + b[i].y) / 2, 6);
      if (a[i].x !== b[i].x) moved++;
    }
    expect(moved).toBeGreaterThan(10);
  });

  it('a side view shows exactly what SideView gives that side', () => {
    const r = Recording.fromBytes(bot);
    for (const side of ['escort', 'hunter'] as const) {
      const s = new RecordingSource(r, map);
      s.pause();
      const i = Math.floor(r.frameCount / 2);
      s.seek(r.ticks[i]);
      s.setSide(side);
      const f = s.frame(0, 0);
      const { table, facts } = r.tableAt(i);
      const tiles = map.tiles.slice();
      setDoorTiles(tiles, map, facts.doors as boolean[]);
      const alarm = facts.alarm as { reveal: number };
      const want = new SideView(map, tiles).see(side, r.entities(table), alarm.reveal);
      expect(f.side).toBe(side);
      expect(f.entities.map((e) => e.id).sort((x, y) => x - y)).toEqual(
        want.map((w) => frameIdOf(w.entityId)).sort((x, y) => x - y),
      );
      for (const w of want) {
        const e = f.entities.find((x) => x.id === frameIdOf(w.entityId));
        expect(e?.life).toBe(w.look.life);
        // The escorts see a disguise as what it wears; the hunter and All see the true role too.
        if (side === 'escort') expect(e?.trueRole).toBeNull();
      }
      expect(f.entities.length).toBeLessThan(r.entities(table).length);
      expect(f.roster?.filter((x) => x.shown).length).toBeLessThanOrEqual(5);
    }
  });

  it('live mode plays behind the newest frame as records arrive, and jumps when far behind', () => {
    const b = GOLDEN;
    const s = new RecordingSource(new Recording(), map);
    const r = s.recording;
    let at = Math.floor(b.length / 3);
    r.append(b.subarray(0, at));
    s.setLive(true);
    const first = r.lastTick;
    expect(s.tick).toBe(first - 45);
    s.frame(0, 0);
    // Two more seconds arrive, a byte at a time.
    while (r.lastTick < first + 60) r.append(b.subarray(at, ++at));
    for (let t = 100; t <= 1000; t += 100) s.frame(t, 0);
    // A second later it has moved on at 1×, still behind the newest frame.
    expect(s.tick).toBeCloseTo(first - 45 + 30, 5);
    expect(s.tick).toBeLessThan(r.lastTick - 45);
    // The rest at once (a page that slept): far behind, it jumps to the live point.
    r.append(b.subarray(at));
    s.frame(1100, 0);
    expect(s.tick).toBe(r.lastTick - 45);
  });

  it('shows the effects and feed lines of the frames it plays through, none of the frames it seeks over', () => {
    const r = Recording.fromBytes(bot);
    let withEvents = -1;
    for (let i = 10; i < r.frameCount; i++)
      if (r.events(i).some((e: GameEvent) => e.type === 'downed' || e.type === 'hit' || e.type === 'shot'))
        withEvents = i;
    expect(withEvents).toBeGreaterThan(0);
    const s = new RecordingSource(r, map);
    s.pause();
    s.seek(r.ticks[withEvents - 1]);
    expect(s.frame(0, 0).fx).toEqual([]);
    s.step(1);
    const f = s.frame(10, 0);
    expect(f.fx.length).toBe(r.events(withEvents).length);
    s.seek(r.ticks[withEvents + 5]);
    expect(s.frame(20, 0).fx).toEqual([]);
  });
});

describe('a hostile file', () => {
  it('any values in its rows play and draw in every side view without an error', () => {
    const { records } = readReplay(GOLDEN);
    const h = records[0] as HeaderRecord;
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.double(),
      fc.string({ maxLength: 20 }),
      fc.boolean(),
      fc.constantFrom('t1000', 'john', 'downed', 'destroyed', 'terminate', '', 65535, -1, 1e300),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.nat(h.fields.length - 1), value), { minLength: 1, maxLength: 40 }),
        (edits) => {
          const out = records.map((rec) => {
            if (rec.t !== 'K') return rec;
            const table = rec.table.map((row) => [...row]);
            for (const [r, f, v] of edits) table[r % table.length][f] = v;
            return { ...rec, table };
          });
          const r = Recording.fromBytes(concat(magicBytes(), ...out.map((x) => encodeRecord(x))));
          const s = new RecordingSource(r, map);
          s.pause();
          for (const side of ['all', 'escort', 'hunter'] as const) {
            s.setSide(side);
            for (const t of [2, 300, 720]) {
              s.seek(t);
              const f = s.frame(t, 0);
              for (const e of f.entities) {
                expect(Number.isFinite(e.x) && Number.isFinite(e.y)).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('who played, at the end', () => {
  it('names who held each role when the match ended (someone who took a bot’s seat mid-match), in role order', () => {
    const summary = {
      players: [
        { name: 'Quinn', role: 'john', bot: false, stats: {} },
        { name: 'Tessa', role: 't800', bot: false, stats: {} },
        { name: 'T-1000 (bot)', role: 't1000', bot: true, stats: {} },
      ],
    };
    expect(playersAtEnd(summary)).toEqual([
      { role: 't1000', name: 'T-1000 (bot)', bot: true },
      { role: 'john', name: 'Quinn', bot: false },
      { role: 't800', name: 'Tessa', bot: false },
    ]);
  });

  it('reads a summary of any shape as data: anything but a list of players is none', () => {
    for (const bad of [
      null,
      undefined,
      7,
      {},
      { players: [] },
      { players: [null] },
      { players: [{ role: 'police', name: 'x' }] },
    ])
      expect(playersAtEnd(bad)).toBeNull();
  });
});
