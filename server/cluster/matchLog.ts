/**
 * A match's resume record in Redis, written as it is played, so that another
 * process of the cluster can take the match over: on a deploy (the draining
 * process writes it exactly and asks another to take it) or after a crash
 * (a survivor reads what was last flushed).
 *
 * The record is the recording's idea in small: a base — the whole world
 * (packWorld, as a replay keyframe) every {@link BASE_STEPS} — and the
 * inputs of every step since, flushed every {@link FLUSH_STEPS} (half a
 * second: a crash loses at most that much play), packed as the recording
 * worker's batches (jobs.ts), plus the meta: who is in the match and how the
 * room is set up. Reading it back is the base restored and the inputs
 * stepped again: the same world, to the bit (the simulation is
 * deterministic). The game loop pays a few stores a step, one Redis write
 * every half second, and one packWorld every 10 s.
 */
import type { Redis } from 'ioredis';
import { Packr } from 'msgpackr';
import type { GameMap } from '../../shared/map/types.js';
import { packWorld, unpackWorld } from '../../shared/replay/play.js';
import type { PlayerRole } from '../../shared/roles.js';
import { step } from '../../shared/sim/step.js';
import type { StepInputs, World } from '../../shared/sim/types.js';
import type { StepListener } from '../match/MatchRun.js';
import { BatchWriter, type StepBatch, stepOf } from '../replay/jobs.js';
import { baseKey, inputsKey, metaKey, ownerKey, RECORD_TTL_SECONDS } from './keys.js';

/** Steps between flushes of the inputs: a crash loses at most this much play (0.5 s). */
export const FLUSH_STEPS = 15;
/** Steps between bases (10 s): a survivor re-simulates at most this many steps. */
export const BASE_STEPS = 300;

const packr = new Packr({ useRecords: false, moreTypes: false });

/** Who is in a match and how its room is set up: what a process taking it over needs besides the world. */
export interface MatchMeta {
  v: 1;
  roomId: string;
  phase: 'lobby' | 'countdown' | 'playing' | 'ended';
  /** Steps left of the countdown (phase countdown). */
  countdownSteps: number;
  /** The room's settings (RoomSettings without the play-from-here world, which is loaded again). */
  settings: Record<string, unknown>;
  /** The host's choices in the lobby (MatchState.options). */
  options: Record<string, unknown>;
  /** The match's map name as shown (MatchState.map). */
  map: string;
  /** People, in the order they came: their seat ticket's hash stands for them on the next process. */
  members: {
    ticket: string;
    name: string;
    pref: string;
    role: PlayerRole | null;
    spectator: boolean;
    address: string;
    /** The hash of the browser's key ('' none; absent in records written before it). */
    device?: string;
    host: boolean;
    ready: boolean;
  }[];
  /** The world's roles in the order the input batches pack them. */
  roles: PlayerRole[];
  /** Per seat: the person (ticket hash) or null for a bot. Everyone stands away when the match goes on elsewhere. */
  seats: { role: PlayerRole; ticket: string | null; name: string }[];
  hunterHistory: { hunted: [string, number][]; last: string | null };
  /** Whom the host removed, as the room bars them (a browser key's hash or a keyless client's address); absent in records written before it. */
  barred?: string[];
}

/** The world as last flushed, and where it stands. */
export interface LoadedMatch {
  meta: MatchMeta;
  /** The world at the last flushed step (null for a room not playing). */
  world: World | null;
  /** Steps re-simulated from the base. */
  replayed: number;
}

/** Encode a batch of steps for Redis (the arrays as raw little-endian doubles). */
function encodeBatch(b: StepBatch, roles: number): Buffer {
  const used = b.n * roles * 5;
  return packr.pack({
    n: b.n,
    i: Buffer.from(b.inputs.buffer, b.inputs.byteOffset, used * 8),
    c: b.catchUp ? Buffer.from(b.catchUp.buffer, b.catchUp.byteOffset, b.catchUp.byteLength) : null,
  });
}

function doubles(buf: Uint8Array): Float64Array {
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float64Array(copy.buffer, 0, copy.byteLength / 8);
}

function decodeBatch(buf: Buffer): StepBatch {
  const o = packr.unpack(buf) as { n: number; i: Uint8Array; c: Uint8Array | null };
  return { n: o.n, inputs: doubles(o.i), catchUp: o.c ? doubles(o.c) : null, checks: null };
}

/** What the log asks of its room. */
export interface LoggedRoom {
  readonly roomId: string;
  meta(): MatchMeta;
  /** Another process runs this match now: this copy must stop. */
  fenced(): void;
}

/**
 * The writer of one room's record: meta whenever asked (lobby changes) and,
 * while a match is played, the base and inputs as a step listener.
 */
export class MatchLog implements StepListener {
  private batch: BatchWriter | null = null;
  private roles: PlayerRole[] = [];
  private baseTick = -1;
  private lastMeta = '';
  private closed = false;
  /** Writes in flight (tests and the drain wait for them). */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly room: LoggedRoom,
    private readonly pid: string,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** A match begins (or continues here): write its base now. */
  begin(world: World): void {
    this.roles = Object.keys(world.players) as PlayerRole[];
    this.batch = new BatchWriter(this.roles, FLUSH_STEPS);
    this.writeBase(world);
  }

