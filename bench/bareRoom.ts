/**
 * The floor under the game's server CPU: a bare Colyseus room with the
 * game's traffic and none of its work. 155 entities moving every step (the
 * default match's crowd: 5 players, 30 police, 120 civilians), a position and
 * a facing each in the game's wire types, 30 steps and 20 patches a second;
 * the players' input frames (the game's InputState) read as the game reads
 * them — as moves through a MoveQueue and an InputPacer, one a step — each
 * moving its player's entity. No simulation, no views, no events, no
 * recording. `bench:load` runs it beside the game with the same clients.
 *
 * BARE_WIRE=bytes is the same room on another wire, to measure the floor of
 * the design docs/LOAD.md proposes for the game: no schema and no change
 * tracking; the entities live in typed arrays, and each patch packs them
 * all — tick, then x and y (16 bits, as the schema quantises them) and
 * facing (8 bits) per entity — into one snapshot per kind of eyes (two: the
 * game's hunter and escort team), each encoded once and its same bytes sent
 * to every client with those eyes.
 */
import { type Client, getMessageBytes, Protocol, Room } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
import { InputPacer, movesOf } from '../server/match/InputPacer.js';
import { InputState, sanitizeInput } from '../shared/protocol.js';
import { POS_MAX } from '../shared/schema/EntityState.js';
import { TICK_HZ } from '../shared/tuning.js';

/** Entities of a default match: the players, the police and the civilians. */
export const BARE_ENTITIES = 155;
const SIZE = 120;

export const BareEntity = schema(
  {
    x: t.quantized({ min: 0, max: POS_MAX, bits: 16 }).default(0),
    y: t.quantized({ min: 0, max: POS_MAX, bits: 16 }).default(0),
    facing: t.angle({ bits: 8 }).default(0),
  },
  'BareEntity',
);
export type BareEntity = InstanceType<typeof BareEntity>;

export const BareState = schema(
  {
    tick: t.number().default(0),
    entities: t.map(BareEntity),
  },
  'BareState',
);
export type BareState = InstanceType<typeof BareState>;

/** Patches a second (20, the game's; BARE_PATCHES_PER_SECOND to see what another rate would cost). */
const PATCH_HZ = Number(process.env.BARE_PATCHES_PER_SECOND ?? 20);
/** The wire: Colyseus' schema patches (the game's), or one packed snapshot per kind of eyes. */
export type BareWire = 'schema' | 'bytes';
const WIRE: BareWire = process.env.BARE_WIRE === 'bytes' ? 'bytes' : 'schema';
/** The message type of a bytes-wire snapshot. */
export const SNAPSHOT = 1;
/** Bytes of a snapshot: the tick (4), then x (2), y (2) and facing (1) per entity. */
const SNAPSHOT_BYTES = 4 + BARE_ENTITIES * 5;
const POS_SCALE = 65535 / POS_MAX;
const TURN = Math.PI * 2;

/** Steps run by every bare room of this process (the per-room-second denominator). */
export const bareStats = { steps: 0 };

export class BareRoom extends Room<{ state: BareState; input: InputState }> {
  override maxClients = 5;
  override inputs = movesOf(
    this.defineInput(InputState, {
      sanitize: sanitizeInput,
      idle: ({ latest }) => latest ?? true,
      bufferMaxSize: 16,
    }),
  );
  private readonly ents: BareEntity[] = [];
  /** The bytes wire's entities: position and facing (the schema's fields). */
  private readonly px = new Float64Array(BARE_ENTITIES);
  private readonly py = new Float64Array(BARE_ENTITIES);
  private readonly pf = new Float64Array(BARE_ENTITIES);
  private readonly snapshot = new Uint8Array(SNAPSHOT_BYTES);
  private readonly snapshotView = new DataView(this.snapshot.buffer);
  private hunter: Client | null = null;
  private readonly heading = new Float64Array(BARE_ENTITIES);
  private readonly vx = new Float64Array(BARE_ENTITIES);
  private readonly vy = new Float64Array(BARE_ENTITIES);
  private readonly moved = new Uint8Array(5);
  private readonly seats = new Map<string, { index: number; pacer: InputPacer }>();
  private seed = 1;

  /** Steps of this room (the schema wire keeps it in its state). */
  private tick = 0;

