/**
 * The door of a room: every frame a client sends is looked at here, before
 * any Colyseus decoder sees it. What the game does not use (the unreliable
 * input channel, requests, raw-bytes messages, server-to-client codes,
 * unknown codes, modifier bits, the `"*"` type) is refused and the sender is
 * dropped; an input frame must be exactly what the SDK's input encoder makes
 * of the game's input schema; a message's msgpack payload must decode. Only
 * then does the frame go on to Colyseus, which can no longer be made to
 * loop, allocate without bound or log a payload.
 */
import { type Client, ClientState, Protocol, type Room } from '@colyseus/core';
import { Unpackr } from 'msgpackr';
import { CloseCodes, InputState } from '../../shared/protocol.js';
import { logLine, roomRefOf } from '../log.js';
import { type DropReason, metrics } from '../metrics.js';

/** What a room accepts. */
export interface DoorPolicy {
  /** Whether this room reads reliable input frames (the match room does; the lobby does not). */
  readonly input: boolean;
}

/** The door's decision on one frame. */
export type Verdict =
  | { kind: 'pass' }
  /** Not passed on, the sender stays (e.g. a spectator's input, which moves nothing). */
  | { kind: 'ignore' }
  /** Refused: the sender is dropped with {@link CloseCodes.withError}. */
  | { kind: 'drop'; reason: string };

const PASS: Verdict = { kind: 'pass' };
const IGNORE: Verdict = { kind: 'ignore' };
const drop = (reason: string): Verdict => ({ kind: 'drop', reason });

/** Bytes of each primitive an input field may have on the wire. */
const PRIMITIVE_BYTES: Record<string, number> = {
  int8: 1,
  uint8: 1,
  boolean: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};
/** The schema encoder's "add" operation, or-ed with the field index. */
const OP_ADD = 0x80;

/** Per field index of the input schema, its value's byte length. */
function inputFieldSizes(): number[] {
  const meta = (InputState as unknown as Record<symbol, Record<string, { type: unknown; index: number }>>)[
    Symbol.metadata
  ];
  const sizes: number[] = [];
  for (const k of Object.keys(meta)) {
    const f = meta[k];
    const n = typeof f.type === 'string' ? PRIMITIVE_BYTES[f.type] : undefined;
    if (n === undefined) throw new Error(`input field ${k} is not a fixed-size primitive`);
    sizes[f.index] = n;
  }
  return sizes;
}

const FIELD_BYTES = inputFieldSizes();
/** The largest legal input frame: the code byte and every field once. */
const MAX_INPUT_FRAME = 1 + FIELD_BYTES.reduce((n, b) => n + 1 + b, 0);

/**
 * Whether `buf` (a whole ROOM_INPUT_RELIABLE frame) is a sequence of
 * `[ADD | field][value]` with each field at most once — the only shape the
 * SDK's reliable input encoder produces for the input schema. An empty body
 * is a keep-alive.
 */
export function isInputFrame(buf: Uint8Array): boolean {
  if (buf.length > MAX_INPUT_FRAME) return false;
  let seen = 0;
  let i = 1;
  while (i < buf.length) {
    const op = buf[i];
    const field = op & 0x7f;
    if ((op & 0x80) !== OP_ADD || field >= FIELD_BYTES.length || seen & (1 << field)) return false;
    seen |= 1 << field;
    i += 1 + FIELD_BYTES[field];
  }
  return i === buf.length;
}

// A strict decoder for the door's look at payloads; what Colyseus' own unpack would throw on, this throws on.
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/** Read a ROOM_DATA message type as Colyseus does: a msgpack-style string or number. */
function messageType(buf: Uint8Array): { type: string | number; offset: number } | null {
  if (buf.length < 2) return null;
  const b = buf[1];
  if ((b & 0xe0) === 0xa0) {
    const len = b & 0x1f;
    if (2 + len > buf.length) return null;
    return { type: Buffer.from(buf.buffer, buf.byteOffset + 2, len).toString('utf8'), offset: 2 + len };
  }
  if (b === 0xd9 && buf.length >= 3) {
    const len = buf[2];
    if (3 + len > buf.length) return null;
    return { type: Buffer.from(buf.buffer, buf.byteOffset + 3, len).toString('utf8'), offset: 3 + len };
  }
  // Numbers: a positive fixint only (the game names every message with a string).
  if (b < 0x80) return { type: b, offset: 2 };
  return null;
}

