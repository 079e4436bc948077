/**
 * Sound obeys vision, end to end on the server's side of the wire: a world
 * stepped by the simulation, the server's own view filter (ViewSync for the
 * entities, EventFeed for the events) and a schema decoder per client, as the
 * room feeds real clients. Each client's decoded stream becomes frames the
 * way the live client builds them (entities by key, events translated), and
 * the sound planner plays those. What a client was not sent, it cannot hear.
 */
import { Decoder, Encoder, StateView } from '@colyseus/schema';
import { describe, expect, it } from 'vitest';
import type { PlannedSound } from '../../../client/src/audio/planner.js';
import { resolveMap } from '../../../server/mapFiles.js';
import { EventFeed } from '../../../server/sync/EventFeed.js';
import { ViewSync } from '../../../server/sync/ViewSync.js';
import { lineOfSight } from '../../../shared/map/sight.js';
import { Tile } from '../../../shared/map/tiles.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { MatchState } from '../../../shared/schema/MatchState.js';
import { tryMimic } from '../../../shared/sim/hunter.js';
import { spatial } from '../../../shared/sim/runtime.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type Entity, type PlayerInput, type World } from '../../../shared/sim/types.js';
import { visibleIds } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';
import { DT } from '../../../shared/tuning.js';
import { Client, type Eyes, type Received } from './streamClient.js';

const map = resolveMap();

/** The server's filter and wire for an escort client and a hunter client of one world. */
function wire(world: World) {
  const state = new MatchState();
  const encoder = new Encoder(state);
  const sync = new ViewSync(state, world);
  const feed = new EventFeed();
  const views: Record<Eyes, StateView> = { escort: new StateView(), hunter: new StateView() };
  sync.attach(views.escort, 'escort');
  sync.attach(views.hunter, 'hunter');
  const decoders: Record<Eyes, Decoder<MatchState>> = {
    escort: new Decoder(new MatchState()),
    hunter: new Decoder(new MatchState()),
  };
  {
    const it = { offset: 0 };
    encoder.encodeAll(it);
    const shared = it.offset;
    for (const v of ['escort', 'hunter'] as const)
      decoders[v].decode(encoder.encodeAllView(views[v], shared, { ...it }));
  }
  /** After a step: collect its events, write the views, send a patch; what each client holds now. */
  return (): Record<Eyes, Received> => {
    feed.collect(world, sync, () => true);
    sync.update();
    const it = { offset: 0 };
    encoder.encode(it);
    const shared = it.offset;
    const out = {} as Record<Eyes, Received>;
    for (const v of ['escort', 'hunter'] as const) {
      decoders[v].decode(encoder.encodeView(views[v], shared, it));
      out[v] = { state: decoders[v].state, events: [...(feed.peek(v) ?? [])] };
    }
    encoder.discardChanges();
    feed.clear();
    return out;
  };
}

const IDLE: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };

function playerOf(w: World, role: PlayerRole): Entity {
  return w.entities[w.players[role]!];
}

const floor = (w: World, x: number, y: number) =>
  w.tiles[Math.floor(y) * w.map.width + Math.floor(x)] === Tile.Floor;

/** A floor tile's centre at a distance in [min, max] from `from`, in (or out of) its line of sight. */
function spot(w: World, from: Entity, min: number, max: number, inSight: boolean): { x: number; y: number } {
  for (let r = min; r <= max; r++) {
    for (let a = 0; a < 64; a++) {
      const x = Math.floor(from.x + Math.cos((a / 64) * Math.PI * 2) * r) + 0.5;
      const y = Math.floor(from.y + Math.sin((a / 64) * Math.PI * 2) * r) + 0.5;
      if (x < 1 || y < 1 || x >= w.map.width - 1 || y >= w.map.height - 1 || !floor(w, x, y)) continue;
      const d = Math.hypot(x - from.x, y - from.y);
      if (d < min || d > max) continue;
      const seen = lineOfSight(w.tiles, w.map.width, w.map.height, from.x, from.y, x, y);
      if (seen === inSight) return { x, y };
    }
  }
  throw new Error(`no floor ${min}–${max} tiles from (${from.x}, ${from.y})`);
}

/** Put an entity somewhere by hand (a new tick, so vision is recomputed). */
function put(w: World, e: Entity, at: { x: number; y: number }): void {
  e.x = at.x;
  e.y = at.y;
  e.vx = 0;
  e.vy = 0;
  w.tick++;
  spatial(w, true);
}

/** Step the world with the T-1000's input (the rest idle); `ticks` steps. */
function run(
  w: World,
  send: () => Record<Eyes, Received>,
  t1000: PlayerInput,
  ticks: number,
  each: (r: Record<Eyes, Received>) => void,
) {
  for (let i = 0; i < ticks; i++) {
    step(w, { john: IDLE, sarah: IDLE, t1000: i === 0 ? t1000 : { ...t1000, buttons: 0 } });
    each(send());
  }
}

