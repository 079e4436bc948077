/**
 * The match room: a thin adapter between Colyseus and the simulation. It runs
 * the lobby (join, preference, ready, countdown, host start), assigns roles,
 * steps the shared simulation on a fixed 30 Hz timestep with sanitised
 * inputs, copies the world into each client's view before the 20 Hz patches,
 * and sends the result at the end. No game rules live here.
 */
import { createHash } from 'node:crypto';
import {
  type AuthContext,
  type Client,
  type Delayed,
  getMessageBytes,
  matchMaker,
  Protocol,
  Room,
  type RoomException,
  type RoomMethodName,
  ServerError,
} from '@colyseus/core';
import type { StateView } from '@colyseus/schema';
import {
  CloseCodes,
  InputState,
  JoinError,
  ROOM_CODE_CHARS,
  ROOM_CODE_LENGTH,
  ServerMessage,
  sanitizeInput,
  validateJoin,
} from '../../shared/protocol.js';
import type { PlayerRole } from '../../shared/roles.js';
import { MatchState } from '../../shared/schema/MatchState.js';
import { callOff } from '../../shared/sim/acts.js';
import type { Viewer } from '../../shared/sim/perception.js';
import { viewerOf } from '../../shared/sim/vision.js';
import { TICK_HZ } from '../../shared/tuning.js';
import { type ClusterRoom, forget, matchLog, pendingResumes } from '../cluster/cluster.js';
import type { LoadedMatch, MatchLog, MatchMeta } from '../cluster/matchLog.js';
import { clusterStatus } from '../cluster/status.js';
import type { ServerConfig } from '../config.js';
import { errorLine, logLine, roomRef } from '../log.js';
import { listMaps } from '../mapFiles.js';
import { movesOf } from '../match/InputPacer.js';
import type { MatchRun } from '../match/MatchRun.js';
import { MatchRun as Run } from '../match/MatchRun.js';
import { metrics } from '../metrics.js';
import { contextAddress } from '../net/address.js';
import { BoundedTable } from '../net/boundedTable.js';
import { startRecording } from '../replay/index.js';
import type { Recorder } from '../replay/Recorder.js';
import { type Watched, watchedMatch } from '../watch/registry.js';
import { SpectatorFeed } from '../watch/SpectatorFeed.js';
import { admission } from './admission.js';
import { droppedForMisbehaving, installDoor, requireJoinAck } from './door.js';
import { bindMessages } from './messages.js';
import { requirePassword } from './password.js';
import { capWaitingSeats } from './pendingSeats.js';
import { MAX_PLAYERS, type Member, Roster } from './Roster.js';
import { dropInRole } from './roles.js';
import type { MessageHost } from './roomHost.js';
import { loadFrom, type RoomSettings, restoredSettings, roomSettings, SHORT_COUNTDOWN } from './settings.js';
import { beginMatch, mapFor } from './startMatch.js';
import { newTicket, ticketHash } from './tickets.js';

const ROOM_ERROR_TEXT = 'the match ended because of a server error';
const KICKED_TEXT = 'the host removed you from the lobby';
/** What someone the host removed reads when they try this room again. */
const REMOVED_TEXT = 'the host removed you from this match';
/** Removed browsers (or addresses) a room remembers; past it, the oldest is forgotten. */
const MAX_BARRED = 256;
/** What a removal bars: the browser (its key's hash), or the address of a client that sends no key. */
const barKey = (device: string, address: string): string =>
  device ? `device:${device}` : `address:${address}`;

/**
 * A private room's code, from the id Colyseus gave the room (random, from
 * node:crypto): the same id gives the same code in every process, so a
 * room creation that timed out and was made twice (the asked process was
 * slow, the asking one made it itself — colyseus#978) is one room — the
 * late copy finds its code taken and is not made.
 */
async function codeFor(roomId: string): Promise<string> {
  const bytes = createHash('sha256').update(roomId).digest();
  const code = Array.from(
    { length: ROOM_CODE_LENGTH },
    (_, i) => ROOM_CODE_CHARS[bytes[i] % ROOM_CODE_CHARS.length],
  ).join('');
  if ((await matchMaker.query({ roomId: code })).length > 0)
    throw new ServerError(JoinError.serverFull, 'that room code is taken: try again');
  return code;
}

/** Seconds a reserved seat waits for its websocket (Colyseus' default is 15). */
const SEAT_RESERVATION_SECONDS = 8;
/**
 * A match in play takes no newcomer from quick play or the list with less
 * than this left on its Judgment Day clock: they would land in its last
 * moments, behind a briefing.
 */
export const JOIN_MIN_CLOCK_SECONDS = 120;
/** Seconds an ended match stays open (for the end screen and spectators). */
const ENDED_LINGER = 60;
const AFTER_PATCH = { afterNextPatch: true } as const;

/** Match rooms alive in this process (the per-process cap counts them). */
let liveRooms = 0;

