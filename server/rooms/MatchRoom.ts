/**
 * The match room: a thin adapter between Colyseus and the simulation. It runs
 * the lobby (join, preference, ready, countdown, host start), assigns roles,
 * steps the shared simulation on a fixed 30 Hz timestep with sanitised
 * inputs, copies the world into each client's view before the 20 Hz patches,
 * and sends the result at the end. No game rules live here.
 */
import { type Client, getMessageBytes, Protocol, Room, ServerError } from '@colyseus/core';
import {
  InputState,
  JoinError,
  type JoinOptions,
  ServerMessage,
  sanitizeInput,
  validateJoin,
} from '../../shared/protocol.js';
import { MatchState } from '../../shared/schema/MatchState.js';
import type { Viewer } from '../../shared/sim/perception.js';
import type { PlayerRole } from '../../shared/sim/roles.js';
import type { PlayerInput } from '../../shared/sim/types.js';
import { viewerOf } from '../../shared/sim/vision.js';
import { TICK_HZ } from '../../shared/tuning.js';
import type { ServerConfig } from '../config.js';
import { InputPacer } from '../match/InputPacer.js';
import type { MatchRun } from '../match/MatchRun.js';
import { metrics } from '../metrics.js';
import { addBot, addPerson, allReady, botKey, MAX_PLAYERS, people, removePerson } from './lobby.js';
import { bindMessages } from './messages.js';
import { dropInRole } from './roles.js';
import { type RoomSettings, roomSettings, SHORT_COUNTDOWN } from './settings.js';
import { beginMatch } from './startMatch.js';

/** Seconds an ended match stays open (for the end screen and spectators). */
const ENDED_LINGER = 60;
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const AFTER_PATCH = { afterNextPatch: true } as const;

/** A connected person or spectator. */
export interface Member {
  name: string;
  pref: JoinOptions['pref'];
  spectator: boolean;
  role: PlayerRole | null;
}

export class MatchRoom extends Room<{ state: MatchState; input: InputState }> {
  /** Set by the app: the server's validated config. */
  static config: ServerConfig;

  override inputs = this.defineInput(InputState, {
    sanitize: sanitizeInput,
    idle: ({ latest }) => latest ?? true,
    bufferMaxSize: 16,
  });
  settings!: RoomSettings;
  run: MatchRun | null = null;
  readonly members = new Map<string, Member>();
  private countdownSteps = -1;
  /** Per person: how inputs are paced into steps (see InputPacer). */
  private readonly pacers = new Map<string, InputPacer>();
  private lastStepAt = -1;
  private readonly eventFrames: Record<Viewer, Uint8Array | null> = {
    escort: null,
    hunter: null,
    spectator: null,
  };

  get config(): ServerConfig {
    return (this.constructor as typeof MatchRoom).config;
  }

