import { type InputHandle, Predict, type Reconciler, type ReconcilerOptions, type Room } from '@colyseus/sdk';
import type { PlayerRole } from '../../../shared/roles.js';
import type { PrivateState } from '../../../shared/schema/PrivateState.js';
import type { PlayerInput } from '../../../shared/sim/types.js';
import { DT } from '../../../shared/tuning.js';
import type { Controls } from '../input/Controls.js';
import { type MoveEnv, OWN_MOVE_FIELDS, OwnMotion } from './predictMove.js';

/** The wire input staged on the SDK's input handle (the server's PlayerInput schema). */
type WireInput = PlayerInput;

/**
 * How long a correction takes to ease out of the drawn position (ms, ~63 % per
 * this much). Two patch intervals: a correction that pulls the character back
 * by less than speed × this (≈ 0.5 tiles walking) slows it for a moment rather
 * than drawing a step backwards; the predicted state itself stays exact.
 */
const CORRECTION_MS = 100;

/**
 * How the own character is reconciled: the SDK reconciler's options, its
 * `step` the simulation's movement kernel, its fields all the movement state
 * the client predicts (shared with the prediction test, which drives them
 * against the real simulation).
 */
export function ownReconciler(
  env: MoveEnv,
  input: InputHandle<WireInput>,
): ReconcilerOptions<PrivateState, WireInput> {
  return {
    input,
    fields: OWN_MOVE_FIELDS,
    stepSeconds: DT,
    smoothMs: CORRECTION_MS,
    step: new OwnMotion(env).step,
  };
}

/**
 * The player's own character: its inputs go out through the SDK's
 * `room.input()` handle at the server's 30 Hz step, and its movement state
 * (position, form, movement timers) is predicted by the SDK's reconciler
 * with the simulation's own movement kernel — applied at once, rewound to
 * the server's word at each acknowledgement and the unacknowledged inputs
 * replayed, corrections eased in.
 */
export class OwnPlayer {
  readonly predict: Predict;
  readonly input: InputHandle<WireInput>;
  private readonly reconciler: Reconciler;
  private readonly staged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };
  /** Inputs sent; the last acknowledged one is `priv.ack`. */
  sent = 0;

  constructor(
    room: Room,
    readonly priv: PrivateState,
    readonly env: MoveEnv,
    private readonly controls: Controls,
  ) {
    this.predict = Predict.get(room) as Predict;
    this.input = room.input({ mode: 'reliable' }) as InputHandle<WireInput>;
    this.reconciler = this.predict.reconciler<PrivateState, WireInput>(
      priv,
      ownReconciler(env, this.input),
    ) as Reconciler;
  }

  get role(): PlayerRole {
    return this.priv.role as PlayerRole;
  }

  /**
   * Once per frame, before drawing: sends the inputs due since the last frame
   * (each predicted as it is sent) and advances the smoothing. `now` in ms.
   */
  pump(now: number, sendInputs: boolean): void {
    const due = this.predict.tick(now);
    if (!sendInputs) return;
    for (let i = 0; i < due; i++) {
      this.controls.take(this.staged);
      const d = this.input.data;
      d.moveX = this.staged.moveX;
      d.moveY = this.staged.moveY;
      d.aim = this.staged.aim;
      d.buttons = this.staged.buttons;
      if (this.input.send()) this.sent++;
    }
  }

  /** The predicted position to draw, in tiles. */
  get x(): number {
    return this.predict.value(this.priv, 'x');
  }
  get y(): number {
    return this.predict.value(this.priv, 'y');
  }

  /** How far the last correction moved the prediction (tiles); ~0 when prediction matched. */
  get lastCorrection(): number {
    const c = this.reconciler.lastCorrection;
    return Math.hypot(c.x ?? 0, c.y ?? 0);
  }

  /** Rolling drift of the prediction from the server (with the SDK's diagnostics on; it counts every mirrored field, the timers' seqs too). */
  get drift(): { ema: number; peak: number } {
    return this.reconciler.drift;
  }

  dispose(): void {
    this.predict.dispose();
  }
}