  /** The room's people or settings changed (lobby): write the meta if it differs. */
  touch(): void {
    if (this.closed) return;
    const meta = this.metaText();
    if (meta !== null) this.write('meta', meta, '');
  }

  stepped(w: World, inputs: StepInputs, catchUp: StepInputs | undefined): void {
    const b = this.batch;
    if (!b || this.closed) return;
    b.add(inputs, catchUp);
    if (w.tick - this.baseTick >= BASE_STEPS) this.writeBase(w);
    // The meta goes when the room says it changed (touch: joins, leaves, phases) and with each base, not with every batch.
    else if (b.n >= FLUSH_STEPS) this.write('in', '', encodeBatch(b.take(), this.roles.length));
  }

  /** The world exactly as it is now (a handover): the base, no inputs after it. Resolves once written. */
  async final(world: World | null): Promise<void> {
    if (world && this.batch) this.writeBase(world);
    else {
      this.lastMeta = '';
      this.touch();
    }
    await this.pending;
  }

  /** The match is over here for good (ended, or its room closed): its record goes. */
  async drop(): Promise<void> {
    const mine = !this.closed;
    this.closed = true;
    await this.pending.catch(() => undefined);
    if (!mine) return;
    const id = this.room.roomId;
    await this.redis.del(metaKey(id), baseKey(id), inputsKey(id), ownerKey(id)).catch(() => undefined);
  }

  /** Redis came back (perhaps empty): the whole record again — the meta now, the base at the next step. */
  rebase(): void {
    this.lastMeta = '';
    this.baseTick = Number.NEGATIVE_INFINITY;
    if (!this.batch) this.touch();
  }

  /** Stop writing (the match moved to another process, which owns its record now). */
  stop(): void {
    this.closed = true;
  }

  private metaText(): string | null {
    const text = JSON.stringify(this.room.meta());
    if (text === this.lastMeta) return null;
    this.lastMeta = text;
    return text;
  }

  private writeBase(w: World): void {
    this.batch!.take();
    this.baseTick = w.tick;
    this.lastMeta = '';
    this.write('base', this.metaText()!, packr.pack(packWorld(w)));
  }

  /** One write, done by Redis only while this process owns the match (else the room is told it is fenced). */
  private write(mode: 'meta' | 'in' | 'base', meta: string, payload: Buffer | string): void {
    const id = this.room.roomId;
    const p = (this.redis as Redis & { lmWrite: LmWrite }).lmWrite(
      ownerKey(id),
      metaKey(id),
      baseKey(id),
      inputsKey(id),
      this.pid,
      RECORD_TTL_SECONDS,
      mode,
      meta,
      payload,
    );
    this.pending = p
      .then((owner) => {
        if (typeof owner === 'string' && owner !== this.pid && !this.closed) {
          this.closed = true;
          this.room.fenced();
        }
      })
      .catch((e) => {
        // Lost lines of the record are the price of Redis being away: the match goes on, the record is older.
        this.lastMeta = '';
        this.onError(e);
      });
  }
}

type LmWrite = (...args: (string | number | Buffer)[]) => Promise<string | null>;

/**
 * The one write of a match's record, in Redis: done only if no other
 * process owns the match (a process that stalled past its heartbeat, whose
 * match a survivor took, must not write over the survivor's record); the
 * owner's id is returned when it is another's.
 */
const WRITE_SCRIPT = `
local o = redis.call('GET', KEYS[1])
if o and o ~= ARGV[1] then return o end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[2]) end
if ARGV[3] == 'base' then
  redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[2])
  redis.call('DEL', KEYS[4])
elseif ARGV[3] == 'in' then
  redis.call('RPUSH', KEYS[4], ARGV[5])
  redis.call('EXPIRE', KEYS[4], ARGV[2])
end
return false
`;

/** Teach a Redis connection the record's write (once per connection). */
export function defineWrite(redis: Redis): void {
  if ((redis as unknown as { lmWrite?: unknown }).lmWrite) return;
  redis.defineCommand('lmWrite', { numberOfKeys: 4, lua: WRITE_SCRIPT });
}

/**
 * A match's record read back: the meta, and the world at the last flushed
 * step (the base restored with `mapOf`'s map, every input batch after it
 * stepped again). Null when there is no record.
 */
export async function loadMatch(
  redis: Redis,
  roomId: string,
  mapOf: (meta: MatchMeta) => GameMap,
): Promise<LoadedMatch | null> {
  const [[, metaText], [, base], [, batches]] = (await redis
    .multi()
    .get(metaKey(roomId))
    .getBuffer(baseKey(roomId))
    .lrangeBuffer(inputsKey(roomId), 0, -1)
    .exec()) as [[null, string | null], [null, Buffer | null], [null, Buffer[]]];
  if (!metaText) return null;
  const meta = JSON.parse(metaText) as MatchMeta;
  if (meta.phase !== 'playing' || !base) return { meta, world: null, replayed: 0 };
  const world = unpackWorld(packr.unpack(base), mapOf(meta));
  let replayed = 0;
  for (const buf of batches) {
    const b = decodeBatch(buf);
    for (let i = 0; i < b.n; i++) {
      const { inputs, catchUp } = stepOf(b, i, meta.roles);
      step(world, inputs, catchUp);
      replayed++;
    }
  }
  return { meta, world, replayed };
}
