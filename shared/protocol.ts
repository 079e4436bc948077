/**
 * The wire contract between the match room and its clients (people's
 * browsers and bot clients alike): room and message names, join options, the
 * input schema with its sanitiser, payload validators and close codes.
 * docs/PROTOCOL.md explains each of them for people writing their own client.
 */
import { schema, t } from '@colyseus/schema';
import { type BotDifficulty, isBotDifficulty } from './bots/difficulty.js';
import { ESCORT_ROLES, type EscortRole } from './roles.js';
import { BUTTON_MASK, type PlayerInput } from './sim/types.js';

/** Room names the server defines. */
export const ROOM = {
  /** The match room: quick play (`joinOrCreate`), custom (`create`), by id or code (`joinById`). */
  match: 'match',
  /** Colyseus' LobbyRoom: the live listing of public matches. */
  lobby: 'lobby',
  /**
   * Watching a match: `joinOrCreate('watch', {@link WatchOptions})`, one room
   * per match watched. It sends the match's recording ({@link ServerMessage.records}),
   * never newer than the match's spectator delay; it has no state.
   */
  watch: 'watch',
} as const;

/** What a player would like to play: the hunter, any escort, a specific escort, or anything. */
export type RolePreference = 'hunter' | 'escort' | 'any' | EscortRole;
export const ROLE_PREFERENCES: readonly RolePreference[] = ['hunter', 'escort', 'any', ...ESCORT_ROLES];

/** Whether a preference is on the escorts' side ('escort' or a specific escort). */
export const prefersEscort = (p: RolePreference): boolean => p !== 'hunter' && p !== 'any';

/** Quick-play rooms start by themselves after a countdown; custom rooms when their host says so. */
export type RoomMode = 'quick' | 'custom';

export const NAME_MAX = 20;
export const CHAT_MAX = 200;

/**
 * One input frame of a player, sent with the SDK's `room.input()` handle (the
 * server advertises this schema in the join handshake, so a client needs no
 * copy of it). A frame carries one or two **moves** — a move is the input of
 * one simulation step (30 a second): the first four fields are the older
 * move; with `moves` = 2 the `…2` fields are the next one. The game's client
 * sends 15 frames a second of two moves each; a client that never sets
 * `moves` sends one move a frame, 30 frames a second, as before.
 */
export const InputState = schema(
  {
    moveX: t.float32(),
    moveY: t.float32(),
    aim: t.float32(),
    buttons: t.uint8(),
    /** Moves in this frame: 2 = the `…2` fields are a second move; anything else = one. */
    moves: t.uint8(),
    moveX2: t.float32(),
    moveY2: t.float32(),
    aim2: t.float32(),
    buttons2: t.uint8(),
    /**
     * The room's input buffer keeps a copy of every decoded frame until the
     * step that applies it; the room reads only the numbers. A plain object
     * is enough, and building a schema instance per input (30 a second per
     * player) was the largest single cost of receiving input. The first move
     * is the copy itself; a second move hangs on it as `second`.
     */
    clone(): InputFrame {
      const self = this as unknown as WireInput;
      const copy: InputFrame = { moveX: self.moveX, moveY: self.moveY, aim: self.aim, buttons: self.buttons };
      if (self.moves === 2)
        copy.second = { moveX: self.moveX2, moveY: self.moveY2, aim: self.aim2, buttons: self.buttons2 };
      return copy;
    },
  },
  'PlayerInput',
);
export type InputState = InstanceType<typeof InputState>;

/** The wire fields of an input frame (what a client stages on `room.input().data`). */
export interface WireInput extends PlayerInput {
  moves: number;
  moveX2: number;
  moveY2: number;
  aim2: number;
  buttons2: number;
}

/** A decoded input frame as the room buffers it: its first move, and its second one if it has two. */
export interface InputFrame extends PlayerInput {
  second?: PlayerInput;
}

/** Moves a frame of the game's client carries (15 frames a second at the 30 Hz step). */
export const MOVES_PER_FRAME = 2;

/**
 * Stage a frame on the wire input: `first` then, if given, `second` (the
 * next step's move). Only changed fields go out (the SDK's delta encoding):
 * a held key with a still mouse sends an empty frame.
 */
export function stageFrame(wire: WireInput, first: PlayerInput, second?: PlayerInput): void {
  wire.moveX = first.moveX;
  wire.moveY = first.moveY;
  wire.aim = first.aim;
  wire.buttons = first.buttons;
  if (second) {
    wire.moves = 2;
    wire.moveX2 = second.moveX;
    wire.moveY2 = second.moveY;
    wire.aim2 = second.aim;
    wire.buttons2 = second.buttons;
  } else wire.moves = 1;
}

