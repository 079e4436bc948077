import { Decoder, Encoder, StateView } from '@colyseus/schema';
import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../../server/mapFiles.js';
import { ViewSync } from '../../../server/sync/ViewSync.js';
import { trueKey } from '../../../shared/schema/EntityState.js';
import { MatchState } from '../../../shared/schema/MatchState.js';
import { tryMimic } from '../../../shared/sim/hunter.js';
import { spatial } from '../../../shared/sim/runtime.js';
import { createWorld } from '../../../shared/sim/world.js';

const map = resolveMap();

/** After moving entities by hand: rebuild the spatial hash and start a new tick (vision is memoised per tick). */
function moved(world: ReturnType<typeof createWorld>): void {
  world.tick++;
  spatial(world, true);
}

/**
 * A world with John, the T-1000 and one civilian side by side in John's sight.
 * `watcher`: a third client with spectator eyes (someone in the room without a role).
 */
function scene(watcher = false) {
  const world = createWorld({ map, seed: 3, options: { police: 0, civilians: 1 }, roles: ['john', 't1000'] });
  const john = world.entities[world.players.john!];
  const t = world.entities[world.players.t1000!];
  const civ = world.entities.find((e) => e.role === 'civilian')!;
  civ.x = john.x + 2;
  civ.y = john.y;
  t.x = john.x + 2.6;
  t.y = john.y;
  moved(world);
  const state = new MatchState();
  // The encoder first, as in the room: views can only hold instances already under its root.
  const encoder = new Encoder(state);
  const sync = new ViewSync(state, world);
  const escortView = new StateView();
  const hunterView = new StateView();
  sync.attach(escortView, 'escort');
  sync.attach(hunterView, 'hunter');
  const watcherView = new StateView();
  if (watcher) sync.attach(watcherView, 'spectator');
  // One decoder per client, fed like the room's serializer feeds real clients: a full state, then patches.
  const views = watcher ? [escortView, hunterView, watcherView] : [escortView, hunterView];
  const decoders = views.map(() => new Decoder(new MatchState()));
  {
    const it = { offset: 0 };
    encoder.encodeAll(it);
    const shared = it.offset;
    views.forEach((v, i) => {
      decoders[i].decode(encoder.encodeAllView(v, shared, { ...it }));
    });
  }
  /** Send a patch to both clients; what the client of `view` holds afterwards. */
  const decoded = (view: StateView): Decoded => {
    const it = { offset: 0 };
    encoder.encode(it);
    const shared = it.offset;
    views.forEach((v, i) => {
      decoders[i].decode(encoder.encodeView(v, shared, it));
    });
    encoder.discardChanges();
    return decoders[views.indexOf(view)].state.toJSON() as unknown as Decoded;
  };
  return { world, john, t, civ, state, sync, escortView, hunterView, watcherView, decoded, encoder };
}

/** An entity as a decoded client state holds it (plain JSON). */
interface Seen {
  role: string;
  name: string;
  color: number;
  life: string;
  liquid: boolean;
  action: string;
  [field: string]: unknown;
}
interface Decoded {
  entities: Record<string, Seen>;
  trueEntities: Record<string, Seen>;
}

const look = (e: Seen) => ({
  role: e.role,
  name: e.name,
  color: e.color,
  life: e.life,
  liquid: e.liquid,
  action: e.action,
});