  override onCreate(): void {
    if (WIRE === 'schema') this.state = new BareState();
    for (let i = 0; i < BARE_ENTITIES; i++) {
      this.px[i] = 10 + this.random() * SIZE;
      this.py[i] = 10 + this.random() * SIZE;
      this.heading[i] = this.random() * Math.PI * 2;
      this.vx[i] = Math.cos(this.heading[i]) * 2;
      this.vy[i] = Math.sin(this.heading[i]) * 2;
      if (WIRE === 'bytes') continue;
      const e = new BareEntity();
      e.x = this.px[i];
      e.y = this.py[i];
      this.state.entities.set(`e${i}`, e);
      this.ents.push(e);
    }
    this.patchRate = 1000 / PATCH_HZ;
    this.setFixedTimestep(() => this.step(), TICK_HZ);
  }

  override onJoin(client: Client): void {
    this.seats.set(client.sessionId, { index: this.seats.size % 5, pacer: new InputPacer() });
    this.hunter ??= client;
  }

  override onLeave(client: Client): void {
    this.seats.delete(client.sessionId);
    if (this.hunter === client) this.hunter = null;
  }

  /** The bytes wire's patch (called by Colyseus at the patch rate; with no state there is nothing else to send). */
  override onBeforePatch(): void {
    if (WIRE !== 'bytes') return;
    this.sendSnapshot(true);
    this.sendSnapshot(false);
  }

  /** Pack every entity into one snapshot, encode it once, and send its bytes to the hunter, or to everyone else. */
  private sendSnapshot(hunter: boolean): void {
    const v = this.snapshotView;
    v.setUint32(0, this.tick, true);
    for (let i = 0, o = 4; i < BARE_ENTITIES; i++, o += 5) {
      v.setUint16(o, Math.round(this.px[i] * POS_SCALE), true);
      v.setUint16(o + 2, Math.round(this.py[i] * POS_SCALE), true);
      v.setUint8(o + 4, Math.round((((this.pf[i] % TURN) + TURN) % TURN) * (256 / TURN)) & 255);
    }
    const bytes = getMessageBytes.raw(Protocol.ROOM_DATA_BYTES, SNAPSHOT, undefined, this.snapshot);
    for (const c of this.clients) if ((c === this.hunter) === hunter) c.enqueueRaw(bytes);
  }

  private step(): void {
    const tick = ++this.tick;
    if (WIRE === 'schema') this.state.tick = tick;
    bareStats.steps++;
    const dt = 1 / TICK_HZ;
    const moved = this.moved;
    moved.fill(0);
    for (const [sid, seat] of this.seats) {
      const input = seat.pacer.next(this.inputs.get(sid), tick);
      const e = seat.index;
      const extra = seat.pacer.catchUp;
      if (extra) this.moveBy(e, extra, dt);
      if (input) this.moveBy(e, input, dt);
      moved[seat.index] = 1;
    }
    // Everyone else walks, every step, turning now and then (a few each step).
    for (let i = 0; i < BARE_ENTITIES; i++) {
      if (i < 5 && moved[i]) continue;
      if ((i + tick) % 32 === 0) {
        this.heading[i] += (this.random() - 0.5) * 2;
        this.vx[i] = Math.cos(this.heading[i]) * 2;
        this.vy[i] = Math.sin(this.heading[i]) * 2;
      }
      this.place(
        i,
        clamp(this.px[i] + this.vx[i] * dt),
        clamp(this.py[i] + this.vy[i] * dt),
        this.heading[i],
      );
    }
  }

  private moveBy(i: number, m: { moveX: number; moveY: number; aim: number }, dt: number): void {
    this.place(i, clamp(this.px[i] + m.moveX * 4 * dt), clamp(this.py[i] + m.moveY * 4 * dt), m.aim);
  }

  /** An entity's new position and facing, into the schema too on its wire (change tracking included). */
  private place(i: number, x: number, y: number, facing: number): void {
    this.px[i] = x;
    this.py[i] = y;
    this.pf[i] = facing;
    if (WIRE === 'bytes') return;
    const e = this.ents[i];
    e.x = x;
    e.y = y;
    e.facing = facing;
  }

  /** A small deterministic generator (mulberry32): the same crowd in every run. */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let x = this.seed;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }
}

const clamp = (v: number) => Math.max(5, Math.min(v, SIZE + 15));
