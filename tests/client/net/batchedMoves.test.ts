import { Decoder, Encoder } from '@colyseus/schema';
import { type InputHandle, Reconciler } from '@colyseus/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoveSender, ownReconciler } from '../../../client/src/net/OwnPlayer.js';
import type { MoveEnv } from '../../../client/src/net/predictMove.js';
import { InputPacer, MoveQueue } from '../../../server/match/InputPacer.js';
import { copyPrivate } from '../../../server/sync/privateState.js';
import { type InputFrame, InputState, sanitizeInput, type WireInput } from '../../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole } from '../../../shared/roles.js';
import { PrivateState } from '../../../shared/schema/PrivateState.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { TICK_HZ } from '../../../shared/tuning.js';
import { asciiMap, ent, testWorld } from '../../shared/sim/fixtures.js';

/**
 * The own character through the batched input path, end to end: the
 * client's MoveSender (one move a step, predicted at once, two moves to a
 * frame), frames through a network with a delay, the server's decoder
 * stand-in (sanitise, clone as Colyseus does), its MoveQueue and InputPacer,
 * the real simulation, PrivateState patches at 20 Hz (so most land between
 * the two moves of a frame), and the SDK's reconciler on the client.
 */

/** The map of one role: it starts in the open middle; the others (John is always in a match) stand far off in a walled pocket. */
const mapFor = (role: PlayerRole) =>
  asciiMap(
    [
      '##############################',
      '#............................#',
      '#..####....|||...............#',
      '#..#.......|.|.......####....#',
      '#..#.........................#',
      '#......######......#.........#',
      '#..................#.........#',
      '#....||||..........#......####',
      '#.........................#..#',
      '##############################',
    ],
    {
      spawns: Object.fromEntries(
        PLAYER_ROLES.map((r) => [r, r === role ? { x: 15.5, y: 5.5 } : { x: 27.5, y: 8.5 }]),
      ) as never,
    },
  );

/** The SDK input handle's part a MoveSender drives: the staged frame, send, its epoch and its ack. */
class Wire {
  readonly data = new InputState() as unknown as WireInput;
  epoch = 0;
  lastProcessed = 0;
  sentCount = 0;
  readonly stepMs = 1000 / TICK_HZ;
  readonly stepSeconds = 1 / TICK_HZ;
  readonly patchRate = 50;
  readonly frames: WireInput[] = [];
  send(): number {
    const d = this.data;
    this.frames.push({
      moveX: d.moveX,
      moveY: d.moveY,
      aim: d.aim,
      buttons: d.buttons,
      moves: d.moves,
      moveX2: d.moveX2,
      moveY2: d.moveY2,
      aim2: d.aim2,
      buttons2: d.buttons2,
    });
    return ++this.sentCount;
  }
}

/** Colyseus' per-client buffer as the server keeps it: the decoded instance, sanitised, cloned into a FIFO. */
class FrameBuffer {
  private readonly decoded = new InputState();
  readonly items: InputFrame[] = [];
  consumed = 0;
  get size(): number {
    return this.items.length;
  }
  receive(f: WireInput): void {
    Object.assign(this.decoded as unknown as WireInput, f);
    sanitizeInput(this.decoded as unknown as PlayerInput);
    this.items.push(this.decoded.clone());
  }
  next(): InputFrame | undefined {
    const x = this.items.shift();
    if (x) this.consumed++;
    return x;
  }
}

class Link {
  readonly map = mapFor(this.role);
  readonly world = testWorld(this.map, [this.role]);
  readonly e = ent(this.world, this.role);
  readonly wire = new Wire();
  readonly moves: MoveSender;
  readonly reconciler: Reconciler;
  readonly buffer = new FrameBuffer();
  readonly queue = new MoveQueue(this.buffer);
  readonly pacer = new InputPacer();
  private readonly serverPriv = new PrivateState();
  private readonly clientPriv = new PrivateState();
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;
  /** The client's prediction after each move (by seq), and the server's position after each move it played as a step's own. */
  readonly predicted: { x: number; y: number }[] = [];
  readonly server: { x: number; y: number }[] = [];
  private now = 0;

