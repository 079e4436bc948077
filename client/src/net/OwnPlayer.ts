import { type InputHandle, Predict, type Reconciler, type ReconcilerOptions, type Room } from '@colyseus/sdk';
import { stageFrame, type WireInput } from '../../../shared/protocol.js';
import type { PlayerRole } from '../../../shared/roles.js';
import type { PrivateState } from '../../../shared/schema/PrivateState.js';
import type { PlayerInput } from '../../../shared/sim/types.js';
import { DT } from '../../../shared/tuning.js';
import type { Controls } from '../input/Controls.js';
import { type MoveEnv, OWN_MOVE_FIELDS, OwnMotion } from './predictMove.js';

/** Moves remembered for replay: past any acknowledgement delay a reconciler replays (256 steps, 8.5 s). */
const KEPT_MOVES = 256;

/**
 * The own player's moves, one per 30 Hz step, as the reconciler sees them —
 * one seq per move, each predicted as it is pushed — and sent two to a frame
 * over the SDK's input handle (`wire`): 15 frames a second instead of 30,
 * each carrying the move of the step before and its own (shared/protocol.ts
 * `stageFrame`). The acknowledgement is the server's count of moves played,
 * `Private.ack` of the same patch as the state it describes; the wire
 * handle's own ack (frames taken in) only times round trips.
 *
 * It has the surface of the SDK's input handle a reconciler reads
 * (`sentCount`, `lastProcessed`, `at`, `onSend`, `epoch`, the step rate), so
 * the SDK's reconciler predicts and replays it as it would the handle.
 */
export class MoveSender {
  /** Moves pushed (and predicted) since the stream began. */
  sentCount = 0;
  private acked = 0;
  private readonly kept: PlayerInput[] = Array.from({ length: KEPT_MOVES }, () => ({
    moveX: 0,
    moveY: 0,
    aim: 0,
    buttons: 0,
  }));
  /** A move pushed and predicted but not yet sent (it goes out with the next one). */
  private held: PlayerInput | null = null;
  private listeners: Array<(seq: number) => void> = [];
  private seenEpoch: number;
  /** Before the server's first acknowledgement of a new stream, the ack in the state is the old stream's. */
  private fresh = true;
  readonly replayBufferSize = KEPT_MOVES;
  readonly subSteps = 1;

  constructor(
    readonly wire: InputHandle<WireInput>,
    /** The server's count of this client's moves played (`Private.ack`). */
    private readonly ackOf: () => number,
    /** Whether the connection is open: while it is not, no move is made (none would reach the server). */
    private readonly isOpen: () => boolean = () => true,
  ) {
    this.seenEpoch = wire.epoch;
  }

  get stepMs(): number | undefined {
    return this.wire.stepMs;
  }
  get stepSeconds(): number | undefined {
    return this.wire.stepSeconds;
  }
  get patchRate(): number | undefined {
    return this.wire.patchRate;
  }
  /** Follows the wire handle's reset (a reconnection): the seqs start over. */
  get epoch(): number {
    this.follow();
    return this.seenEpoch;
  }
  get lastProcessed(): number {
    this.follow();
    if (this.fresh) {
      if (this.wire.lastProcessed === 0) return this.acked;
      this.fresh = false;
    }
    const ack = Math.min(this.ackOf(), this.sentCount);
    if (ack > this.acked) this.acked = ack;
    return this.acked;
  }
  get pendingCount(): number {
    return this.sentCount - this.lastProcessed;
  }

