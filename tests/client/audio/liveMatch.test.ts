/**
 * A real match on a real server, over websockets: an escort client (its
 * seat played by a bot) hears what it was sent, frame by frame, while the
 * test watches the server's world. The hunter bot is also made to melt and
 * reform every few seconds wherever it is, so the match surely holds T-1000
 * events the escorts were not sent. No sound is played for any of them, and
 * every sound played has its cause in the escort's own stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedSound } from '../../../client/src/audio/planner.js';
import type { MatchRun } from '../../../server/match/MatchRun.js';
import { createBot } from '../../../shared/bots/index.js';
import type { EventWire } from '../../../shared/protocol.js';
import type { Perception } from '../../../shared/sim/perception.js';
import { Button, type GameEvent, type PlayerInput } from '../../../shared/sim/types.js';
import { eventVisibleTo } from '../../../shared/sim/vision.js';
import { DT } from '../../../shared/tuning.js';
import { leaveAll, startServer, stateOf, type TestServer, until } from '../../server/helpers.js';
import { Client } from './streamClient.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer(2651);
});
afterAll(async () => {
  await server.close();
});

/** The hunter bot, made to toggle liquid every 3 s (on for 1.5 s) on top of what it chooses. */
function meltOften(run: MatchRun): void {
  const seat = run.seats.get('t1000')!;
  let n = 0;
  const base = createBot('t1000', 3);
  seat.brain = {
    role: 't1000',
    think(p: Perception): PlayerInput {
      const input = { ...base.think(p) };
      const phase = n++ % 90;
      if (phase === 0 || phase === 45) input.buttons |= Button.Liquid;
      else input.buttons &= ~Button.Liquid;
      return input;
    },
  } as typeof seat.brain;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

describe('a live match: the escort hears only its own stream', () => {
  it('no sound for any T-1000 event the escort was not sent; every sound from the stream', async () => {
    const room = await server.client().create('match', {
      name: 'J',
      pref: 'escort',
      mode: 'custom',
      countdown: 0,
      matchSeconds: 60,
      timeScale: 6,
      seed: 11,
      civilians: 40,
      police: 6,
      autopilot: true,
    });
    const ears = new Client('escort');
    let pending: EventWire[] = [];
    room.onMessage('events', (list: EventWire[]) => pending.push(...list));
    room.onMessage('end', () => undefined);
    const played: PlannedSound[] = [];
    room.onStateChange(() => {
      const s = stateOf(room);
      if (s.phase !== 'playing') return;
      const key = s.private?.get(room.sessionId)?.entity ?? '';
      const me = key ? s.entities?.get(key) : undefined;
      if (!me) return;
      const events = pending;
      pending = [];
      played.push(...ears.hear({ state: s, events }, s.tick * DT, { x: me.x, y: me.y }));
    });
    const mr = server.room(room.roomId);
    room.send('start');
    await until('the match to start', () => mr.run !== null);
    const run = mr.run!;
    meltOften(run);
    // The server's truth: every event of the world, and whether escorts could know of it.
    const unsent: GameEvent[] = [];
    let t1000Events = 0;
    const collect = run.feed.collect.bind(run.feed);
    run.feed.collect = (w, sync, listening) => {
      const tid = w.players.t1000!;
      for (const ev of w.events) {
        if (ev.by !== tid && ev.target !== tid) continue;
        t1000Events++;
        if (!eventVisibleTo(w, ev, 'escort')) unsent.push({ ...ev });
      }
      collect(w, sync, listening);
    };
    await until('a minute of play', () => run.world.time >= 45 || run.over, 60_000);
    await leaveAll([room]);

    expect(t1000Events).toBeGreaterThan(0);
    const hiddenMelts = unsent.filter((e) => e.type === 'melt' || e.type === 'reform');
    expect(hiddenMelts.length).toBeGreaterThan(0);
    expect(played.length).toBeGreaterThan(0);
    // Nothing the escorts were not sent reached their ears: no event of the stream, no sound, matches one.
    const at = (x: number, y: number) => `${r2(x)},${r2(y)}`;
    const hidden = new Set(unsent.map((e) => `${e.type}@${at(e.x, e.y)}`));
    for (const ev of ears.sentEvents) expect(hidden.has(`${ev.type}@${at(ev.x, ev.y)}`)).toBe(false);
    const soundOf: Record<string, string> = {
      melt: 'melt',
      reform: 'reform',
      windup: 'windup',
      strike: 'swing',
    };
    for (const p of ears.played) {
      if (p.sound.cause.kind !== 'event' || !p.at) continue;
      for (const e of unsent) {
        if (soundOf[e.type] === p.sound.sound) expect(at(p.at.x, p.at.y)).not.toBe(at(e.x, e.y));
      }
    }
  }, 90_000);
});