const TAU = Math.PI * 2;

/** A finite number clamped to [lo, hi]; NaN and ±Infinity become `neutral`. */
export function clampFinite(v: unknown, lo: number, hi: number, neutral = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return neutral;
  return v < lo ? lo : v > hi ? hi : v;
}

/** An angle wrapped to [-π, π); NaN and ±Infinity become 0. */
export function wrapAngle(a: unknown): number {
  if (typeof a !== 'number' || !Number.isFinite(a)) return 0;
  if (a >= -Math.PI && a < Math.PI) return a;
  const r = (((a + Math.PI) % TAU) + TAU) % TAU;
  return r - Math.PI;
}

/**
 * Make any decoded input legal, in place: axes clamped to [-1, 1], the aim
 * wrapped, NaN and ±Infinity to neutral, unknown button bits masked off —
 * for a frame's second move too when it has one. Applied by `defineInput` to
 * every frame before the room reads it.
 */
export function sanitizeInput(input: PlayerInput): void {
  input.moveX = clampFinite(input.moveX, -1, 1);
  input.moveY = clampFinite(input.moveY, -1, 1);
  input.aim = wrapAngle(input.aim);
  input.buttons = cleanButtons(input.buttons);
  const frame = input as Partial<WireInput>;
  if (frame.moves === 2) {
    frame.moveX2 = clampFinite(frame.moveX2, -1, 1);
    frame.moveY2 = clampFinite(frame.moveY2, -1, 1);
    frame.aim2 = wrapAngle(frame.aim2);
    frame.buttons2 = cleanButtons(frame.buttons2);
  }
}

const cleanButtons = (b: unknown): number =>
  typeof b === 'number' && Number.isInteger(b) ? b & BUTTON_MASK : 0;

/** Client → server message types. */
export const ClientMessage = {
  /** Lobby: `{ name?, pref? }` — change display name or role preference. */
  profile: 'profile',
  /** Lobby: `{ ready: boolean }`. */
  ready: 'ready',
  /** Lobby, host of a custom room: start the match. No payload. */
  start: 'start',
  /**
   * Lobby, host of a custom room: {@link HostOptions}, any subset:
   * `{ matchSeconds?, police?, civilians?, bots?, difficulty?, spectatorDelay?, map?, hunter? }`.
   */
  options: 'options',
  /** Lobby, host of a custom room: `{ target: sessionId }` — send a player out of the lobby. */
  kick: 'kick',
  /** After the end, any player: the same room goes back to its lobby (same group, settings kept). No payload. */
  rematch: 'rematch',
  /** `{ text, team? }` — chat to all or to the own team, at most one a second (the lobby too). */
  chat: 'chat',
} as const;

/** Server → client message types. */
export const ServerMessage = {
  /** After each patch: the game events this client may know of, as {@link EventWire} tuples. */
  events: 'events',
  /** Once, when the match ends: {@link EndSummary}. */
  end: 'end',
  /** A chat line: {@link ChatLine}. */
  chat: 'chat',
  /** A client message the server refused: `{ type, reason }`. The client stays connected. */
  rejected: 'rejected',
  /** Watch room, once after joining: {@link WatchInfo}. */
  watching: 'watching',
  /**
   * Watch room: bytes — replay records (docs/REPLAY.md: each `u32 length ·
   * u32 CRC-32 · msgpack`, no magic), in the file's order. The first message
   * holds the header, the last keyframe the delay allows and the chunks
   * after it; then each record as soon as the delay allows it.
   */
  records: 'records',
  /**
   * Match room, once after a join: `{ ticket }` — the seat's secret. A client
   * whose match moved to another process of the cluster (a deploy, a crash)
   * joins it again by id with `{ resume: ticket }` and is back in its
   * character (docs/HOSTING.md).
   */
  seat: 'seat',
} as const;

/**
 * How the watch room sends a feed: one delayed by at least
 * `bundleFromDelay` seconds goes out in bundles of `bundleSeconds` of play
 * (fewer, larger sends for a crowd watching a public match); a shorter delay
 * as each second is recorded. A watcher plays that far and a little more
 * behind the newest record it has, so the next send comes before it runs out.
 */
export const WATCH_SEND = { bundleFromDelay: 10, bundleSeconds: 3 } as const;

