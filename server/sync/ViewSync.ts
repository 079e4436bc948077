/**
 * The glue from the simulation's vision to each client's StateView. Three
 * kinds of eyes, three rules:
 *
 * - **Escort team** (shared vision): `state.entities` holds one instance per
 *   entity the team sees now. Each sighting — an entity coming into sight, or
 *   the T-1000 changing its look (which re-draws its public id) — gets a fresh
 *   instance under a fresh random key, and loses both when it ends. So every
 *   escort instance is born the same way: a disguise has no older or newer
 *   key, reference id or place in the stream than the civilian it copies, and
 *   a key seen before never comes back to mark the "real" one of two lookalikes.
 *   Nothing is ever allocated for what only the hunter sees. Instances are
 *   written in public-id order (random), never in internal-id order.
 * - **Hunter**: `state.trueEntities`, one instance per entity for the whole
 *   match (created at the start, never re-created), added to and removed from
 *   the hunter's view as its sight changes.
 * - **Spectator** eyes: the same true instances, all of them. Spectators
 *   themselves watch the recording (server/watch); these eyes are for
 *   someone in the room left without a role (Play from here: a replay's
 *   world with fewer roles than people, `Roster.watch`).
 */
import { randomInt } from 'node:crypto';
import type { StateView } from '@colyseus/schema';
import { EntityState, TrueEntityState, trueKey } from '../../shared/schema/EntityState.js';
import type { MatchState } from '../../shared/schema/MatchState.js';
import { blankLook, blankTruth, lookOf, truthOf } from '../../shared/sim/look.js';
import type { Viewer } from '../../shared/sim/perception.js';
import type { World } from '../../shared/sim/types.js';
import { visibleIds } from '../../shared/sim/vision.js';
import { copyLook, copyTruth } from './copyEntity.js';

interface Sighting {
  publicId: number;
  key: string;
  /** Null until the next update creates it (a key can be handed out earlier, for an event). */
  inst: EntityState | null;
}

/**
 * A fresh opaque key: a random 31-bit number from node:crypto, like a public
 * id, never reused in a room. Drawn from a generator no client can rebuild,
 * so keys seen say nothing of keys to come.
 */
function freshKey(used: Set<string>): string {
  for (;;) {
    const key = String(1 + randomInt(0x7ffffffe));
    if (!used.has(key)) {
      used.add(key);
      return key;
    }
  }
}

export class ViewSync {
  private readonly views: Record<Viewer, Set<StateView>> = {
    escort: new Set(),
    hunter: new Set(),
    spectator: new Set(),
  };
  /** The escort team's current sightings by internal entity id (server-side index only). */
  private readonly escort = new Map<number, Sighting>();
  private readonly usedKeys = new Set<string>();
  private readonly trues: TrueEntityState[] = [];
  /** Entity ids in the hunter's view now (and a second array, swapped with it at each patch). */
  private hunterSees: number[] = [];
  private hunterSpare: number[] = [];
  /** Per entity id: 1 while it is in the hunter's view. */
  private hunterMark = new Uint8Array(0);
  /** What is read of an entity at each patch, written into these rather than into fresh objects. */
  private readonly look = blankLook();
  private readonly truth = blankTruth();
  /** Per entity id: the update in which the escort team last saw it (avoids a Set per update). */
  private seenAt = new Uint32Array(0);
  private generation = 0;

  constructor(
    private readonly state: MatchState,
    private readonly world: World,
  ) {
    for (const e of world.entities) {
      const inst = new TrueEntityState();
      copyLook(inst, lookOf(e, 'spectator'));
      copyTruth(inst, truthOf(e));
      this.trues.push(inst);
      state.trueEntities.set(trueKey(e.id), inst);
    }
  }

  /** Give a client's view what its eyes see now, and keep it updated. */
  attach(view: StateView, viewer: Viewer): void {
    this.views[viewer].add(view);
    if (viewer === 'escort') {
      if (this.views.escort.size === 1) this.updateEscorts();
      for (const c of this.escort.values()) if (c.inst) view.add(c.inst);
    } else if (viewer === 'hunter') {
      this.updateTrue();
      for (const id of this.hunterSees) view.add(this.trues[id]);
    } else {
      this.updateTrue();
      for (const inst of this.trues) view.add(inst);
    }
  }