  override async onCreate(options: unknown): Promise<void> {
    const settings = roomSettings(options, this.config);
    if (typeof settings === 'string') throw new ServerError(JoinError.badOptions, settings);
    const join = validateJoin(options, 'Player');
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    this.settings = settings;
    this.state = new MatchState();
    this.state.phase = 'lobby';
    this.state.mode = settings.mode;
    this.state.map = settings.map ?? '';
    const o = this.state.options;
    o.matchSeconds = settings.options.judgmentDaySeconds;
    o.police = settings.options.police;
    o.civilians = settings.options.civilians;
    o.bots = settings.options.bots;
    this.maxClients = MAX_PLAYERS + this.config.maxSpectators;
    this.maxMessagesPerSecond = this.config.maxMessagesPerSecond;
    this.patchRate = 1000 / 20;
    if (settings.private) {
      this.roomId = Array.from(
        { length: 6 },
        () => CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)],
      ).join('');
      await this.setPrivate(true);
    }
    bindMessages(this);
    this.setFixedTimestep(() => this.fixedStep(), TICK_HZ);
    await this.updateListing();
  }

  override onAuth(_client: Client, options: unknown): true {
    const password = this.config.password;
    if (password !== undefined && (options as { password?: unknown } | undefined)?.password !== password) {
      throw new ServerError(JoinError.badPassword, 'wrong or missing password');
    }
    const join = validateJoin(options, 'Player');
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    return true;
  }

  override onJoin(client: Client, options: unknown): void {
    const join = validateJoin(options, `Player ${this.state.players.size + 1}`);
    if (!join.ok) throw new ServerError(JoinError.badOptions, join.reason);
    const { name, pref, spectator } = join.value;
    const phase = this.state.phase;
    if (spectator) {
      this.members.set(client.sessionId, { name, pref, spectator, role: null });
      this.state.spectators++;
      if (this.run) client.view = this.run.attach(client.sessionId, null);
      return;
    }
    if (phase === 'ended') throw new ServerError(JoinError.matchOver, 'the match is over');
    if (phase === 'playing') {
      const role = this.run ? dropInRole(pref, this.run.botRoles()) : null;
      if (!role || !this.run) throw new ServerError(JoinError.matchFull, 'every role is taken');
      this.members.set(client.sessionId, { name, pref, spectator, role });
      const slot = addPerson(this.state, client.sessionId, name, pref);
      slot.role = role;
      slot.ready = true;
      this.state.players.delete(botKey(role));
      this.run.seats.get(role)!.name = name;
      client.view = this.run.attach(client.sessionId, role);
    } else {
      if (people(this.state).length >= MAX_PLAYERS)
        throw new ServerError(JoinError.matchFull, 'the lobby is full');
      this.members.set(client.sessionId, { name, pref, spectator, role: null });
      addPerson(this.state, client.sessionId, name, pref);
      if (this.settings.mode === 'quick' && this.countdownSteps < 0)
        this.startCountdown(this.settings.countdown);
    }
    void this.updateListing();
  }

  override async onDrop(client: Client): Promise<void> {
    const m = this.members.get(client.sessionId);
    // Outside play nothing is held: Colyseus calls onLeave next.
    if (!m || m.spectator || !m.role || !this.run || this.state.phase !== 'playing') return;
    this.run.away(m.role);
    const slot = this.state.players.get(client.sessionId);
    if (slot) slot.connected = false;
    try {
      await this.allowReconnection(client, this.config.reconnectSeconds);
    } catch {
      // The seat's reservation expired: onLeave follows and a bot keeps the role.
    }
  }

  override onReconnect(client: Client): void {
    this.pacers.get(client.sessionId)?.reset();
    const m = this.members.get(client.sessionId);
    if (m?.role && this.run) this.run.reconnected(m.role);
    const slot = this.state.players.get(client.sessionId);
    if (slot) slot.connected = true;
  }

  override onLeave(client: Client): void {
    const m = this.members.get(client.sessionId);
    if (!m) return;
    this.members.delete(client.sessionId);
    this.pacers.delete(client.sessionId);
    if (client.view && this.run) this.run.detach(client.view);
    if (m.spectator) {
      this.state.spectators = Math.max(0, this.state.spectators - 1);
      return;
    }
    if (m.role && this.run) {
      // A bot takes over the character for the rest of the match.
      this.run.release(m.role);
      removePerson(this.state, client.sessionId);
      if (!this.run.over) addBot(this.state, m.role);
    } else {
      removePerson(this.state, client.sessionId);
      if (people(this.state).length === 0) this.cancelCountdown();
    }
    void this.updateListing();
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
      const m = this.members.get(client.sessionId);
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
    if (this.settings.mode === 'quick' && allReady(this.state)) this.startCountdown(SHORT_COUNTDOWN);
  }

  private cancelCountdown(): void {
    this.countdownSteps = -1;
    this.state.phase = 'lobby';
    this.state.countdown = 0;
  }

  private fixedStep(): void {
    const phase = this.state.phase;
    if (phase === 'countdown') {
      this.countdownSteps--;
      this.state.countdown = Math.max(0, Math.ceil(this.countdownSteps / TICK_HZ));
      if (this.countdownSteps <= 0) this.startMatch();
      return;
    }
    if (phase !== 'playing' || !this.run) return;
    const run = this.run;
    if (this.state.spectators > 0) {
      for (const c of this.clients) {
        const m = this.members.get(c.sessionId);
        if (m?.spectator) this.inputs.get(c.sessionId).clear();
      }
    }
    const t0 = performance.now();
    // Real time since the last step, in steps: what each person may move (a hitch's dropped steps included).
    const elapsed =
      this.lastStepAt < 0 ? 1 : ((t0 - this.lastStepAt) * TICK_HZ * this.settings.timeScale) / 1000;
    this.lastStepAt = t0;
    for (const p of this.pacers.values()) p.refill(elapsed);
    for (let i = 0; i < this.settings.timeScale && !run.over; i++) {
      run.step((sid, subMoves) => this.inputFor(sid, subMoves));
    }
    metrics.recordStep((performance.now() - t0) / this.settings.timeScale);
    if (run.over) this.endMatch();
  }

  /** One input per step, each input's movement applied once (see InputPacer). */
  private inputFor(sessionId: string, subMoves: PlayerInput[]): PlayerInput | undefined {
    let pacer = this.pacers.get(sessionId);
    if (!pacer) {
      pacer = new InputPacer();
      this.pacers.set(sessionId, pacer);
    }
    return pacer.next(this.inputs.get(sessionId), this.run?.world.tick ?? 0, subMoves);
  }

  /** Assign roles, fill the rest with bots, build the world and give every client its eyes. */
  startMatch(): void {
    this.run = beginMatch(this);
    this.state.phase = 'playing';
    this.state.countdown = 0;
    void this.updateListing();
  }

  private endMatch(): void {
    const run = this.run!;
    this.state.phase = 'ended';
    run.writeState((sid) => this.inputs.get(sid).consumedCount);
    this.broadcast(ServerMessage.end, run.summary(), { afterNextPatch: true });
    void this.updateListing();
    this.clock.setTimeout(() => void this.disconnect(), ENDED_LINGER * 1000);
  }

  /** Listing metadata: `open` tells quick play whether a person can still take a seat. */
  async updateListing(): Promise<void> {
    const phase = this.state.phase;
    const humans = people(this.state).length;
    const open =
      !this.settings.private &&
      (phase === 'playing'
        ? (this.run?.botRoles().length ?? 0) > 0
        : phase !== 'ended' && humans < MAX_PLAYERS);
    await this.setMetadata({
      mode: this.settings.mode,
      open,
      phase,
      humans,
      map: this.state.map,
      spectators: this.state.spectators,
    });
  }
}