/** Seconds between two sends of a feed with this delay (0: as records come). */
export const watchSendSeconds = (delay: number): number =>
  delay >= WATCH_SEND.bundleFromDelay ? WATCH_SEND.bundleSeconds : 0;

/** Seconds a watcher plays behind the newest frame it has received. */
export const watchBehindSeconds = (delay: number): number => {
  const every = watchSendSeconds(delay);
  return every > 0 ? every + 1 : 1.5;
};

/** Join options of the watch room. */
export interface WatchOptions {
  /** The match: its room id, or a private room's code. */
  match: string;
  name?: string;
  password?: string;
}

/** What a watcher is told on joining. */
export interface WatchInfo {
  /** The match watched (room id or code). */
  match: string;
  /** Seconds the records run behind the live match. */
  delay: number;
  /** The id of the match's replay on this server ({@link ReplayListing.id}). */
  replay: string;
}

/** A replay's id: its file name on the server without `.lmr`. */
export const REPLAY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** One replay in `GET /api/replays` (newest first). `GET /api/replays/:id` serves its bytes. */
export interface ReplayListing {
  id: string;
  /** The map's display name. */
  map: string;
  /** ISO 8601 start time. */
  startedAt: string;
  /** Game seconds recorded. */
  seconds: number;
  /** Null when the match did not finish (the server stopped mid-match). */
  result: { winner: string; reason: string } | null;
  roles: { role: string; name: string; bot: boolean }[];
  bytes: number;
  /** A match played from another replay's moment: that replay's id and the tick. */
  from?: { replay: string; tick: number };
}

/**
 * Play from here: `create('match', { mode: 'custom', private: true, name,
 * pref, from })` makes a private lobby whose match starts from the world of
 * that replay at that tick (bots in every seat nobody takes). `pref` takes
 * any role: 'hunter' or an escort's name.
 */
export interface PlayFrom {
  replay: string;
  tick: number;
}

export function validateWatch(v: unknown): Valid<{ match: string; name: string }> {
  const o = isObject(v) ? v : {};
  if (typeof o.match !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(o.match))
    return no('match must be a room id or code');
  const name = o.name === undefined ? ok('Spectator') : cleanName(o.name);
  if (!name.ok) return name;
  return ok({ match: o.match, name: name.value });
}

export function validatePlayFrom(v: unknown): Valid<PlayFrom | null> {
  if (v === undefined) return ok(null);
  if (!isObject(v)) return no('from must be { replay, tick }');
  if (typeof v.replay !== 'string' || !REPLAY_ID.test(v.replay)) return no('from.replay must be a replay id');
  if (typeof v.tick !== 'number' || !Number.isInteger(v.tick) || v.tick < 0 || v.tick > 10_000_000)
    return no('from.tick must be a whole number of steps');
  return ok({ replay: v.replay, tick: v.tick });
}

/**
 * One game event as a client receives it: `[type, by, target, x, y, value]`.
 * `by` and `target` are keys of entities in the client's state ('' when the
 * entity is not visible to this client or there is none).
 */
export type EventWire = [type: string, by: string, target: string, x: number, y: number, value: number];

export interface ChatLine {
  name: string;
  /** The sender's role, '' in the lobby or for spectators. */
  role: string;
  text: string;
  team: boolean;
}

export interface EndPlayer {
  name: string;
  role: string;
  bot: boolean;
  stats: Record<string, number>;
}

/** Sent to everyone when the match ends. */
export interface EndSummary {
  winner: 'hunter' | 'escort' | 'none';
  reason: string;
  /** Game seconds when it was decided. */
  time: number;
  noFate: boolean;
  seed: string | number;
  map: string;
  players: EndPlayer[];
  /** The match's replay on this server (`?replay=ID` in the client), null when not recorded. */
  replay: string | null;
}

/**
 * Join errors: the SDK's join or create promise rejects with this `code`
 * (they are HTTP statuses, as matchmaking answers over HTTP) — not close codes.
 */
export const JoinError = {
  badPassword: 401,
  matchFull: 409,
  matchOver: 410,
  badOptions: 422,
  /** Refused for where it comes from: watching a match played from the same address, or the reverse. */
  sameAddress: 403,
  /** The server runs as many matches (or holds as many clients) as it allows. */
  serverFull: 503,
  /** The host removed this browser from this room: it may not join it again. */
  removed: 423,
} as const;

/**
 * WebSocket close codes a client may see. The 4000–4010 range is Colyseus'
 * own; 1009 comes from the WebSocket layer.
 */
