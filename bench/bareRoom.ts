/**
 * The floor under the game's server CPU: a bare Colyseus room with the
 * game's traffic and none of its work. 155 entities moving every step (the
 * default match's crowd: 5 players, 30 police, 120 civilians), a position and
 * a facing each in the game's wire types, 30 steps and 20 patches a second;
 * the players' input frames (the game's InputState) read as the game reads
 * them — as moves through a MoveQueue and an InputPacer, one a step — each
 * moving its player's entity. No simulation, no views, no events, no
 * recording. `bench:load` runs it beside the game with the same clients.
 */
import { type Client, Room } from '@colyseus/core';
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
  private readonly heading = new Float64Array(BARE_ENTITIES);
  private readonly vx = new Float64Array(BARE_ENTITIES);
  private readonly vy = new Float64Array(BARE_ENTITIES);
  private readonly moved = new Uint8Array(5);
  private readonly seats = new Map<string, { index: number; pacer: InputPacer }>();
  private seed = 1;

  override onCreate(): void {
    this.state = new BareState();
    for (let i = 0; i < BARE_ENTITIES; i++) {
      const e = new BareEntity();
      e.x = 10 + this.random() * SIZE;
      e.y = 10 + this.random() * SIZE;
      this.heading[i] = this.random() * Math.PI * 2;
      this.vx[i] = Math.cos(this.heading[i]) * 2;
      this.vy[i] = Math.sin(this.heading[i]) * 2;
      this.state.entities.set(`e${i}`, e);
      this.ents.push(e);
    }
    this.patchRate = 1000 / PATCH_HZ;
    this.setFixedTimestep(() => this.step(), TICK_HZ);
  }

  override onJoin(client: Client): void {
    this.seats.set(client.sessionId, { index: this.seats.size % 5, pacer: new InputPacer() });
  }

  override onLeave(client: Client): void {
    this.seats.delete(client.sessionId);
  }

  private step(): void {
    const tick = ++this.state.tick;
    bareStats.steps++;
    const dt = 1 / TICK_HZ;
    const moved = this.moved;
    moved.fill(0);
    for (const [sid, seat] of this.seats) {
      const input = seat.pacer.next(this.inputs.get(sid), tick);
      const e = this.ents[seat.index];
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
      const e = this.ents[i];
      e.x = clamp(e.x + this.vx[i] * dt);
      e.y = clamp(e.y + this.vy[i] * dt);
      e.facing = this.heading[i];
    }
  }

  private moveBy(e: BareEntity, m: { moveX: number; moveY: number; aim: number }, dt: number): void {
    e.x = clamp(e.x + m.moveX * 4 * dt);
    e.y = clamp(e.y + m.moveY * 4 * dt);
    e.facing = m.aim;
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
