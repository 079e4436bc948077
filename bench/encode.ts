/**
 * The server's per-patch work for one match, measured without sockets: copy
 * the world into the schema and the views (what changed only), then encode
 * the shared patch and each of the 5 clients' views, as the room's serializer
 * does. `bench/tick.ts` calls {@link measureEncode} for `encodeMedianUs` and
 * `encodeP99Us`; run this file alone for a quick look.
 */
import { Encoder, StateView } from '@colyseus/schema';
import { copyPrivate } from '../server/sync/privateState.js';
import { PublicSync } from '../server/sync/publicState.js';
import { ViewSync } from '../server/sync/ViewSync.js';
import { PLAYER_ROLES } from '../shared/roles.js';
import { MatchState } from '../shared/schema/MatchState.js';
import { PrivateState } from '../shared/schema/PrivateState.js';
import type { World } from '../shared/sim/types.js';
import { viewerOf } from '../shared/sim/vision.js';
import { median, quantile, round } from './stats.js';

/** A match's schema, views and encoder, with one client per player role of the world. */
export function encodeHarness(world: World) {
  const state = new MatchState();
  // The encoder first, as in the room: views can only hold instances already under its root.
  const encoder = new Encoder(state);
  const sync = new ViewSync(state, world);
  const clients = PLAYER_ROLES.filter((r) => world.players[r] !== undefined).map((role) => {
    const view = new StateView();
    const priv = new PrivateState();
    priv.role = role;
    state.private.set(role, priv);
    sync.attach(view, viewerOf(role));
    view.add(priv);
    return { role, view, priv };
  });
  const pub = new PublicSync(state);
  let ack = 0;
  /** One patch: sync the world in, encode shared + every view. Returns the bytes sent to all clients. */
  const patch = (): number => {
    sync.update();
    pub.write(world);
    ack++;
    for (const c of clients)
      copyPrivate(c.priv, world.entities[world.players[c.role]!], ack, world.tilesVersion, false);
    // As the room's SchemaSerializer does: the shared changes once, then each view after them.
    const it = { offset: 1 };
    encoder.encode(it);
    const shared = it.offset;
    let bytes = 0;
    for (const c of clients) bytes += encoder.encodeView(c.view, shared, it).length;
    encoder.discardChanges();
    return bytes;
  };
  patch();
  return { patch, clients: clients.length };
}

export interface EncodeFigures {
  encodeMedianUs: number;
  encodeP99Us: number;
  /** Mean bytes per patch over all clients (for a sense of scale). */
  bytesPerPatch: number;
}

/** A match that advances one step at a time (e.g. `botMatch` of shared/headless.ts). */
export interface SteppedMatch {
  world: World;
  step(): void;
}

/**
 * Time the sync + encode of one patch after each match step, `samples`
 * times. `newMatch` gives a match already played into mid-game; it is called
 * again (untimed) whenever the current match ends.
 */
export function measureEncode(newMatch: () => SteppedMatch, samples = 1000): EncodeFigures {
  let m = newMatch();
  let h = encodeHarness(m.world);
  const times = new Float64Array(samples);
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    m.step();
    if (m.world.over) {
      m = newMatch();
      h = encodeHarness(m.world);
      m.step();
    }
    const t0 = process.hrtime.bigint();
    bytes += h.patch();
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return {
    encodeMedianUs: round(median(times)),
    encodeP99Us: round(quantile(times, 0.99)),
    bytesPerPatch: round(bytes / samples, 1),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { botMatch } = await import('../shared/headless.js');
  const { resolveMap } = await import('../server/mapFiles.js');
  const map = resolveMap();
  let seed = 42;
  const midGame = () => {
    const m = botMatch({ map, seed: seed++ });
    for (let i = 0; i < 40 * 30 && !m.world.over; i++) m.step();
    return m;
  };
  const f = measureEncode(midGame, 2000);
  process.stdout.write(
    `sync + encode of one patch for 5 clients: median ${f.encodeMedianUs} µs, p99 ${f.encodeP99Us} µs (${f.bytesPerPatch} B/patch, all clients)\n`,
  );
  process.stdout.write(`${JSON.stringify(f)}\n`);
}