export const CloseCodes = {
  /** The client left (`room.leave()`). */
  consented: 4000,
  /** The server is shutting down. */
  serverShutdown: 4001,
  /**
   * Dropped for misbehaving: a flood past the message rate limit, an
   * undecodable message or input, or a frame of a kind the game does not use.
   */
  withError: 4002,
  /** A reconnection failed. */
  failedToReconnect: 4003,
  /** Dropped by the network; the seat is held for reconnection. */
  mayTryReconnect: 4010,
  /** The host sent this player out of the lobby (the reason says so); the reconnection token is void. */
  kicked: 4100,
  /**
   * The match moved to another process of the cluster (this one is
   * draining): join the same room id again with the seat's ticket.
   */
  moved: 4200,
  /** The match ended because of a fault on the server (the match only: the server goes on). */
  roomError: 4500,
  /** A frame larger than the transport's limit (4 KiB). */
  messageTooBig: 1009,
} as const;

/** Bytes a single client frame may have; larger frames close the socket with 1009. */
export const MAX_FRAME_BYTES = 4 * 1024;

/** Result of validating a payload: the clean value, or a reason. */
export type Valid<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Valid<T> => ({ ok: true, value });
const no = <T>(reason: string): Valid<T> => ({ ok: false, reason });
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A display name, as text that shows the same everywhere: compatibility
 * forms folded (NFKC, so full-width and styled letters become plain ones),
 * then only letters, digits, combining marks (at most two on a letter),
 * spaces and `_.'!?#&*+-` kept — no control, format or direction characters,
 * no invisible ones, no brackets (so no name can pass for "Sarah (bot)") —
 * spaces collapsed; 1–20 characters with at least one letter or digit.
 */
export function cleanName(v: unknown): Valid<string> {
  if (typeof v !== 'string') return no('name must be a string');
  if (v.length > NAME_MAX * 8) return no(`name must be at most ${NAME_MAX} characters`);
  const s = v
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\p{M}\p{Zs}_.'!?#&*+-]/gu, '')
    .replace(/(\p{M}{2})\p{M}+/gu, '$1')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(s)) return no('name must have a letter or a digit');
  if (s.length > NAME_MAX) return no(`name must be at most ${NAME_MAX} characters`);
  return ok(s);
}

/** Chat text: control, format and direction characters become spaces; marks stack at most two deep. */
export function cleanText(v: string): string {
  return v
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/gu, ' ')
    .replace(/(\p{M}{2})\p{M}+/gu, '$1')
    .trim();
}

export function cleanPref(v: unknown): Valid<RolePreference> {
  return ROLE_PREFERENCES.includes(v as RolePreference)
    ? ok(v as RolePreference)
    : no(`pref must be one of ${ROLE_PREFERENCES.join(', ')}`);
}

export interface JoinOptions {
  name: string;
  pref: RolePreference;
  spectator: boolean;
  /** The seat's ticket ({@link ServerMessage.seat}): back into one's character in a match that moved. */
  resume: string | null;
  /**
   * The browser's own random key (the client keeps it in localStorage): a
   * held place is taken back without a ticket — a second tab, another
   * window — only by the same name from the same browser.
   */
  device: string | null;
}

/** A seat ticket (and a browser's key): base64url, as the server and the client make them. */
/** The letters of a private room's code: no I, O, 0 or 1, which read alike. */
export const ROOM_CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;
const ROOM_CODE = /^[A-Z0-9]{6}$/i;

/** Whether `v` could be a private room's code as typed or linked: six letters and digits, any case. */
export const isRoomCodeShaped = (v: string): boolean => ROOM_CODE.test(v);

/**
 * Whether a room id is a private room's code (the server names a private
 * room by its code, in capitals; a public room's id is Colyseus' own, longer).
 */
export const isCodeRoomId = (roomId: string): boolean =>
  ROOM_CODE.test(roomId) && roomId === roomId.toUpperCase();

const TICKET = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether `v` has a seat ticket's (and a browser key's) shape: base64url, 16–64 characters. */
export const isTicketShaped = (v: unknown): v is string => typeof v === 'string' && TICKET.test(v);