describe('ViewSync', () => {
  it('escorts get what the team sees, under random keys; the hunter gets its own truth', () => {
    const { sync, decoded, escortView, hunterView, t, civ } = scene();
    sync.update();
    const escort = decoded(escortView);
    const roles = Object.values(escort.entities)
      .map((e: Seen) => e.role)
      .sort();
    expect(roles).toEqual(['civilian', 'john', 't1000']);
    expect(escort.trueEntities).toEqual({});
    for (const key of Object.keys(escort.entities)) {
      expect(key).toMatch(/^[1-9][0-9]*$/);
      expect(key).not.toBe(String(t.publicId));
      expect(key).not.toBe(String(civ.publicId));
    }
    const hunter = decoded(hunterView);
    expect(hunter.entities).toEqual({});
    expect(hunter.trueEntities[trueKey(t.id)]).toMatchObject({
      role: 't1000',
      entityId: t.id,
      mimicRole: '',
    });
  });

  it('a disguise reaches escorts as a fresh instance that looks exactly like the original', () => {
    const { world, sync, decoded, escortView, hunterView, state, t, civ } = scene();
    sync.update();
    const before = new Set(state.entities.keys());
    const instances = new Set(state.entities.values());
    t.x = civ.x + 0.6;
    moved(world);
    expect(tryMimic(world, t)).toBe(true);
    moved(world);
    sync.update();
    const escort = decoded(escortView);
    const entries = Object.entries(escort.entities);
    const civs = entries.filter(([, e]) => e.role === 'civilian');
    expect(civs).toHaveLength(2);
    expect(entries.some(([, e]) => e.role === 't1000')).toBe(false);
    expect(look(civs[0][1])).toEqual(look(civs[1][1]));
    expect(Object.keys(civs[0][1]).sort()).toEqual(Object.keys(civs[1][1]).sort());
    const fake = [...state.entities.entries()].find(([k]) => !before.has(k));
    expect(fake).toBeDefined();
    expect(instances.has(fake![1])).toBe(false);
    const hunter = decoded(hunterView);
    expect(hunter.trueEntities[trueKey(t.id)]).toMatchObject({
      role: 't1000',
      mimicRole: 'civilian',
      mimicName: civ.name,
    });
  });

  it('a liquid T-1000 beyond reveal range leaves the escorts’ state; the hunter keeps itself', () => {
    const { world, sync, decoded, escortView, hunterView, state, t, john } = scene();
    sync.update();
    const count = state.entities.size;
    t.liquid = true;
    t.morph = 0;
    t.x = john.x + 4;
    moved(world);
    sync.update();
    const escort = decoded(escortView);
    expect(Object.values(escort.entities).some((e: Seen) => e.liquid)).toBe(false);
    expect(state.entities.size).toBe(count - 1);
    expect(decoded(hunterView).trueEntities[trueKey(t.id)].liquid).toBe(true);
    t.x = john.x + 2;
    moved(world);
    sync.update();
    expect(Object.values(decoded(escortView).entities).some((e: Seen) => e.liquid)).toBe(true);
  });

  it('an entity that leaves sight and comes back gets a new key and a new instance', () => {
    const { world, sync, state, civ, john } = scene();
    sync.update();
    const key = sync.keyFor('escort', civ.id);
    const inst = state.entities.get(key);
    civ.x = john.x + 30;
    moved(world);
    sync.update();
    expect(state.entities.has(key)).toBe(false);
    expect(sync.keyFor('escort', civ.id)).toBe('');
    civ.x = john.x + 2;
    moved(world);
    sync.update();
    const again = sync.keyFor('escort', civ.id);
    expect(again).not.toBe(key);
    expect(state.entities.get(again)).not.toBe(inst);
  });

  it('the hunter keeps one instance per entity: it leaves the hunter’s view out of sight and comes back the same', () => {
    const { world, sync, decoded, hunterView, state, civ, t } = scene();
    sync.update();
    const key = trueKey(civ.id);
    const inst = state.trueEntities.get(key);
    expect(decoded(hunterView).trueEntities[key]).toBeDefined();
    civ.x = t.x + 30;
    moved(world);
    sync.update();
    expect(decoded(hunterView).trueEntities[key]).toBeUndefined();
    expect(sync.keyFor('hunter', civ.id)).toBe('');
    civ.x = t.x + 1;
    moved(world);
    sync.update();
    expect(decoded(hunterView).trueEntities[key]).toMatchObject({ role: 'civilian', entityId: civ.id });
    expect(state.trueEntities.get(key)).toBe(inst);
    expect(sync.keyFor('hunter', civ.id)).toBe(key);
  });

  it('someone without a role (a replay’s world short of roles) gets every entity, the truth, under the true keys', () => {
    const { world, sync, decoded, watcherView, hunterView, john, t, civ } = scene(true);
    // The civilian out of everyone's sight: the hunter loses it, the watcher does not.
    civ.x = t.x + 30;
    civ.y = t.y;
    moved(world);
    sync.update();
    const watched = decoded(watcherView);
    expect(watched.entities).toEqual({});
    expect(Object.keys(watched.trueEntities).sort()).toEqual(world.entities.map((e) => trueKey(e.id)).sort());
    expect(watched.trueEntities[trueKey(civ.id)]).toMatchObject({
      role: 'civilian',
      entityId: civ.id,
    });
    expect(watched.trueEntities[trueKey(civ.id)].x).toBeCloseTo(civ.x, 1);
    expect(decoded(hunterView).trueEntities[trueKey(civ.id)]).toBeUndefined();
    expect(sync.keyFor('spectator', civ.id)).toBe(trueKey(civ.id));
    expect(sync.keyFor('spectator', john.id)).toBe(trueKey(john.id));
    expect(sync.keyFor('spectator', -1)).toBe('');
  });

  it('writes nothing when nothing changed', () => {
    const { sync, decoded, escortView, encoder } = scene();
    sync.update();
    decoded(escortView);
    sync.update();
    expect(encoder.hasChanges).toBe(false);
  });
});
