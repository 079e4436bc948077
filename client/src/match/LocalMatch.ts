import type { GameMap } from '../../../shared/map/types.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { readLook, showLook, truthOf } from '../../../shared/sim/look.js';
import { step } from '../../../shared/sim/step.js';
import type { World } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { createWorld } from '../../../shared/sim/world.js';
import { DT } from '../../../shared/tuning.js';
import { feedLine, YOU } from '../contract/feedText.js';
import type { FrameEntity, MatchFrame } from '../contract/frame.js';
import { selfStatusOfEntity } from '../contract/selfStatus.js';
import type { Controls } from '../input/Controls.js';

/**
 * A match run in the page by the shared simulation, with no server: the
 * player's role moves by its input, the crowd by the simulation, other
 * player roles stand still. The other implementation of the match source
 * (beside the live room) — for offline practice (`?sandbox=ROLE`) and for
 * looking at the renderer without a server.
 */
export class LocalMatch {
  readonly world: World;
  private acc = 0;
  private last = -1;

  constructor(
    map: GameMap,
    readonly role: PlayerRole,
    private readonly controls: Controls,
    seed = 1,
  ) {
    this.world = createWorld({ map, seed });
  }

  /** Steps the world to `nowMs` and returns what the player sees. */
  frame(nowMs: number, aim: number): MatchFrame {
    if (this.last < 0) this.last = nowMs;
    this.acc = Math.min(0.25, this.acc + (nowMs - this.last) / 1000);
    this.last = nowMs;
    const fxEvents: MatchFrame['fx'][number][] = [];
    const feed: MatchFrame['feed'][number][] = [];
    while (this.acc >= DT) {
      this.acc -= DT;
      this.controls.aim = aim;
      step(this.world, { [this.role]: this.controls.take() });
      for (const ev of perceive(this.world, this.role).events) {
        fxEvents.push({
          type: ev.type,
          x: ev.x,
          y: ev.y,
          value: ev.value,
          cone: this.world.entities[ev.by]?.role === 't800',
        });
        const own = this.world.players[this.role];
        const name = (id: number) => (id < 0 ? '' : id === own ? YOU : (this.world.entities[id]?.name ?? ''));
        const line = feedLine(ev.type, ev.value, { by: name(ev.by), target: name(ev.target) });
        if (line) feed.push(line);
      }
    }
    const p = perceive(this.world, this.role);
    const self = p.self;
    const entities: FrameEntity[] = p.seen.map((s) => {
      const isSelf = !!self && s.publicId === self.publicId;
      const f = readLook(s, {
        id: s.entityId ?? s.publicId,
        variant: s.publicId,
        self: isSelf,
      } as FrameEntity);
      if (isSelf) f.facing = aim;
      return showLook(f, s.entityId === null ? null : truthOf(this.world.entities[s.entityId]));
    });
    const w = this.world;
    return {
      viewer: p.viewer,
      time: w.time,
      clockLeft: p.clockLeft,
      act: w.act,
      objectives: w.objectives,
      alarmLeft: w.alarm.left,
      revealLeft: w.alarm.reveal,
      tiles: w.tiles,
      tilesVersion: w.tilesVersion,
      entities,
      self: self ? selfStatusOfEntity(this.role, self) : null,
      fx: fxEvents,
      feed,
    };
  }
}