/** Join options of a player or spectator; missing fields get defaults, wrong ones are refused. */
export function validateJoin(v: unknown, fallbackName: string): Valid<JoinOptions> {
  const o = isObject(v) ? v : {};
  const name = o.name === undefined ? ok(fallbackName) : cleanName(o.name);
  if (!name.ok) return name;
  const pref = o.pref === undefined ? ok<RolePreference>('any') : cleanPref(o.pref);
  if (!pref.ok) return pref;
  if (o.spectator !== undefined && typeof o.spectator !== 'boolean') return no('spectator must be a boolean');
  if (o.resume !== undefined && !isTicketShaped(o.resume)) return no('resume must be a seat ticket');
  const resume = isTicketShaped(o.resume) ? o.resume : null;
  if (o.device !== undefined && !isTicketShaped(o.device))
    return no('device must be a browser key (16 to 64 base64url characters)');
  const device = isTicketShaped(o.device) ? o.device : null;
  return ok({ name: name.value, pref: pref.value, spectator: o.spectator === true, resume, device });
}

export function validateProfile(v: unknown): Valid<{ name?: string; pref?: RolePreference }> {
  if (!isObject(v)) return no('profile must be an object');
  const out: { name?: string; pref?: RolePreference } = {};
  if (v.name !== undefined) {
    const n = cleanName(v.name);
    if (!n.ok) return n;
    out.name = n.value;
  }
  if (v.pref !== undefined) {
    const p = cleanPref(v.pref);
    if (!p.ok) return p;
    out.pref = p.value;
  }
  return ok(out);
}

export function validateReady(v: unknown): Valid<boolean> {
  if (!isObject(v) || typeof v.ready !== 'boolean') return no('ready must be { ready: boolean }');
  return ok(v.ready);
}

export function validateChat(v: unknown): Valid<{ text: string; team: boolean }> {
  if (!isObject(v) || typeof v.text !== 'string') return no('chat must be { text: string, team?: boolean }');
  if (v.team !== undefined && typeof v.team !== 'boolean') return no('team must be a boolean');
  if (v.text.length > CHAT_MAX * 4) return no(`chat text must be at most ${CHAT_MAX} characters`);
  const text = cleanText(v.text);
  if (text.length === 0) return no('chat text must not be empty');
  if (text.length > CHAT_MAX) return no(`chat text must be at most ${CHAT_MAX} characters`);
  return ok({ text, team: v.team === true });
}

/** The match options a host may set (★ in GAME.md), with their bounds. */
export interface HostOptions {
  matchSeconds: number;
  police: number;
  civilians: number;
  bots: boolean;
  /** How well the bots play. */
  difficulty: BotDifficulty;
  /** Seconds the spectators' view runs behind the match (stored and listed; the delayed stream is to come). */
  spectatorDelay: number;
  /** A map name from the server's maps folder (the room checks that it has it). */
  map: string;
  /** Session id of the player the host picks as the hunter; '' = the preferences decide. */
  hunter: string;
}

export const HOST_OPTION_BOUNDS = {
  matchSeconds: [10, 3600],
  police: [0, 100],
  civilians: [0, 500],
  spectatorDelay: [0, 300],
} as const;

/** A map name as the maps folder spells it. */
export const MAP_NAME = /^[a-z0-9_-]{1,40}$/i;

/** A partial set of host options; every present field must be valid. */
export function validateHostOptions(v: unknown): Valid<Partial<HostOptions>> {
  if (!isObject(v)) return no('options must be an object');
  const out: Partial<HostOptions> = {};
  for (const key of ['matchSeconds', 'police', 'civilians', 'spectatorDelay'] as const) {
    const x = v[key];
    if (x === undefined) continue;
    const [lo, hi] = HOST_OPTION_BOUNDS[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) {
      return no(`${key} must be a number from ${lo} to ${hi}`);
    }
    out[key] = key === 'matchSeconds' ? x : Math.round(x);
  }
  if (v.bots !== undefined) {
    if (typeof v.bots !== 'boolean') return no('bots must be a boolean');
    out.bots = v.bots;
  }
  if (v.difficulty !== undefined) {
    if (!isBotDifficulty(v.difficulty)) return no('difficulty must be easy, normal or hard');
    out.difficulty = v.difficulty;
  }
  if (v.map !== undefined) {
    if (typeof v.map !== 'string' || !MAP_NAME.test(v.map)) return no('map must be the name of a map');
    out.map = v.map;
  }
  if (v.hunter !== undefined) {
    if (typeof v.hunter !== 'string' || v.hunter.length > 64) return no('hunter must be a session id or ""');
    out.hunter = v.hunter;
  }
  return ok(out);
}

/** `{ target }` of a kick: a session id. */
export function validateKick(v: unknown): Valid<string> {
  if (!isObject(v) || typeof v.target !== 'string' || v.target.length === 0 || v.target.length > 64)
    return no('kick must be { target: sessionId }');
  return ok(v.target);
}
