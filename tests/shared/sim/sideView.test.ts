import { Decoder, Encoder, StateView } from '@colyseus/schema';
import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { ViewSync } from '../../../server/sync/ViewSync.js';
import { type Bot, createBot } from '../../../shared/bots/index.js';
import { PLAYER_ROLES } from '../../../shared/roles.js';
import { MatchState } from '../../../shared/schema/MatchState.js';
import { tryMimic } from '../../../shared/sim/hunter.js';
import { LOOK_KEYS, type Look, lookOf, truthOf } from '../../../shared/sim/look.js';
import { spatial } from '../../../shared/sim/runtime.js';
import { type SideEntity, SideView, type SpectatorEntity } from '../../../shared/sim/sideView.js';
import { step } from '../../../shared/sim/step.js';
import { NEUTRAL_INPUT, type StepInputs, type World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';

const map = resolveMap();

/** A look as text, for comparing lists (the aim is only meaningful during a wind-up; the wire keeps the last one). */
function lookText(l: Look, pose: boolean): string {
  const o: Record<string, unknown> = {};
  for (const k of LOOK_KEYS) o[k] = l[k];
  if (!l.windup) o.windupAim = 0;
  if (!pose) {
    o.x = 0;
    o.y = 0;
    o.facing = 0;
    o.windupAim = 0;
  }
  return JSON.stringify(o);
}

/** A room's three kinds of client, each a decoder fed like the room feeds real clients. */
function room(world: World) {
  const state = new MatchState();
  const encoder = new Encoder(state);
  const sync = new ViewSync(state, world);
  const views = { escort: new StateView(), hunter: new StateView(), spectator: new StateView() };
  sync.attach(views.escort, 'escort');
  sync.attach(views.hunter, 'hunter');
  sync.attach(views.spectator, 'spectator');
  const list = [views.escort, views.hunter, views.spectator];
  const decoders = list.map(() => new Decoder(new MatchState()));
  const it = { offset: 0 };
  encoder.encodeAll(it);
  const shared = it.offset;
  list.forEach((v, i) => {
    decoders[i].decode(encoder.encodeAllView(v, shared, { ...it }));
  });
  /** Write the world, send a patch, and return what each client holds. */
  const patch = () => {
    sync.update();
    const p = { offset: 0 };
    encoder.encode(p);
    const sh = p.offset;
    list.forEach((v, i) => {
      decoders[i].decode(encoder.encodeView(v, sh, p));
    });
    encoder.discardChanges();
    const [escort, hunter, spectator] = decoders.map((d) => d.state);
    return {
      escort: [...escort.entities.values()] as unknown as Look[],
      hunter: [...hunter.trueEntities.values()] as unknown as SpectatorEntity[],
      spectator: [...spectator.trueEntities.values()] as unknown as SpectatorEntity[],
    };
  };
  return { patch };
}

describe('a side’s view rebuilt from what a spectator is sent', () => {
  /**
   * Plays a bot match with a room's three kinds of client; at each patch,
   * `check` gets the side views rebuilt from the spectator's data and what
   * the escort and hunter clients hold.
   */
  function playMatch(
    exact: boolean,
    check: (side: 'escort' | 'hunter', mine: SideEntity[], sent: Look[], sentIds: number[] | null) => void,
  ) {
    const world = createWorld({ map, seed: 11, roles: [...PLAYER_ROLES] });
    const bots: Bot[] = PLAYER_ROLES.map((r, i) => createBot(r, 7 + i));
    const inputs: StepInputs = {};
    for (const r of PLAYER_ROLES) inputs[r] = { ...NEUTRAL_INPUT };
    const { patch } = room(world);
    const side = new SideView(map, world.tiles);
    let compared = 0;
    let hidden = 0;
    for (let i = 0; i < 900 && !world.over; i++) {
      PLAYER_ROLES.forEach((r, b) => {
        inputs[r] = bots[b].think(perceive(world, r));
      });
      step(world, inputs);
      if (i % 3 !== 0) continue;
      const got = patch();
      // Exact: the world's own values, as the server writes them; otherwise what the spectator decoded.
      const spectator = exact
        ? world.entities.map((e) => ({ ...lookOf(e, 'spectator'), ...truthOf(e) }))
        : got.spectator;
      check('escort', side.see('escort', spectator, world.alarm.reveal), got.escort, null);
      check(
        'hunter',
        side.see('hunter', spectator, world.alarm.reveal),
        got.hunter,
        got.hunter.map((e) => e.entityId),
      );
      const t = world.entities[world.players.t1000!];
      if (t.mimicRole !== '' || t.liquid || t.morph > 0) hidden++;
      compared++;
    }
    expect(compared).toBeGreaterThan(250);
    // The match exercised the rules that hide things: a disguise or liquid form at some point.
    expect(hidden).toBeGreaterThan(0);
    return compared;
  }

  it('equals what the server sends that side, through a bot match (the rule on the server’s values)', () => {
    playMatch(true, (_side, mine, sent, sentIds) => {
      expect(mine.map((e) => lookText(e.look, false)).sort()).toEqual(
        sent.map((l) => lookText(l, false)).sort(),
      );
      if (sentIds) {
        expect(mine.map((e) => e.entityId).sort((a, b) => a - b)).toEqual([...sentIds].sort((a, b) => a - b));
        const byId = new Map(sentIds.map((id, k) => [id, sent[k]]));
        for (const e of mine) {
          const s = byId.get(e.entityId)!;
          // Positions reach clients quantised to 1/64 tile.
          expect(Math.abs(e.look.x - s.x)).toBeLessThan(1 / 64);
          expect(Math.abs(e.look.y - s.y)).toBeLessThan(1 / 64);
        }
      }
    });
  });

  it('from the decoded spectator state: the same, but for an entity on the edge of sight now and then', () => {
    let differ = 0;
    const compared = playMatch(false, (_side, mine, sent) => {
      const a = mine.map((e) => lookText(e.look, true)).sort();
      const b = sent.map((l) => lookText(l, true)).sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) differ++;
    });
    // Positions quantised to 1/64 tile can put an entity on the other side of a vision radius.
    expect(differ / (2 * compared)).toBeLessThan(0.02);
  });

  it('a disguised T-1000 is its disguise to the escorts, itself to the hunter', () => {
    const world = createWorld({
      map,
      seed: 3,
      options: { police: 0, civilians: 1 },
      roles: ['john', 't1000'],
    });
    const john = world.entities[world.players.john!];
    const t = world.entities[world.players.t1000!];
    const civ = world.entities.find((e) => e.role === 'civilian')!;
    civ.x = john.x + 2;
    civ.y = john.y;
    t.x = civ.x + 0.6;
    t.y = john.y;
    world.tick++;
    spatial(world, true);
    expect(tryMimic(world, t)).toBe(true);
    world.tick++;
    spatial(world, true);
    const { patch } = room(world);
    const got = patch();
    const side = new SideView(map, world.tiles);
    const escort = side.see('escort', got.spectator, 0);
    const fake = escort.find((e) => e.entityId === t.id)!;
    expect(fake.look).toMatchObject({ role: 'civilian', name: civ.name, color: civ.color });
    const hunter = side.see('hunter', got.spectator, 0);
    expect(hunter.find((e) => e.entityId === t.id)!.look.role).toBe('t1000');
  });

  it('a side knows of an event as its players would: not of a strike it cannot see', () => {
    const world = createWorld({
      map,
      seed: 3,
      options: { police: 0, civilians: 1 },
      roles: ['john', 't1000'],
    });
    const john = world.entities[world.players.john!];
    const t = world.entities[world.players.t1000!];
    const civ = world.entities.find((e) => e.role === 'civilian')!;
    civ.x = john.x + 2;
    civ.y = john.y;
    t.x = john.x + 40;
    t.y = john.y;
    const side = new SideView(map, world.tiles);
    const sent = world.entities.map((e) => ({ ...lookOf(e, 'spectator'), ...truthOf(e) }));
    const strike = { type: 'strike', by: t.id, target: -1, x: t.x, y: t.y, value: 0 } as const;
    side.see('escort', sent, 0);
    expect(side.knows('escort', strike)).toBe(false);
    expect(side.knows('escort', { ...strike, type: 'alarm' })).toBe(true);
    side.see('hunter', sent, 0);
    expect(side.knows('hunter', strike)).toBe(true);
  });
});