/** The verdict on one frame from a client of a room with `policy`. */
export function checkFrame(buf: Uint8Array, policy: DoorPolicy, spectator = false): Verdict {
  if (buf.length === 0) return drop('empty frame');
  const code = buf[0];
  switch (code) {
    case Protocol.ROOM_DATA: {
      const head = messageType(buf);
      if (!head) return drop('unreadable message type');
      // "*" is Colyseus' wildcard: a message of that type would reach the handler of unknown types.
      if (head.type === '*') return drop('message type "*"');
      if (head.offset < buf.length) {
        try {
          unpackr.unpack(buf.subarray(head.offset));
        } catch {
          return drop('undecodable message payload');
        }
      }
      return PASS;
    }
    case Protocol.ROOM_INPUT_RELIABLE:
      if (!policy.input) return drop('input frame in a room without input');
      if (!isInputFrame(buf)) return drop('malformed input frame');
      return spectator ? IGNORE : PASS;
    case Protocol.JOIN_ROOM:
    case Protocol.PING:
    case Protocol.LEAVE_ROOM:
      return buf.length === 1 ? PASS : drop('trailing bytes after a control code');
    default:
      return drop(`protocol code ${code} is not used by this game`);
  }
}

/** What the door reads of its room. */
interface DoorRoom {
  roomId: string;
  roomName: string;
  maxMessagesPerSecond: number;
}

/** What the door reads of a client's Colyseus internals, to count what Colyseus drops. */
interface CountedClient {
  /** Frames in the current second (Colyseus drops the client past the room's maxMessagesPerSecond). */
  _numMessagesLastSecond?: number;
  /** The client's input buffer: its consumed count grows by one when a push overflows it. */
  _inputBuffer?: { consumedCount: number };
}

const refused = new WeakSet<Client>();

/**
 * Whether the door dropped this client for misbehaving: a frame it refused,
 * or a flood past the frame rate. (Colyseus closes with the same 4002 when a
 * reconnection finds the old socket still open, which is no misbehaviour.)
 */
export const droppedForMisbehaving = (client: Client, maxMessagesPerSecond: number): boolean =>
  refused.has(client) ||
  ((client as Client & CountedClient)._numMessagesLastSecond ?? 0) > maxMessagesPerSecond;

/**
 * Put a door in front of `room`'s frame handler. `isSpectator` tells which
 * clients only watch.
 */
export function installDoor(room: Room, policy: DoorPolicy, isSpectator: (client: Client) => boolean): void {
  const r = room as unknown as DoorRoom & { _onMessage: (client: Client, buf: Uint8Array) => void };
  const inner = r._onMessage;
  r._onMessage = function door(this: unknown, client: Client, buf: Uint8Array): void {
    if (refused.has(client)) return;
    if (!(buf instanceof Uint8Array)) {
      dropClient(r, client, 'frame is not binary');
      return;
    }
    const v = checkFrame(buf, policy, isSpectator(client));
    if (v.kind === 'drop') dropClient(r, client, v.reason);
    else if (v.kind === 'ignore') {
      if (buf[0] === Protocol.ROOM_INPUT_RELIABLE && buf.length > 1) metrics.inputDropped('spectator');
    }
    // A message before the join is acknowledged is not read: its answer would wait in a queue that
    // only the acknowledgement empties. (The SDK can send one then: a reconnecting socket is open
    // before the server's JOIN_ROOM arrives, so it is ignored, not punished. Inputs pass: they queue nothing.)
    else if (!(client.state === ClientState.JOINING && buf[0] === Protocol.ROOM_DATA)) passOn(r, client, buf);
  };

  /** Hand the frame to Colyseus, counting what it drops: the client past the frame rate, an input past the buffer. */
  function passOn(r: DoorRoom, client: Client, buf: Uint8Array): void {
    const c = client as Client & CountedClient;
    const max = r.maxMessagesPerSecond;
    const framesBefore = c._numMessagesLastSecond ?? 0;
    const consumedBefore = c._inputBuffer?.consumedCount ?? 0;
    inner.call(room, client, buf);
    if (framesBefore <= max && (c._numMessagesLastSecond ?? 0) > max) metrics.clientDropped('rate');
    else if (buf[0] === Protocol.ROOM_INPUT_RELIABLE && buf.length > 1) {
      metrics.inputDropped('buffer_full', (c._inputBuffer?.consumedCount ?? 0) - consumedBefore);
    }
  }
}

function dropClient(room: DoorRoom, client: Client, reason: string, counted: DropReason = 'bad_frame'): void {
  refused.add(client);
  metrics.recordRefused(counted);
  const ref = roomRefOf(room);
  logLine(`door:${reason}`, `room ${room.roomName} ${ref}: dropped ${client.sessionId}: ${reason}`, {
    room: ref,
  });
  client.leave(CloseCodes.withError, reason);
}

/** Seconds a client has to acknowledge its join before it is dropped. */
export const JOIN_ACK_SECONDS = 5;

/**
 * Until a client acknowledges its join, Colyseus queues everything sent to
 * it; one that never does would grow that queue for as long as the room
 * lives. It gets {@link JOIN_ACK_SECONDS}, then it is dropped.
 */
export function requireJoinAck(room: Room, client: Client): void {
  room.clock.setTimeout(() => {
    if (client.state === ClientState.JOINING && !refused.has(client)) {
      dropClient(room as unknown as DoorRoom, client, 'join never acknowledged', 'no_join_ack');
    }
  }, JOIN_ACK_SECONDS * 1000);
}