const MELT: PlayerInput = { ...IDLE, buttons: Button.Liquid };
const types = (r: Received) => r.events.map((e) => e[0]);

describe('sound obeys vision', () => {
  it('the T-1000 melting and reforming out of the escorts’ sight makes no sound for them; in sight it does', () => {
    const w = createWorld({ map, seed: 5, options: { police: 0, civilians: 0 }, roles: ['john', 't1000'] });
    const john = playerOf(w, 'john');
    const t = playerOf(w, 't1000');
    put(w, t, spot(w, john, 12, 30, false));
    const send = wire(w);
    const escort = new Client('escort');
    const hunter = new Client('hunter');
    const hunterHeard: string[] = [];
    const listen = (r: Record<Eyes, Received>) => {
      escort.hear(r.escort, w.time, john);
      hunterHeard.push(...hunter.hear(r.hunter, w.time, t).map((s) => s.sound));
    };
    expect(visibleIds(w, 'escort')).not.toContain(t.id);
    let hunterEvents: string[] = [];
    let escortEvents: string[] = [];
    const record = (r: Record<Eyes, Received>) => {
      hunterEvents.push(...types(r.hunter));
      escortEvents.push(...types(r.escort));
      listen(r);
    };
    // Melt, wait, reform, wait: out of sight.
    run(w, send, MELT, 30, record);
    run(w, send, MELT, 30, record);
    expect(hunterEvents).toEqual(expect.arrayContaining(['melt', 'reform']));
    expect(hunterHeard).toEqual(expect.arrayContaining(['melt', 'reform']));
    expect(escortEvents).toEqual([]);
    expect(escort.played).toEqual([]);
    // The same, in John's sight a few tiles away: sent, and heard.
    hunterEvents = [];
    escortEvents = [];
    put(w, t, spot(w, john, 3, 5, true));
    run(w, send, MELT, 30, record);
    run(w, send, MELT, 30, record);
    expect(escortEvents).toEqual(expect.arrayContaining(['melt', 'reform']));
    const heard = escort.played.map((p) => p.sound.sound);
    expect(heard).toEqual(expect.arrayContaining(['melt', 'reform']));
  });

  it('what a teammate sees far away is sent to the team but heard only by whoever is near it', () => {
    const w = createWorld({
      map,
      seed: 6,
      options: { police: 0, civilians: 0 },
      roles: ['john', 'sarah', 't1000'],
    });
    const john = playerOf(w, 'john');
    const sarah = playerOf(w, 'sarah');
    const t = playerOf(w, 't1000');
    put(w, sarah, spot(w, john, 24, 40, false));
    put(w, t, spot(w, sarah, 3, 4, true));
    const send = wire(w);
    const johnEars = new Client('escort');
    const sarahEars = new Client('escort');
    const sent: string[] = [];
    run(w, send, MELT, 30, (r) => {
      sent.push(...types(r.escort));
      johnEars.hear(r.escort, w.time, john);
      sarahEars.hear(r.escort, w.time, sarah);
    });
    expect(sent).toContain('melt');
    expect(sarahEars.played.map((p) => p.sound.sound)).toContain('melt');
    expect(johnEars.played.map((p) => p.sound.sound)).not.toContain('melt');
  });

  it('a disguised T-1000 walking past John sounds exactly like the civilian it copies', () => {
    /** Walk `who` (the civilian, or the T-1000 in its look) along the same path near John; what John hears. */
    const listen = (disguised: boolean) => {
      const w = createWorld({ map, seed: 7, options: { police: 0, civilians: 1 }, roles: ['john', 't1000'] });
      const john = playerOf(w, 'john');
      const t = playerOf(w, 't1000');
      const civ = w.entities.find((e) => e.role === 'civilian')!;
      const away = spot(w, john, 25, 40, false);
      put(w, civ, away);
      put(w, t, { x: away.x + 0.5, y: away.y });
      if (disguised) {
        expect(tryMimic(w, t)).toBe(true);
        w.events.length = 0;
      }
      const walker = disguised ? t : civ;
      const from = spot(w, john, 4, 6, true);
      const send = wire(w);
      const ears = new Client('escort');
      const heard: PlannedSound[] = [];
      // Back and forth beside John for 4 s at 1.6 tiles a second, moved by hand the same in both worlds.
      for (let i = 0; i < 4 / DT; i++) {
        const s = i * DT;
        w.events.length = 0;
        const dx = (s < 2 ? s : 4 - s) * 1.6;
        const at = { x: from.x + (floor(w, from.x + dx, from.y) ? dx : 0), y: from.y };
        walker.facing = s < 2 ? 0 : Math.PI;
        put(w, walker, at);
        w.time = w.tick * DT;
        heard.push(...ears.hear(send().escort, w.time, john));
      }
      return heard.map(({ sound, gain, pan, pitch }) => ({ sound, gain, pan, pitch }));
    };
    const real = listen(false);
    const fake = listen(true);
    expect(real.filter((s) => s.sound === 'step').length).toBeGreaterThan(2);
    expect(fake).toEqual(real);
  });
});