  /** Stop updating a view (its client left or changed eyes). */
  detach(view: StateView, viewer: Viewer): void {
    this.views[viewer].delete(view);
    if (viewer === 'escort' && this.views.escort.size === 0) {
      for (const c of this.escort.values()) if (c.inst) this.state.entities.delete(c.key);
      this.escort.clear();
    }
    if (viewer === 'hunter' && this.views.hunter.size === 0) {
      for (const id of this.hunterSees) this.hunterMark[id] = 0;
      this.hunterSees.length = 0;
    }
  }

  /** Copy the world into the schema and views; only what changed is written. */
  update(): void {
    if (this.views.escort.size > 0) this.updateEscorts();
    if (this.views.hunter.size > 0 || this.views.spectator.size > 0) this.updateTrue();
  }

  /**
   * The key a viewer knows an entity by, or '' when it is not in the
   * viewer's sight now. For events, which are translated per viewer.
   */
  keyFor(viewer: Viewer, entityId: number): string {
    if (entityId < 0) return '';
    if (viewer === 'spectator') return trueKey(entityId);
    if (!visibleIds(this.world, viewer).includes(entityId)) return '';
    return viewer === 'escort' ? this.sighting(entityId).key : trueKey(entityId);
  }

  /** The current sighting of a visible entity, begun now if need be (a new look is a new sighting). */
  private sighting(id: number): Sighting {
    const publicId = this.world.entities[id].publicId;
    let c = this.escort.get(id);
    if (c && c.publicId !== publicId) {
      this.end(id, c);
      c = undefined;
    }
    if (!c) {
      c = { publicId, key: freshKey(this.usedKeys), inst: null };
      this.escort.set(id, c);
    }
    return c;
  }

  private end(id: number, c: Sighting): void {
    if (c.inst) this.state.entities.delete(c.key);
    this.escort.delete(id);
  }

  private updateEscorts(): void {
    const w = this.world;
    // Already in public-id order (vision.ts): the order instances are written in.
    const ids = visibleIds(w, 'escort');
    if (this.seenAt.length < w.entities.length) this.seenAt = new Uint32Array(w.entities.length);
    const gen = ++this.generation;
    for (const id of ids) this.seenAt[id] = gen;
    // forEach, not for-of over entries: no [id, sighting] pair per entry at every patch.
    this.escort.forEach((c, id) => {
      if (this.seenAt[id] !== gen || w.entities[id].publicId !== c.publicId) this.end(id, c);
    });
    const seen = this.look;
    for (const id of ids) {
      lookOf(w.entities[id], 'escort', seen);
      const c = this.sighting(id);
      if (c.inst) {
        copyLook(c.inst, seen);
        continue;
      }
      c.inst = new EntityState();
      copyLook(c.inst, seen);
      this.state.entities.set(c.key, c.inst);
      for (const v of this.views.escort) v.add(c.inst);
    }
  }

  private updateTrue(): void {
    const w = this.world;
    const all = this.views.spectator.size > 0;
    const hunterIds = this.views.hunter.size > 0 ? visibleIds(w, 'hunter') : [];
    if (all) {
      for (const e of w.entities) this.writeTrue(e.id);
    } else {
      for (const id of hunterIds) this.writeTrue(id);
    }
    if (this.views.hunter.size > 0) this.diffHunter(hunterIds);
  }

  /**
   * Add to the hunter's views what came into its sight and remove what left,
   * with a flag per entity (1: in sight before, 2: in sight now) instead of
   * building sets at every patch.
   */
  private diffHunter(ids: readonly number[]): void {
    if (this.hunterMark.length < this.trues.length) {
      const grown = new Uint8Array(this.trues.length);
      grown.set(this.hunterMark);
      this.hunterMark = grown;
    }
    const mark = this.hunterMark;
    const before = this.hunterSees;
    const now = this.hunterSpare;
    now.length = 0;
    for (const id of ids) {
      now.push(id);
      if (mark[id] === 0) for (const v of this.views.hunter) v.add(this.trues[id]);
      mark[id] = 2;
    }
    for (const id of before) {
      if (mark[id] === 1) {
        for (const v of this.views.hunter) v.remove(this.trues[id]);
        mark[id] = 0;
      }
    }
    for (const id of now) mark[id] = 1;
    this.hunterSpare = before;
    this.hunterSees = now;
  }

  private writeTrue(id: number): void {
    const e = this.world.entities[id];
    const inst = this.trues[id];
    copyLook(inst, lookOf(e, 'spectator', this.look));
    copyTruth(inst, truthOf(e, this.truth));
  }
}