  constructor(readonly role: PlayerRole) {
    this.serverPriv.role = role;
    copyPrivate(this.serverPriv, this.e, 0, this.world.tilesVersion, false);
    this.encoder = new Encoder(this.serverPriv);
    this.decoder = new Decoder(this.clientPriv);
    this.decoder.decode(this.encoder.encodeAll());
    this.encoder.discardChanges();
    const map = this.map;
    const env: MoveEnv = { tiles: map.tiles.slice(), width: map.width, height: map.height, role };
    this.moves = new MoveSender(this.wire as unknown as InputHandle<WireInput>, () => this.clientPriv.ack);
    this.reconciler = new Reconciler(this.clientPriv, ownReconciler(env, this.moves));
  }

  push(input: PlayerInput): void {
    const seq = this.moves.push(input);
    const s = this.reconciler.state as PrivateState;
    this.predicted[seq] = { x: s.x, y: s.y };
  }

  /** The frames sent so far, taken off the wire. */
  takeFrames(): WireInput[] {
    return this.wire.frames.splice(0);
  }

  receive(frames: WireInput[]): void {
    for (const f of frames) this.buffer.receive(f);
  }

  /** One server step: the pacer's move (and a catch-up, if any) through the simulation. */
  serverStep(): void {
    const input = this.pacer.next(this.queue, this.world.tick);
    const catchUp = this.pacer.catchUp;
    const before = this.queue.consumedCount;
    step(this.world, { [this.role]: input }, catchUp ? { [this.role]: catchUp } : undefined);
    if (!catchUp && this.queue.consumedCount > 0)
      this.server[this.queue.consumedCount] ??= { x: this.e.x, y: this.e.y };
    void before;
  }

  /** A patch as the room writes it: the private state with the moves played as the ack, and the frames taken in. */
  patch(): { bytes: Uint8Array; frames: number } {
    copyPrivate(this.serverPriv, this.e, this.queue.consumedCount, this.world.tilesVersion, false);
    const bytes = this.encoder.encode().slice();
    this.encoder.discardChanges();
    return { bytes, frames: this.buffer.consumed };
  }

  deliver(p: { bytes: Uint8Array; frames: number }): void {
    this.decoder.decode(p.bytes);
    this.wire.lastProcessed = p.frames;
    this.now += 1000 / TICK_HZ;
    this.reconciler.tick(this.now);
  }
}

