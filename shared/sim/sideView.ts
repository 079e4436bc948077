/**
 * What one side sees, rebuilt from what a spectator is sent: every entity's
 * look and truth ({@link LOOK}, {@link TRUTH}). A spectator (or a replay
 * viewer) who chooses the escorts' or the hunter's view is shown exactly
 * what the players of that side are shown: the set comes from the one vision
 * rule ({@link visibleIds}, shared/sim/vision.ts) and each look from the one
 * look rule ({@link lookOf}), both run on a world rebuilt from the wire's
 * fields. Nothing here decides visibility itself.
 */
import type { GameMap } from '../map/types.js';
import { isPlayerRole, type PlayerRole, type Role } from '../roles.js';
import { makeEntity } from './entity.js';
import { type Look, lookOf, type Truth } from './look.js';
import { refresh } from './runtime.js';
import type { Entity, GameEvent, World } from './types.js';
import { eventVisibleTo, visibleIds } from './vision.js';

/** A side a spectator can take: the escort team's shared view or the hunter's. */
export type Side = 'escort' | 'hunter';

/** One entity as a spectator is sent it. */
export type SpectatorEntity = Look & Truth;

/** One entity as the side sees it. */
export interface SideEntity {
  entityId: number;
  look: Look;
}

/**
 * Rebuilds a side's view from spectator data. Keeps one world-shaped object
 * (only the fields the vision and look rules read are filled in) so the
 * vision rule's working memory is reused from frame to frame.
 */
export class SideView {
  private readonly world: World;

  constructor(map: GameMap, tiles: Uint8Array) {
    this.world = {
      map,
      tiles,
      tick: 0,
      entities: [],
      players: {},
      alarm: { left: 0, x: 0, y: 0, reveal: 0 },
    } as unknown as World;
  }

  /**
   * The entities `side` sees, with the look it sees each by. `reveal` is the
   * alarm's reveal time left (the hunter sees every escort while it lasts).
   */
  see(side: Side, entities: readonly SpectatorEntity[], reveal: number): SideEntity[] {
    const w = this.world;
    const es = w.entities;
    let n = 0;
    for (const e of entities) n = Math.max(n, e.entityId + 1);
    while (es.length < n) es.push(gone(es.length));
    es.length = n;
    for (let i = 0; i < n; i++) es[i].life = 'destroyed';
    const players: Partial<Record<PlayerRole, number>> = {};
    for (const s of entities) {
      const e = es[s.entityId];
      fill(e, s);
      if (isPlayerRole(e.role)) players[e.role] = e.id;
    }
    w.players = players;
    w.alarm.reveal = reveal;
    w.tick++;
    refresh(w);
    return visibleIds(w, side).map((id) => ({ entityId: id, look: lookOf(es[id], side) }));
  }

  /**
   * Whether `side` knows of an event ({@link eventVisibleTo}), judged on the
   * world as the last {@link see} rebuilt it.
   */
  knows(side: Side, ev: GameEvent): boolean {
    return eventVisibleTo(this.world, ev, side);
  }
}

function gone(id: number): Entity {
  const e = makeEntity(id, 0, 'civilian', '', 0, 0, 0);
  e.life = 'destroyed';
  return e;
}

/** The entity's fields the look and vision rules read, from its look and truth. */
function fill(e: Entity, s: SpectatorEntity): void {
  e.role = s.role as Role;
  e.publicId = s.publicId;
  e.name = s.name;
  e.color = s.color;
  e.x = s.x;
  e.y = s.y;
  e.facing = s.facing;
  e.life = s.life;
  // The look's `liquid` is "not fully solid"; with `morphing` the form is whole again.
  e.liquid = s.liquid && !s.morphing;
  e.morph = s.morphing ? 1 : 0;
  e.windup = s.windup ? 1 : 0;
  e.windupAim = s.windupAim;
  e.stun = s.stunned ? 1 : 0;
  e.action = s.action;
  e.mimicRole = s.mimicRole;
  e.mimicName = s.mimicName;
  e.mimicColor = s.mimicColor;
  e.mimicLife = s.mimicLife;
}
