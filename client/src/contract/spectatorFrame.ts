/**
 * How a spectator's frame is built from the truth, whoever sends it: the
 * live room (net/LiveMatch.ts) and a recording (replay/RecordingSource.ts)
 * both call these, so a replay shows exactly what a spectator was shown.
 */
import type { Role } from '../../../shared/roles.js';
import { type Look, readLook, showLook, type Truth } from '../../../shared/sim/look.js';
import type { Side, SideEntity, SideView, SpectatorEntity } from '../../../shared/sim/sideView.js';
import type { GameEventType } from '../../../shared/sim/types.js';
import type { FrameEntity, FxEvent, SpectatorSide } from './frame.js';

/** A small stable number from a key, for per-character variety. */
export function keyVariant(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h >>> 0;
}

/**
 * One entity as drawn: the look the chosen side sees (`sideLook`, or the
 * entity's own look in All), at a pose, with the true identity behind a
 * disguise shown unless the side is the escorts' (`truth` null: not sent).
 */
export function shownEntity(
  e: Look & Partial<Pick<Truth, 'mimicRole' | 'mimicName' | 'mimicColor'>>,
  sideLook: SideEntity | undefined,
  side: SpectatorSide,
  base: { id: number; variant: number; self: boolean },
  x: number,
  y: number,
  facing: number,
): FrameEntity {
  const f = readLook(sideLook ? sideLook.look : e, base as FrameEntity);
  f.x = x;
  f.y = y;
  f.facing = facing;
  const truth = side === 'escort' || e.mimicRole === undefined ? null : (e as unknown as Truth);
  return showLook(f, truth);
}

/** The entities `side` sees now, by entity id, with the look it sees each by. */
export function sideSees(
  view: SideView,
  side: Side,
  all: readonly SpectatorEntity[],
  reveal: number,
): Map<number, SideEntity> {
  return new Map(view.see(side, all, reveal).map((v) => [v.entityId, v]));
}

/** A game event's effect: where, what, and for a shot whether it was the T-800's shotgun cone. */
export function eventFx(
  type: GameEventType,
  x: number,
  y: number,
  value: number,
  shooter: Role | string | undefined,
): FxEvent {
  const fx: FxEvent = { type, x, y, value };
  if (type === 'shot') fx.cone = shooter === 't800';
  return fx;
}
