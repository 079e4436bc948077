import { Tile } from '../../../shared/map/tiles.js';
import type { GameMap } from '../../../shared/map/types.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { LIVES } from '../../../shared/schema/PrivateState.js';
import {
  type Ground,
  type Mover,
  playerMove,
  timerEnd,
  timerFromEnd,
} from '../../../shared/sim/playerMove.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { DT } from '../../../shared/tuning.js';

/**
 * The own character's movement state, as the server sends it (the movement
 * fields of PrivateState, after input `ack`) and as the reconciler predicts
 * it after each input: position, form, the movement timers as the input seq
 * they run out on, and what the server alone decides (health, a channel, the
 * doors), carried along unchanged.
 */
export interface OwnMove {
  x: number;
  y: number;
  liquid: boolean;
  liquidHeld: boolean;
  sprintEnd: number;
  sprintCooldownEnd: number;
  stunEnd: number;
  slowEnd: number;
  morphEnd: number;
  life: number;
  channelling: boolean;
  tilesVersion: number;
}

/** The PrivateState fields the reconciler mirrors and replays: everything the movement kernel reads. */
export const OWN_MOVE_FIELDS = [
  'x',
  'y',
  'liquid',
  'liquidHeld',
  'sprintEnd',
  'sprintCooldownEnd',
  'stunEnd',
  'slowEnd',
  'morphEnd',
  'life',
  'channelling',
  'tilesVersion',
] as const satisfies readonly (keyof OwnMove)[];

/** The rest of what the own character's movement reads: its role and the live tiles (doors as the server says). */
export interface MoveEnv extends Ground {
  tiles: Uint8Array;
  width: number;
  height: number;
  role: PlayerRole;
}

/** Set the door tiles of the map's `tiles` as the server says its doors are (`open[i]` for door i; missing: as the map starts). */
export function setDoorTiles(tiles: Uint8Array, map: GameMap, open: ArrayLike<boolean | undefined>): void {
  map.doors.forEach((d, i) => {
    const o = open[i] ?? !d.locked;
    for (const t of d.tiles) tiles[t] = o ? Tile.DoorOpen : Tile.DoorLocked;
  });
}

const m: { -readonly [K in keyof Mover]: Mover[K] } = {
  role: 'john',
  life: 'healthy',
  action: '',
  x: 0,
  y: 0,
  vx: 0,
  vy: 0,
  pushX: 0,
  pushY: 0,
  pushTime: 0,
  stun: 0,
  slow: 0,
  morph: 0,
  sprintLeft: 0,
  sprintCooldown: 0,
  liquid: false,
  prevButtons: 0,
};

/**
 * One step of the own character: the simulation's movement kernel on the
 * state after input `seq - 1`, leaving the state after input `seq`. What
 * other characters do to it (a shot's stun and knockback, a police officer's
 * slow, shoves, a door opened) and what its abilities start (a channel)
 * come from the server.
 */
export function predictMove(env: MoveEnv, s: OwnMove, cmd: PlayerInput, seq: number): void {
  m.role = env.role;
  m.life = LIVES[s.life] ?? 'healthy';
  m.action = s.channelling ? 'channel' : '';
  m.x = s.x;
  m.y = s.y;
  m.liquid = s.liquid;
  m.prevButtons = s.liquidHeld ? Button.Liquid : 0;
  const before = seq - 1;
  m.sprintLeft = timerFromEnd(s.sprintEnd, before);
  m.sprintCooldown = timerFromEnd(s.sprintCooldownEnd, before);
  m.stun = timerFromEnd(s.stunEnd, before);
  m.slow = timerFromEnd(s.slowEnd, before);
  m.morph = timerFromEnd(s.morphEnd, before);
  playerMove(m, cmd, env, DT);
  s.x = m.x;
  s.y = m.y;
  s.liquid = m.liquid;
  s.liquidHeld = (m.prevButtons & Button.Liquid) !== 0;
  s.sprintEnd = timerEnd(m.sprintLeft, seq);
  s.sprintCooldownEnd = timerEnd(m.sprintCooldown, seq);
  s.stunEnd = timerEnd(m.stun, seq);
  s.slowEnd = timerEnd(m.slow, seq);
  s.morphEnd = timerEnd(m.morph, seq);
}

/** Inputs back that the own predictions are remembered for: past any acknowledgement delay a reconciler replays. */
const KEPT = 256;

/**
 * The reconciler's `step` for the own character: {@link predictMove}, with
 * the position kept exact across a rewind. The server sends the position as
 * float32; when the rewound-to position is the client's own prediction for
 * that input as far as float32 can tell, the prediction's full precision is
 * kept — adopting the rounded value would put the client a rounding apart
 * from the server for the rest of the walk, although both agree.
 */
export class OwnMotion {
  private readonly kept = new Float64Array(KEPT * 2);
  private readonly keptSeq = new Float64Array(KEPT).fill(-1);

  constructor(readonly env: MoveEnv) {}

  readonly step = (ctx: { readonly tick: number }, s: OwnMove, cmd: PlayerInput): void => {
    const seq = ctx.tick;
    const prev = (seq - 1) % KEPT;
    if (this.keptSeq[prev] === seq - 1) {
      const x = this.kept[prev * 2];
      const y = this.kept[prev * 2 + 1];
      if (s.x !== x && Math.fround(x) === s.x) s.x = x;
      if (s.y !== y && Math.fround(y) === s.y) s.y = y;
    }
    predictMove(this.env, s, cmd, seq);
    const slot = seq % KEPT;
    this.kept[slot * 2] = s.x;
    this.kept[slot * 2 + 1] = s.y;
    this.keptSeq[slot] = seq;
  };
}
