/**
 * A sound-test client: frames built from what a client received (its decoded
 * state and its events message), heard by the sound planner, with a check
 * that every sound played has its cause in that very frame.
 */
import { expect } from 'vitest';
import { type PlannedSound, SoundPlanner } from '../../../client/src/audio/planner.js';
import type { FrameEntity, FxEvent, MatchFrame } from '../../../client/src/contract/frame.js';
import type { EventWire } from '../../../shared/protocol.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import type { Look, Viewer } from '../../../shared/sim/look.js';
import type { GameEventType } from '../../../shared/sim/types.js';
import { emptyFrame } from '../fixtures/frame.js';

export type Eyes = Exclude<Viewer, 'spectator'>;

/** What one client received in one patch: its decoded state and its events. */
export interface Received {
  state: MatchState;
  events: EventWire[];
}

/**
 * A client's frames from what it received, as LiveMatch builds them: every
 * entity of its state under an id per key, the events with their position
 * and value (and the shotgun's cone from the shooter's look).
 */
export class Client {
  private readonly ids = new Map<string, number>();
  private next = 1;
  readonly planner = new SoundPlanner();
  /** Every event and every entity key this client was ever sent, and every sound it played. */
  readonly sentEvents: FxEvent[] = [];
  readonly played: { sound: PlannedSound; at: { x: number; y: number } | null }[] = [];

  constructor(readonly viewer: Eyes) {}

  frame(r: Received, time: number): MatchFrame {
    const entities: FrameEntity[] = [];
    const map = this.viewer === 'escort' ? r.state.entities : r.state.trueEntities;
    const roleOf = new Map<string, string>();
    map?.forEach((e, key) => {
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.next++;
        this.ids.set(key, id);
      }
      const look = e as unknown as Look;
      roleOf.set(key, look.role);
      entities.push({ ...pick(look), id, variant: 0, trueRole: null, self: false });
    });
    const fx: FxEvent[] = r.events.map(([type, by, , x, y, value]) => ({
      type: type as GameEventType,
      x,
      y,
      value,
      ...(type === 'shot' ? { cone: roleOf.get(by) === 't800' } : {}),
    }));
    this.sentEvents.push(...fx);
    return emptyFrame({ viewer: this.viewer, time, entities, fx });
  }

  /** Hear what was received, from `listener`. */
  hear(r: Received, time: number, listener: { x: number; y: number }): PlannedSound[] {
    const f = this.frame(r, time);
    const plan = this.planner.plan(f, listener);
    for (const s of plan) {
      const at =
        s.cause.kind === 'event'
          ? f.fx[s.cause.index]
          : s.cause.kind === 'entity'
            ? (f.entities.find((e) => e.id === (s.cause as { id: number }).id) ?? null)
            : null;
      // The proof: every sound is of an event or an entity of this very frame.
      expect(at, `${s.sound} has no cause in the stream`).toBeTruthy();
      this.played.push({ sound: s, at: at && { x: at.x, y: at.y } });
    }
    return plan;
  }
}

export function pick(l: Look): Look {
  return {
    role: l.role,
    name: l.name,
    color: l.color,
    x: l.x,
    y: l.y,
    facing: l.facing,
    life: l.life,
    liquid: l.liquid,
    windup: l.windup,
    windupAim: l.windupAim,
    stunned: l.stunned,
    action: l.action,
  };
}