const axis = fc.constantFrom(-1, -0.5, 0, 0.5, 1);
const streamArb = fc
  .array(
    fc.tuple(
      fc.record({
        moveX: axis,
        moveY: axis,
        aim: fc.double({ min: -3, max: 3, noNaN: true }),
        buttons: fc.constantFrom(0, Button.Sprint, Button.Liquid, 0),
      }),
      fc.integer({ min: 1, max: 15 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((runs) => runs.flatMap(([input, n]) => Array.from({ length: n }, () => input)));

const same = (a: { x: number; y: number } | undefined, b: { x: number; y: number } | undefined) =>
  a !== undefined && b !== undefined && Object.is(a.x, b.x) && Object.is(a.y, b.y);

describe('moves sent two to a frame', () => {
  it('go out as 15 frames a second of two moves, one frame per two steps', () => {
    const link = new Link('john');
    for (let i = 0; i < 30; i++) link.push({ moveX: 1, moveY: 0, aim: 0, buttons: 0 });
    const frames = link.takeFrames();
    expect(frames).toHaveLength(15);
    expect(frames.every((f) => f.moves === 2)).toBe(true);
    link.push({ moveX: 0, moveY: 1, aim: 0, buttons: 0 });
    expect(link.takeFrames()).toHaveLength(0);
    link.moves.flush();
    const [alone] = link.takeFrames();
    expect(alone).toMatchObject({ moves: 1, moveX: 0, moveY: 1 });
  });

  it('are played one a step and acknowledged by the move: the prediction is the server’s, to the bit, with patches between a frame’s two moves (property)', () => {
    let between = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...PLAYER_ROLES),
        streamArb,
        fc.integer({ min: 0, max: 8 }),
        (role, stream, delay) => {
          const link = new Link(role);
          const wire: { at: number; frames: WireInput[] }[] = [];
          const patches: { at: number; p: ReturnType<Link['patch']> }[] = [];
          const n = Math.min(stream.length * 2, 240);
          for (let i = 1; i <= n + delay + 4; i++) {
            if (i <= n) link.push(stream[(i - 1) % stream.length]);
            wire.push({ at: i + delay, frames: link.takeFrames() });
            while (wire.length > 0 && wire[0].at <= i) link.receive(wire.shift()!.frames);
            link.serverStep();
            if (Math.floor((i * 2) / 3) !== Math.floor(((i - 1) * 2) / 3)) {
              const p = link.patch();
              if (link.queue.consumedCount % 2 === 1) between++;
              patches.push({ at: i + delay, p });
            }
            while (patches.length > 0 && patches[0].at <= i) {
              link.deliver(patches.shift()!.p);
              // Told the server's word, the prediction needed no correction.
              expect(link.reconciler.lastCorrectionMag).toBe(0);
            }
          }
          for (let k = 1; k <= n; k++) {
            if (!same(link.predicted[k], link.server[k]))
              throw new Error(
                `${role}, move ${k}, ${delay} steps late: predicted ${JSON.stringify(link.predicted[k])}, server ${JSON.stringify(link.server[k])}`,
              );
          }
          expect(link.queue.consumedCount).toBe(n);
        },
      ),
      { numRuns: 200 },
    );
    expect(between).toBeGreaterThan(100);
  });

  it('a held key through a network gap: the late frame settles the guessed steps, and the server stands where the client drew it', () => {
    const link = new Link('john');
    const right = { moveX: 1, moveY: 0, aim: 0, buttons: 0 };
    let held: WireInput[] = [];
    for (let i = 1; i <= 60; i++) {
      link.push(right);
      const frames = link.takeFrames();
      // 250 ms (8 steps) of frames held back by a retransmission, then all at once.
      if (i > 20 && i <= 28) held.push(...frames);
      else {
        link.receive([...held, ...frames]);
        held = [];
      }
      link.serverStep();
    }
    // The server plays a step behind the client (a frame's first move is sent with the second).
    expect(link.queue.consumedCount).toBe(59);
    link.serverStep();
    expect(link.queue.consumedCount).toBe(60);
    expect(link.pacer.pendingGuesses).toBe(0);
    expect(same(link.predicted[60], link.e)).toBe(true);
  });

  it('a reconnection starts the seqs over: no move is made while the connection is down, and the old stream’s ack is not taken for the new one', () => {
    const wire = new Wire();
    let open = true;
    let ack = 0;
    const moves = new MoveSender(
      wire as unknown as InputHandle<WireInput>,
      () => ack,
      () => open,
    );
    const right = { moveX: 1, moveY: 0, aim: 0, buttons: 0 };
    for (let i = 0; i < 40; i++) moves.push(right);
    ack = 38;
    wire.lastProcessed = 19;
    expect(moves.lastProcessed).toBe(38);
    // The socket drops: the SDK resets its handle (a new epoch, its counts to 0) and reconnects.
    open = false;
    wire.epoch++;
    wire.lastProcessed = 0;
    expect(moves.push(right)).toBe(0);
    expect(moves.sentCount).toBe(0);
    open = true;
    expect(moves.push(right)).toBe(1);
    expect(moves.push(right)).toBe(2);
    // The state still holds the old stream's ack until the server has taken a frame of the new one.
    expect(moves.lastProcessed).toBe(0);
    ack = 2;
    wire.lastProcessed = 1;
    expect(moves.lastProcessed).toBe(2);
  });
});