/** A dropped person's place, held for a reconnection: the pending reconnection and the dropped client. */
type Held = { reconnection: ReturnType<Room['allowReconnection']>; client: Client };

/** The match rooms of this process (a drain lets them finish or calls them off). */
export const matchRooms = new Set<MatchRoom>();

export class MatchRoom
  extends Room<{ state: MatchState; input: InputState }>
  implements MessageHost, ClusterRoom
{
  /** Set by the app: the server's validated config. */
  static config: ServerConfig;

  /** Each client's input frames read as moves, one a step (a frame carries one or two; InputPacer.ts): `consumedCount` counts moves. */
  override inputs = movesOf(
    this.defineInput(InputState, {
      sanitize: sanitizeInput,
      idle: ({ latest }) => latest ?? true,
      bufferMaxSize: 16,
    }),
  );
  settings!: RoomSettings;
  run: MatchRun | null = null;
  roster!: Roster;
  private countdownSteps = -1;
  private readonly eventFrames: Record<Viewer, Uint8Array | null> = {
    escort: null,
    hunter: null,
    spectator: null,
  };

  /** The match ended by a fault of its own (see onUncaughtException): nothing more runs. */
  private failed = false;
  private counted = false;
  /** Who hunted in this room's matches (the rotation on a rematch reads it). */
  readonly hunterHistory: { hunted: Map<string, number>; last: string | null } = {
    hunted: new Map(),
    last: null,
  };
  /** Places held for a dropped person (see heldKind): the pending reconnection and the dropped client. */
  private readonly held = new Map<string, Held>();
  /** Whether the listing last said a person can take a seat here. */
  private listedOpen = false;
  /** Sessions the host kicked: no reconnection is held for them. */
  private readonly kicked = new Set<string>();
  /**
   * Who the host removed may not join this room again: their browser (its
   * key's hash), or, for a client that sent no browser key, their address
   * for joins without one. A browser's friends behind the same address are
   * not barred.
   */
  private readonly barred = new BoundedTable<true>(MAX_BARRED, () => false);
  /** A match ended by a rematch whose clients' views wait for the next patch (retireViews). */
  private retiring: { run: MatchRun; views: StateView[] } | null = null;
  /** The ended room's closing, cancelled by a rematch. */
  private closing: Delayed | null = null;
  /** The recording of the match in play (server/replay). */
  private recorder: Recorder | null = null;
  /** This match as spectators watch it (server/watch): its feed and its watchers. */
  private watched: Watched | null = null;
  private feed: SpectatorFeed | null = null;
  /** The match's resume record in the cluster (server/cluster): null when this process runs alone. */
  private log: MatchLog | null = null;
  /** Handed over (or being): no more steps here. */
  private frozen = false;
  /** People of a match resumed here who have not come back yet: their placeholder session ids. */
  private readonly awayFromMove = new Set<string>();

  get config(): ServerConfig {
    return (this.constructor as typeof MatchRoom).config;
  }

  /** The room as logs name it: a private room's id is its join code, never logged (server/log.ts). */
  get ref(): string {
    return roomRef(this.roomId, this.settings?.private !== false);
  }

  override async onCreate(options: unknown): Promise<void> {
    // A match another process handed over (or lost in a crash), made here under its own id (server/cluster).
    const resumed = pendingResumes.get(this.roomId) ?? null;
    const settings = resumed
      ? await restoredSettings(resumed.meta, this.config)
      : roomSettings(options, this.config);
    if (typeof settings === 'string') throw new ServerError(JoinError.badOptions, settings);
    const join = validateJoin(options, 'Player');
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    // Play from here: the replay's world at that moment, or the reason it cannot be.
    if (!resumed) await loadFrom(settings, this.config);
    // An unknown or broken map is refused now, not when the match starts.
    try {
      mapFor(settings.map, settings.worldScale);
    } catch {
      throw new ServerError(JoinError.badOptions, `map ${settings.map} is not a map this server has`);
    }
    if (clusterStatus.draining && !resumed) {
      throw new ServerError(JoinError.serverFull, 'the server is shutting down: no new match here');
    }
    if (liveRooms >= this.config.maxRooms) {
      throw new ServerError(JoinError.serverFull, 'the server is full: no room for another match');
    }
    liveRooms++;
    this.counted = true;
    matchRooms.add(this);
    this.settings = settings;
    this.state = new MatchState();
    this.roster = new Roster(this.state);
    this.state.phase = 'lobby';
    this.state.mode = settings.mode;
    this.state.map = settings.map ?? '';
    const o = this.state.options;
    o.matchSeconds = settings.options.judgmentDaySeconds;
    o.police = settings.options.police;
    o.civilians = settings.options.civilians;
    o.bots = settings.options.bots;
    o.difficulty = settings.difficulty;
    o.spectatorDelay = settings.spectatorDelay;
    o.maps.push(...listMaps());
    o.fromReplay = settings.resumed?.replay ?? '';
    o.fromTick = settings.resumed?.tick ?? 0;
    o.fromNote = settings.resumed?.note ?? '';
    this.maxClients = MAX_PLAYERS + this.config.maxSpectators;
    // A seat reserved over HTTP and never taken holds a place in the room this long.
    this.seatReservationTimeout = SEAT_RESERVATION_SECONDS;
    // …and one address may have only a few such places waiting at once, so none can fill the room.
    capWaitingSeats(this, () => (this.settings.private ? MAX_PLAYERS : this.config.maxSeatsPerAddress));
    this.maxMessagesPerSecond = this.config.maxMessagesPerSecond;
    this.patchRate = 1000 / 20;
    if (settings.private) {
      if (!resumed) this.roomId = await codeFor(this.roomId);
      await this.setPrivate(true);
    }
    this.watch();
    installDoor(this, { input: true }, (client) => this.roster.get(client.sessionId)?.spectator === true);
    bindMessages(this);
    this.setFixedTimestep(() => this.fixedStep(), TICK_HZ);
    this.log = matchLog(this);
    if (resumed) this.restore(resumed);
    else this.log?.touch();
    await this.updateListing();
  }

  /**
   * A match moved here (server/cluster): its people as placeholders until
   * each comes back with their seat ticket, the world where the record left
   * it, a recording and feed of its own from here.
   */
  private restore({ meta, world }: LoadedMatch): void {
    const o = this.state.options;
    const mo = meta.options;
    o.matchSeconds = Number(mo.matchSeconds) || o.matchSeconds;
    o.police = Number(mo.police) || 0;
    o.civilians = Number(mo.civilians) || 0;
    o.bots = mo.bots !== false;
    o.difficulty = String(mo.difficulty ?? o.difficulty);
    this.state.map = meta.map;
    const sidOf = new Map<string, string>();
    for (const m of meta.members) {
      const sid = `away-${m.ticket.slice(0, 16)}`;
      sidOf.set(m.ticket, sid);
      this.roster.join(sid, { ...m, role: null, pref: m.pref as Member['pref'] });
      if (m.spectator) this.roster.watch(sid);
      this.roster.setReady(sid, m.ready);
      this.roster.setConnected(sid, false);
      this.awayFromMove.add(sid);
    }
    for (const m of meta.members) {
      const slot = this.state.players.get(sidOf.get(m.ticket)!);
      if (slot) slot.host = m.host;
    }
    const hunter = typeof mo.hunter === 'string' ? sidOf.get(mo.hunter) : undefined;
    o.hunter = hunter ?? '';
    for (const [t, n] of meta.hunterHistory.hunted) {
      const sid = sidOf.get(t);
      if (sid) this.hunterHistory.hunted.set(sid, n);
    }
    this.hunterHistory.last = meta.hunterHistory.last ? (sidOf.get(meta.hunterHistory.last) ?? null) : null;
    // Whom the host removed stays removed on this process too.
    for (const key of meta.barred ?? []) this.barred.use(key, 0, () => true);
    if (meta.phase === 'playing' && world) {
      const run = new Run(this.state, {
        map: world.map,
        seed: world.seed,
        options: world.options,
        world,
        autopilot: this.settings.autopilot,
        difficulty: (o.difficulty || this.settings.difficulty) as RoomSettings['difficulty'],
        seats: meta.seats.map((s) => ({
          role: s.role,
          sessionId: s.ticket ? (sidOf.get(s.ticket) ?? null) : null,
          name: s.name,
        })),
      });
      this.run = run;
      for (const seat of run.seats.values()) {
        if (seat.sessionId === null) {
          this.roster.showBot(seat.role);
          continue;
        }
        this.roster.seat(seat.sessionId, seat.role);
        // The character stands where it was while its player comes back (then a bot plays it, as after a drop).
        run.away(seat.role);
      }
      this.record(run);
      this.state.phase = 'playing';
      this.log?.begin(world);
      run.resumeLog = this.log;
    } else if (meta.phase === 'countdown' && meta.countdownSteps > 0) {
      this.state.phase = 'countdown';
      this.countdownSteps = meta.countdownSteps;
      this.state.countdown = Math.ceil(this.countdownSteps / TICK_HZ);
    } else {
      this.state.phase = 'lobby';
      this.log?.touch();
    }
    // Nobody may have joined yet: the room waits for its people (and a bot match for its watchers).
    this.autoDispose = false;
    this.clock.setTimeout(() => this.expireAway(), this.config.reconnectSeconds * 1000);
  }

  /** People of a moved match who did not come back in time leave it (a bot plays their character). */
  private expireAway(): void {
    for (const sid of [...this.awayFromMove]) {
      this.awayFromMove.delete(sid);
      const m = this.roster.leave(sid);
      if (m?.role) this.toBot(m.role);
    }
    this.keepForWatchers();
    void this.updateListing().catch(() => undefined);
  }

  /** A person left for good: a bot takes over the character for the rest of the match. */
  private toBot(role: PlayerRole): void {
    if (!this.run) return;
    this.run.release(role);
    if (!this.run.over) this.roster.showBot(role);
  }

  /** The match's resume record: who is here and how the room is set up (server/cluster). */
  meta(): MatchMeta {
    const ticketOf = (sid: string | null | undefined) =>
      sid ? (this.roster.get(sid)?.ticket ?? null) : null;
    const members: MatchMeta['members'] = [];
    for (const [sid, slot] of this.roster.people()) {
      const m = this.roster.get(sid);
      if (!m?.ticket) continue;
      members.push({
        ticket: m.ticket,
        name: m.name,
        pref: m.pref,
        role: m.role,
        spectator: m.spectator,
        address: m.address,
        device: m.device,
        host: slot.host,
        ready: slot.ready,
      });
    }
    const run = this.run;
    const { resumed: _world, ...settings } = this.settings;
    const o = this.state.options;
    return {
      v: 1,
      roomId: this.roomId,
      phase: this.state.phase as MatchMeta['phase'],
      countdownSteps: this.countdownSteps,
      settings: settings as unknown as Record<string, unknown>,
      options: {
        matchSeconds: o.matchSeconds,
        police: o.police,
        civilians: o.civilians,
        bots: o.bots,
        difficulty: o.difficulty,
        hunter: ticketOf(o.hunter),
      },
      map: this.state.map,
      members,
      roles: run ? (Object.keys(run.world.players) as MatchMeta['roles']) : [],
      seats: run
        ? [...run.seats.values()].map((s) => ({
            role: s.role,
            ticket: ticketOf(s.sessionId),
            name: s.name,
          }))
        : [],
      hunterHistory: {
        hunted: [...this.hunterHistory.hunted]
          .map(([sid, n]) => [ticketOf(sid), n] as [string | null, number])
          .filter((e): e is [string, number] => e[0] !== null),
        last: ticketOf(this.hunterHistory.last),
      },
      barred: [...this.barred.keys()],
    };
  }

  /** A match is being played here. */
  get playing(): boolean {
    return this.state.phase === 'playing' && !this.failed && !this.frozen && this.run !== null;
  }

  /** The server shuts down and no other process took this match: it ends now, no winner, results and replay saved. */
  callOff(): void {
    if (!this.playing || !this.run) return;
    logLine(
      'called-off',
      `room ${this.ref}: match called off at ${this.run.world.time.toFixed(1)} s: the server is shutting down`,
    );
    callOff(this.run.world);
    this.endMatch();
  }

  movable(): boolean {
    return !this.failed && !this.frozen && this.state.phase !== 'ended';
  }

  /** Handover: stop here and write the record exactly as the world is now. */
  async freeze(): Promise<void> {
    this.frozen = true;
    this.lock();
    await this.log?.final(this.state.phase === 'playing' ? (this.run?.world ?? null) : null);
  }

  thaw(): void {
    this.frozen = false;
    void this.unlock();
  }

  /** Another process took this match: every client goes there (same room id, seat tickets); this copy closes. */
  moved(): void {
    this.frozen = true;
    this.log?.stop();
    this.log = null;
    forget(this);
    this.recorder?.close();
    this.recorder = null;
    this.feed?.close();
    this.watched?.moved();
    this.watched = null;
    // The room id is the other process's now: disposing this copy must not take its listing away.
    (this as unknown as { _listing: { roomId?: string } })._listing.roomId = undefined;
    for (const client of [...this.clients])
      client.leave(CloseCodes.moved, 'the match moved to another server');
    void this.disconnect(CloseCodes.moved).catch(() => undefined);
  }

  rebase(): void {
    this.log?.rebase();
  }

  /** Another process owns this match now (it took it while this one stalled): stop, send everyone there. */
  fenced(): void {
    logLine('cluster-fenced', `room ${this.ref}: another process runs this match now; closing this copy`, {
      level: 'warn',
    });
    this.moved();
  }

  /** Open this match to the watch room (server/watch): who may not watch it, and the count in the listing. */
  private watch(): void {
    const w = watchedMatch(this.roomId, true);
    this.watched = w;
    // Someone playing a character still in the match may not watch it (their own eyes see their side).
    w.playsLive = (address) =>
      this.state.phase !== 'ended' &&
      [...this.roster.all()].some((m) => {
        if (m.spectator || m.address !== address) return false;
        const id = m.role && this.run ? this.run.world.players[m.role] : undefined;
        return id === undefined || this.run?.world.entities[id]?.life !== 'eliminated';
      });
    w.delay = () => this.state.options.spectatorDelay;
    w.onWatchers = (n) => {
      this.state.spectators = n;
      this.keepForWatchers();
      void this.updateListing().catch(() => undefined);
    };
  }

  /**
   * A match in play goes on while it is watched, even with no player left in
   * the room (bots play every seat): Colyseus would close a room with no
   * client, and its watchers would be left without an end.
   */
  private keepForWatchers(): void {
    this.autoDispose = !(this.state.phase === 'playing' && (this.watched?.watchers ?? 0) > 0);
  }

  /**
   * The room's auth, at matchmaking (the room type's static `onAuth`, app.ts):
   * the password and the join options, and the address that asked — which
   * the seat reservation carries, so that a room can count what one address
   * asked for before its websocket comes (pendingSeats.ts).
   */
  static admit(config: ServerConfig, options: unknown, context: AuthContext): { address: string } {
    requirePassword(options, config.password);
    const join = validateJoin(options, 'Player');
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    return { address: contextAddress(context) };
  }

  override onJoin(client: Client, options: unknown, auth?: { address?: string }): void {
    if (this.failed) throw new ServerError(JoinError.matchOver, 'the match is over');
    const join = validateJoin(options, `Player ${this.state.players.size + 1}`);
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    const { name, pref, spectator, resume } = join.value;
    const device = join.value.device ? ticketHash(join.value.device) : '';
    if (spectator) {
      throw new ServerError(
        JoinError.badOptions,
        "spectators join the watch room: joinOrCreate('watch', { match })",
      );
    }
    const address = auth?.address ?? 'unknown';
    const phase = this.state.phase;
    // Back with a seat ticket (the match moved here, or a reload): that person's place, whoever holds it now.
    const ticketed = resume ? this.roster.awayByTicket(ticketHash(resume)) : undefined;
    // Else the same person (name, address and browser) back without it — a second tab, another
    // window — takes their held place back rather than being listed twice.
    const kind = this.heldKind();
    const held =
      ticketed ?? (kind ? this.roster.heldPlaceOf(name, address, device, kind === 'seat') : undefined);
    // Watching through the watch room counts only behind a delay (with none there is nothing to hide).
    const watching = this.state.options.spectatorDelay > 0 && this.watched?.watchedFrom(address) === true;
    if (!held && this.barred.peek(barKey(device, address))) {
      throw new ServerError(JoinError.removed, REMOVED_TEXT);
    }
    const refusal = admission(this, this.config, address, watching, held);
    if (refusal) throw refusal;
    requireJoinAck(this, client);
    if (phase === 'ended') throw new ServerError(JoinError.matchOver, 'the match is over');
    if (held && phase === 'playing' && this.roster.get(held)?.role) {
      this.takeOver(held, client, address);
    } else if (held) {
      // A lobby place (or a person with no role) taken back: the same line in the roster.
      this.roster.replace(held, client.sessionId, address);
      this.unhold(held)?.reconnection.reject(new Error('the place was taken back by a new session'));
    } else if (phase === 'playing') {
      const role = this.run ? dropInRole(pref, this.run.botRoles()) : null;
      if (!role || !this.run) throw new ServerError(JoinError.matchFull, 'every role is taken');
      this.roster.join(client.sessionId, { name, pref, spectator: false, role, address, device });
      this.run.seats.get(role)!.name = name;
      client.view = this.run.attach(client.sessionId, role);
    } else {
      if (this.roster.people().length >= MAX_PLAYERS)
        throw new ServerError(JoinError.matchFull, 'the lobby is full');
      this.roster.join(client.sessionId, { name, pref, spectator: false, role: null, address, device });
      if (this.settings.mode === 'quick' && this.countdownSteps < 0)
        this.startCountdown(this.settings.countdown);
    }
    const member = this.roster.get(client.sessionId);
    if (member && !(ticketed && resume)) {
      // A new person (or one back without their ticket) gets a fresh one: only they can show it.
      const t = newTicket();
      member.ticket = t.hash;
      client.send(ServerMessage.seat, { ticket: t.ticket });
    }
    void this.updateListing();
  }

  override async onDrop(client: Client, code?: number): Promise<void> {
    const m = this.roster.get(client.sessionId);
    // A player's place is held in play (their character) and in the lobby (their place, host and
    // ready included: a host who reloads keeps the room and the code their friends were sent).
    // Nothing is held after the end, for a spectator or for a kicked player: onLeave follows.
    if (!m || m.spectator || this.kicked.has(client.sessionId)) return;
    // Nor for a client dropped for misbehaving (a refused frame, a flood past the rate limit, a frame
    // too big): it is closed at once, not kept open and deaf for the reconnection window, and its
    // token is void. (Not every 4002: Colyseus closes with it an old socket a reconnection replaces.)
    if (code === CloseCodes.messageTooBig || droppedForMisbehaving(client, this.maxMessagesPerSecond)) return;
    const kind = this.heldKind();
    if (kind === null) return;
    if (kind === 'seat') {
      if (!m.role) return;
      this.run!.away(m.role);
    }
    this.roster.setConnected(client.sessionId, false);
    const reconnection = this.allowReconnection(client, this.config.reconnectSeconds);
    this.held.set(client.sessionId, { reconnection, client });
    try {
      await reconnection;
    } catch {
      // The seat's reservation expired (or the person came back by a fresh join):
      // onLeave follows and a bot keeps the role.
    } finally {
      this.held.delete(client.sessionId);
    }
  }

  /**
   * What a dropped person keeps in this phase: in play their seat (their
   * character: a role is needed), in the lobby and countdown their place;
   * nothing after the end.
   */
  private heldKind(): 'seat' | 'place' | null {
    const phase = this.state.phase;
    if (phase === 'playing') return this.run ? 'seat' : null;
    return phase === 'lobby' || phase === 'countdown' ? 'place' : null;
  }

  /**
   * A fresh join of the person whose seat is held for a reconnection (same
   * name, same address: a page reloaded without its token, or joined again
   * from the list) takes that seat back — the same character, where it
   * stands — instead of a bot's seat; the old session's reconnection is void.
   */
  private takeOver(oldId: string, client: Client, address: string): void {
    const run = this.run!;
    const m = this.roster.replace(oldId, client.sessionId, address);
    if (!m?.role) throw new ServerError(JoinError.matchFull, 'every role is taken');
    const h = this.unhold(oldId);
    if (h?.client.view) run.detach(h.client.view);
    run.seats.get(m.role)!.name = m.name;
    client.view = run.attach(client.sessionId, m.role);
    // The rotation remembers the person, not the session.
    const history = this.hunterHistory;
    const hunted = history.hunted.get(oldId);
    history.hunted.delete(oldId);
    if (hunted) history.hunted.set(client.sessionId, hunted);
    if (history.last === oldId) history.last = client.sessionId;
    h?.reconnection.reject(new Error('the seat was taken back by a new session'));
  }

  /** The person of session `id` is back by a fresh session: nothing is held or awaited for the old one (its pending reconnection, if any, is returned for the caller to void). */
  private unhold(id: string): Held | undefined {
    const h = this.held.get(id);
    this.held.delete(id);
    this.awayFromMove.delete(id);
    return h;
  }

  override onReconnect(client: Client): void {
    const m = this.roster.get(client.sessionId);
    if (m?.role && this.run) {
      // Dropped in the lobby and back once the match had begun: their eyes are given now.
      if (!client.view && this.state.phase === 'playing')
        client.view = this.run.attach(client.sessionId, m.role);
      this.run.reconnected(m.role);
    }
    this.roster.setConnected(client.sessionId, true);
  }

  override onLeave(client: Client): void {
    const m = this.roster.leave(client.sessionId);
    this.kicked.delete(client.sessionId);
    if (!m) return;
    if (client.view && this.run) this.run.detach(client.view);
    if (this.state.options.hunter === client.sessionId) this.state.options.hunter = '';
    if (m.spectator && !m.role) {
      void this.updateListing();
      return;
    }
    if (m.role && this.run) this.toBot(m.role);
    else if (this.roster.people().length === 0) this.cancelCountdown();
    void this.updateListing();
  }

  /**
   * A fault inside this room — a handler, the fixed step, a timer, a join or
   * leave — ends this match and nothing else: the error is logged once, the
   * players are told with {@link CloseCodes.roomError} and a message, and
   * the room closes. A refusal (a ServerError thrown on purpose while
   * creating or joining) is not a fault.
   */
  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    const cause = (error as Error).cause;
    if (cause instanceof ServerError) return;
    logLine(`room-fault:${method}`, `room ${this.ref}: ${method} failed: ${errorLine(cause ?? error)}`);
    metrics.recordRoomFault();
    // Creation and auth changed nothing: that one call fails, the room (if any) goes on.
    if (method === 'onCreate' || method === 'onAuth') return;
    this.abort();
  }

  /** End the match after a fault: stop stepping, tell everyone, close. */
  private abort(): void {
    if (this.failed) return;
    if (this.state.phase === 'playing') metrics.matchEnded('aborted');
    this.failed = true;
    this.state.phase = 'ended';
    const time = this.run?.world.time ?? 0;
    logLine(
      'room-aborted',
      `room ${this.ref}: match ended by a server error at ${time.toFixed(1)} s (act ${this.run?.world.act ?? 0})`,
    );
    void this.updateListing().catch(() => undefined);
    this.recorder?.close();
    this.feed?.close();
    for (const client of [...this.clients]) client.leave(CloseCodes.roomError, ROOM_ERROR_TEXT);
    void this.disconnect(CloseCodes.roomError).catch(() => undefined);
  }

  /** Patches run on Colyseus' own timer, outside the room's guards: a fault there is the room's. */
  override broadcastPatch(): boolean {
    if (this.failed) return false;
    try {
      const sent = super.broadcastPatch();
      this.retireViews();
      return sent;
    } catch (e) {
      this.onUncaughtException(
        new Error('patch failed', { cause: e }) as RoomException,
        'onBeforePatch' as RoomMethodName,
      );
      return false;
    }
  }

  override onDispose(): void {
    // A match gone mid-play (not moved to another process): counted as abandoned.
    if (this.state?.phase === 'playing' && !this.failed && !this.frozen) metrics.matchEnded('abandoned');
    // A room gone mid-match leaves its recording playable to the last chunk (and its feed ends there).
    // After the end, the end record (written by the recording worker a moment later) closes the feed.
    if (this.recorder) {
      this.recorder.close();
      this.recorder = null;
      this.feed?.close();
    } else if (this.feed) {
      // Should the end record never come (the disk refused it), the feed still ends.
      const feed = this.feed;
      setTimeout(() => feed.close(), 10_000).unref();
    }
    const watched = this.watched;
    if (watched) {
      watched.roomGone = true;
      watched.onWatchers = null;
      watched.playsLive = () => false;
      watched.sweep();
      // Once the delay has let the last records out, nothing needs the entry: forget it then.
      const delay = this.feed?.info.delay ?? 0;
      setTimeout(() => watched.sweep(), (delay + 5) * 1000).unref();
    }
    if (this.counted) liveRooms--;
    this.counted = false;
    matchRooms.delete(this);
    forget(this);
    void this.log?.drop();
    this.log = null;
  }

  /** The views of a match ended by a rematch, once the patch that cleared its world has gone out. */
  private retireViews(): void {
    const retiring = this.retiring;
    if (!retiring) return;
    this.retiring = null;
    for (const view of retiring.views) retiring.run.detach(view);
    for (const client of this.clients)
      if (client.view && retiring.views.includes(client.view)) client.view = undefined;
  }

  override onBeforePatch(): void {
    const run = this.run;
    if (!run) return;
    const t0 = performance.now();
    run.writeState((sid) => this.inputs.get(sid).consumedCount);
    metrics.recordPatch(performance.now() - t0);
    // Encoded once per kind of eyes (the four escorts get the same list), sent after the patch.
    const frames = this.eventFrames;
    frames.escort = frames.hunter = frames.spectator = null;
    for (const client of this.clients) {
      const m = this.roster.get(client.sessionId);
      if (!m || !client.view) continue;
      const viewer = m.role === null ? 'spectator' : viewerOf(m.role);
      const events = run.feed.peek(viewer);
      if (!events) continue;
      frames[viewer] ??= getMessageBytes.raw(Protocol.ROOM_DATA, ServerMessage.events, events);
      client.enqueueRaw(frames[viewer], AFTER_PATCH);
    }
    run.feed.clear();
  }

  /** Lobby: start the quick-play countdown (or shorten a running one). */
  startCountdown(seconds: number): void {
    const steps = Math.round(seconds * TICK_HZ);
    this.countdownSteps = this.countdownSteps < 0 ? steps : Math.min(this.countdownSteps, steps);
    this.state.phase = 'countdown';
    this.state.countdown = Math.ceil(this.countdownSteps / TICK_HZ);
  }

  /** Everyone is ready: a quick-play countdown drops to a few seconds. */
  readyChanged(): void {
    if (this.settings.mode === 'quick' && this.roster.allReady()) this.startCountdown(SHORT_COUNTDOWN);
  }

  private cancelCountdown(): void {
    this.countdownSteps = -1;
    this.state.phase = 'lobby';
    this.state.countdown = 0;
  }

  private fixedStep(): void {
    if (this.failed || this.frozen) return;
    const phase = this.state.phase;
    if (phase === 'countdown') {
      this.countdownSteps--;
      this.state.countdown = Math.max(0, Math.ceil(this.countdownSteps / TICK_HZ));
      if (this.countdownSteps <= 0) this.startMatch();
      return;
    }
    if (phase !== 'playing' || !this.run) return;
    const run = this.run;
    const t0 = performance.now();
    for (let i = 0; i < this.settings.timeScale && !run.over; i++) {
      run.step((sid) => this.inputs.get(sid));
    }
    metrics.recordStep((performance.now() - t0) / this.settings.timeScale);
    this.feed?.live(run.world.tick);
    if (run.over) this.endMatch();
    else if (this.listedOpen && this.lateInMatch()) void this.updateListing();
  }

  /** The match in play has less than {@link JOIN_MIN_CLOCK_SECONDS} left: too late to join it. */
  private lateInMatch(): boolean {
    const w = this.run?.world;
    return !!w && w.options.judgmentDaySeconds - w.time < JOIN_MIN_CLOCK_SECONDS;
  }

  /** Assign roles, fill the rest with bots, build the world and give every client its eyes. */
  startMatch(): void {
    this.run = beginMatch(this);
    // Someone still coming back from a drop in the lobby has a role and is away: their character
    // stands, then a bot plays it, until they are back (onReconnect gives them their eyes).
    for (const sid of this.held.keys()) {
      const role = this.roster.get(sid)?.role;
      if (role) this.run.away(role);
    }
    this.record(this.run);
    this.log?.begin(this.run.world);
    this.run.resumeLog = this.log;
    const hunter = this.run.seats.get('t1000')?.sessionId ?? null;
    const history = this.hunterHistory;
    history.last = hunter;
    if (hunter) history.hunted.set(hunter, (history.hunted.get(hunter) ?? 0) + 1);
    this.state.phase = 'playing';
    this.state.countdown = 0;
    metrics.matchStarted();
    this.keepForWatchers();
    void this.updateListing();
  }

  /** Record the match; the recording is the spectators' feed too: each record goes to the watchers once the delay allows. */
  private record(run: MatchRun): void {
    const feed = new SpectatorFeed({ delay: this.state.options.spectatorDelay, replay: '' });
    this.recorder = startRecording(this.config, run, (r) => feed.push(r), this.settings.private);
    feed.info.replay = this.recorder?.id ?? '';
    this.feed = feed;
    if (this.watched) this.watched.feed = feed;
  }

  private endMatch(): void {
    const run = this.run!;
    this.state.phase = 'ended';
    run.writeState((sid) => this.inputs.get(sid).consumedCount);
    const summary = run.summary(this.recorder?.id ?? null);
    metrics.matchEnded(run.world.result?.reason ?? 'other');
    this.recorder?.finish(run.world, summary);
    this.recorder = null;
    this.broadcast(ServerMessage.end, summary, { afterNextPatch: true });
    this.keepForWatchers();
    void this.updateListing();
    this.closing = this.clock.setTimeout(() => void this.disconnect(), ENDED_LINGER * 1000);
  }

  hasMap(name: string): boolean {
    if (!listMaps().includes(name)) return false;
    try {
      mapFor(name, this.settings.worldScale);
      return true;
    } catch {
      return false;
    }
  }

  setMap(name: string): void {
    this.settings.map = name;
    this.state.map = name;
  }

  kick(sessionId: string): void {
    const target = [...this.clients].find((c) => c.sessionId === sessionId);
    if (!target) return;
    this.kicked.add(sessionId);
    const m = this.roster.get(sessionId);
    if (m) this.barred.use(barKey(m.device, m.address), 0, () => true);
    metrics.clientDropped('kicked');
    logLine('kick', `room ${this.ref}: the host kicked ${sessionId}`);
    target.leave(CloseCodes.kicked, KICKED_TEXT);
  }

  /**
   * Back to the lobby after the end (any player may ask): the same room and
   * code, the people still in it, the host's settings kept (the host's pick
   * of a hunter is cleared so the roles rotate); bots leave the roster and
   * fill the empty seats again at the next start.
   */
  rematch(): void {
    if (this.state.phase !== 'ended' || this.failed || !this.run) return;
    this.closing?.clear();
    this.closing = null;
    // The clients' views stay until the patch that deletes the match's world from them has gone
    // out: a view disposed now would never send those deletions, and each client would keep the
    // old characters (and its private state) into the next match.
    this.retiring = { run: this.run, views: [...this.clients].flatMap((c) => (c.view ? [c.view] : [])) };
    this.run = null;
    this.state.private.clear();
    this.state.entities.clear();
    this.state.trueEntities.clear();
    this.state.winner = '';
    this.state.reason = '';
    this.state.options.hunter = '';
    // The lobby names the map as the host chose it (the match showed the map's display name).
    this.state.map = this.settings.map ?? '';
    this.roster.backToLobby();
    this.countdownSteps = -1;
    this.state.countdown = 0;
    this.state.phase = 'lobby';
    logLine('rematch', `room ${this.ref}: back to the lobby`);
    if (this.settings.mode === 'quick' && this.roster.people().length > 0)
      this.startCountdown(this.settings.countdown);
    void this.updateListing();
  }

  /**
   * Listing metadata: `open` tells quick play (and the list) whether a
   * person can still take a seat — in a match in play, a bot's, with
   * {@link JOIN_MIN_CLOCK_SECONDS} left at least; `quickOrder` puts lobbies
   * before matches in play for quick play (app.ts sorts by it).
   */
  async updateListing(): Promise<void> {
    this.log?.touch();
    const phase = this.state.phase;
    const humans = this.roster.people().length;
    const open =
      !this.settings.private &&
      (phase === 'playing'
        ? (this.run?.botRoles().length ?? 0) > 0 && !this.lateInMatch()
        : phase !== 'ended' && humans < MAX_PLAYERS);
    this.listedOpen = open;
    await this.setMetadata({
      mode: this.settings.mode,
      open,
      quickOrder: phase === 'playing' ? 1 : 0,
      phase,
      humans,
      map: this.state.map,
      spectators: this.watched?.watchers ?? 0,
      spectatorDelay: this.state.options.spectatorDelay,
      difficulty: this.state.options.difficulty,
    });
  }
}