  at(seq: number): PlayerInput | undefined {
    if (seq <= this.acked || seq > this.sentCount || this.sentCount - seq >= KEPT_MOVES) return undefined;
    return this.kept[seq % KEPT_MOVES];
  }
  reckonTimeAt(): number {
    return 0;
  }
  onSend(fn: (seq: number) => void): () => void {
    this.listeners = [...this.listeners, fn];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /**
   * The next step's move: kept for replay, predicted at once, sent with the
   * one after it (or alone by {@link flush}). Returns its seq; 0, and nothing
   * predicted, while the connection is closed (a reconnection starts the
   * seqs over, as the server's count of moves does).
   */
  push(move: PlayerInput): number {
    this.follow();
    if (!this.isOpen()) return 0;
    const seq = ++this.sentCount;
    const slot = this.kept[seq % KEPT_MOVES];
    slot.moveX = move.moveX;
    slot.moveY = move.moveY;
    slot.aim = move.aim;
    slot.buttons = move.buttons;
    if (this.held === null) this.held = slot;
    else {
      stageFrame(this.wire.data, this.held, slot);
      this.held = null;
      this.wire.send();
    }
    for (const fn of this.listeners) fn(seq);
    return seq;
  }

  /** Send a move held for the next frame alone (input stops: the server must not wait for its pair). */
  flush(): void {
    this.follow();
    if (this.held === null) return;
    stageFrame(this.wire.data, this.held);
    this.held = null;
    this.wire.send();
  }

  private follow(): void {
    const e = this.wire.epoch;
    if (e === this.seenEpoch) return;
    this.seenEpoch = e;
    this.sentCount = 0;
    this.acked = 0;
    this.held = null;
    this.fresh = true;
  }
}

/**
 * How long a correction takes to ease out of the drawn position (ms, ~63 % per
 * this much). Two patch intervals: a correction that pulls the character back
 * by less than speed × this (≈ 0.5 tiles walking) slows it for a moment rather
 * than drawing a step backwards; the predicted state itself stays exact.
 */
const CORRECTION_MS = 100;

/** What the reconciler reads of the moves it predicts: a {@link MoveSender} (or, in tests, a stand-in). */
export type MoveSource = Pick<
  InputHandle<PlayerInput>,
  'sentCount' | 'lastProcessed' | 'epoch' | 'at' | 'onSend'
>;

/**
 * How the own character is reconciled: the SDK reconciler's options, its
 * `step` the simulation's movement kernel, its fields all the movement state
 * the client predicts (shared with the prediction test, which drives them
 * against the real simulation).
 */
export function ownReconciler(env: MoveEnv, moves: MoveSource): ReconcilerOptions<PrivateState, PlayerInput> {
  return {
    input: moves as unknown as InputHandle<PlayerInput>,
    fields: OWN_MOVE_FIELDS,
    stepSeconds: DT,
    smoothMs: CORRECTION_MS,
    step: new OwnMotion(env).step,
  };
}

/**
 * The player's own character: one move a step at the server's 30 Hz, sent
 * two to a frame through the SDK's `room.input()` handle ({@link MoveSender}),
 * and its movement state (position, form, movement timers) predicted by the
 * SDK's reconciler with the simulation's own movement kernel — each move
 * applied at once, rewound to the server's word at each acknowledgement and
 * the unacknowledged moves replayed, corrections eased in.
 */
export class OwnPlayer {
  readonly predict: Predict;
  /** The SDK's input handle: the wire frames (two moves each). */
  readonly input: InputHandle<WireInput>;
  readonly moves: MoveSender;
  private readonly reconciler: Reconciler;
  private readonly staged: PlayerInput = { moveX: 0, moveY: 0, aim: 0, buttons: 0 };

  constructor(
    room: Room,
    readonly priv: PrivateState,
    readonly env: MoveEnv,
    private readonly controls: Controls,
  ) {
    this.predict = Predict.get(room) as Predict;
    this.input = room.input({ mode: 'reliable' }) as InputHandle<WireInput>;
    this.moves = new MoveSender(
      this.input,
      () => priv.ack,
      () => room.connection.isOpen,
    );
    this.reconciler = this.predict.reconciler<PrivateState, PlayerInput>(
      priv,
      ownReconciler(env, this.moves),
    ) as Reconciler;
  }

  get role(): PlayerRole {
    return this.priv.role as PlayerRole;
  }

  /** Moves sent (one a step); the last acknowledged one is `priv.ack`. */
  get sent(): number {
    return this.moves.sentCount;
  }

  /**
   * Once per frame, before drawing: pushes the moves due since the last frame
   * (each predicted at once, sent two to a frame) and advances the
   * smoothing. `now` in ms. When input stops, a move waiting for its pair
   * goes out alone.
   */
  pump(now: number, sendInputs: boolean): void {
    const due = this.predict.tick(now);
    if (!sendInputs) {
      this.moves.flush();
      return;
    }
    for (let i = 0; i < due; i++) {
      this.controls.take(this.staged);
      this.moves.push(this.staged);
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
