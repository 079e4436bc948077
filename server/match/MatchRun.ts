/**
 * One match in play: the world, who drives each role (a person's session or
 * a bot), and the copy of it all into the room's schema. No rules here — the
 * simulation decides everything; this only feeds it inputs and reads it out.
 */
import { StateView } from '@colyseus/schema';
import { type BotDifficulty, DEFAULT_DIFFICULTY } from '../../shared/bots/difficulty.js';
import { createBot } from '../../shared/bots/index.js';
import { botSeed } from '../../shared/headless.js';
import type { GameMap } from '../../shared/map/types.js';
import type { EndPlayer, EndSummary } from '../../shared/protocol.js';
import { type PlayerRole, ROLE_NAMES } from '../../shared/roles.js';
import type { MatchState } from '../../shared/schema/MatchState.js';
import { PrivateState } from '../../shared/schema/PrivateState.js';
import type { Viewer } from '../../shared/sim/perception.js';
import type { MatchSeed } from '../../shared/sim/rng.js';
import { step } from '../../shared/sim/step.js';
import type { StepInputs, World } from '../../shared/sim/types.js';
import { perceive, viewerOf } from '../../shared/sim/vision.js';
import { createWorld } from '../../shared/sim/world.js';
import { DT, type MatchOptions } from '../../shared/tuning.js';
import { EventFeed } from '../sync/EventFeed.js';
import { copyPrivate } from '../sync/privateState.js';
import { PublicSync } from '../sync/publicState.js';
import { ViewSync } from '../sync/ViewSync.js';
import { InputPacer, type InputQueue } from './InputPacer.js';

type Brain = ReturnType<typeof createBot>;

/**
 * How long a dropped player's character stands still before a bot plays it
 * (steps): long enough for a page reload (2–6 s measured in the browser
 * test) to find it where it stood, short enough that a player who is gone
 * for longer does not leave the team a statue.
 */
export const AWAY_STANDS_STEPS = Math.round(8 / DT);

/** Who plays a role. */
export interface Seat {
  role: PlayerRole;
  /** The person who owns the seat, or null for a bot's seat. */
  sessionId: string | null;
  name: string;
  /** The owner is connected and sending input (false: it stands, then a bot plays for now). */
  connected: boolean;
  /** The world tick at which the owner dropped (meaningful while not connected). */
  awaySince: number;
  brain: Brain | null;
  priv: PrivateState | null;
  /** How the owner's inputs are paced into steps (see InputPacer); restarts with each new stream. */
  readonly pacer: InputPacer;
}

export interface MatchSetup {
  map: GameMap;
  seed: MatchSeed;
  options: MatchOptions;
  /** Present roles and the person (session id, name) in each; null = bot. */
  seats: ReadonlyArray<{ role: PlayerRole; sessionId: string | null; name: string }>;
  /** Bots play every seat (benchmarks); people only watch. */
  autopilot?: boolean;
  /** How well the bots play (the host's lobby setting); default {@link DEFAULT_DIFFICULTY}. */
  difficulty?: BotDifficulty;
  /**
   * Play from here: the match continues this world (of `map`; its seed and
   * options are its own, `seed` and `options` are not used) instead of a
   * new one. The seats must be the roles present in it.
   */
  world?: World;
}

/** Told after each step what went into it (the match's recording, server/replay). Reads only. */
export interface StepListener {
  stepped(world: World, inputs: StepInputs, catchUp: StepInputs | undefined): void;
}

/** The input queue of a person's session (Colyseus' per-client input accessor). */
export type InputSource = (sessionId: string) => InputQueue;

export class MatchRun {
  readonly world: World;
  readonly sync: ViewSync;
  readonly feed = new EventFeed();
  readonly seats = new Map<PlayerRole, Seat>();
  private readonly views = new Map<StateView, Viewer>();
  private readonly inputs: StepInputs = {};
  /** Late inputs played as extra moves this step (see InputPacer). */
  private readonly catchUp: StepInputs = {};
  private readonly autopilot: boolean;
  private readonly difficulty: BotDifficulty;
  private readonly publicSync: PublicSync;
  /** The recording, told every step's inputs (bots' and catch-up inputs included). */
  recorder: StepListener | null = null;
  /** The match's resume record in the cluster (server/cluster/matchLog.ts), told the same. */
  resumeLog: StepListener | null = null;

  constructor(
    private readonly state: MatchState,
    setup: MatchSetup,
  ) {
    this.world =
      setup.world ??
      createWorld({
        map: setup.map,
        seed: setup.seed,
        options: setup.options,
        roles: setup.seats.map((s) => s.role),
      });
    if (setup.world) {
      const present = Object.keys(setup.world.players).sort().join();
      const seats = setup.seats
        .map((s) => s.role)
        .sort()
        .join();
      if (seats !== present) throw new Error(`the seats (${seats}) are not the world's roles (${present})`);
    }
    this.sync = new ViewSync(state, this.world);
    this.autopilot = setup.autopilot === true;
    this.difficulty = setup.difficulty ?? DEFAULT_DIFFICULTY;
    for (const s of setup.seats) {
      this.seats.set(s.role, {
        ...s,
        connected: s.sessionId !== null,
        awaySince: 0,
        brain: null,
        priv: null,
        pacer: new InputPacer(),
      });
    }
    this.publicSync = new PublicSync(state);
    this.publicSync.write(this.world);
  }

  get over(): boolean {
    return this.world.over;
  }

  /** The seat a session owns, if any. */
  seatOf(sessionId: string): Seat | undefined {
    for (const s of this.seats.values()) if (s.sessionId === sessionId) return s;
    return undefined;
  }

  /** Roles a bot plays now (no owner, or the owner is away). */
  botRoles(): PlayerRole[] {
    return [...this.seats.values()].filter((s) => s.sessionId === null).map((s) => s.role);
  }

  /**
   * Give a client its eyes: someone in the room without a role (left out by
   * a replay's world, `Roster.watch`) sees everything, as spectators do; a
   * player sees what its role's viewer sees plus its own private state.
   * Returns the view.
   */
  attach(sessionId: string, role: PlayerRole | null): StateView {
    const view = new StateView();
    const viewer: Viewer = role === null ? 'spectator' : viewerOf(role);
    this.sync.attach(view, viewer);
    this.views.set(view, viewer);
    if (role !== null) {
      const seat = this.seats.get(role)!;
      // Another session takes the seat over (the same person back from a reload): its private state is new.
      if (seat.priv && seat.sessionId !== null && seat.sessionId !== sessionId) {
        this.state.private.delete(seat.sessionId);
        seat.priv = null;
      }
      seat.sessionId = sessionId;
      seat.connected = true;
      seat.pacer.reset();
      if (!seat.priv) {
        seat.priv = new PrivateState();
        this.state.private.set(sessionId, seat.priv);
      }
      seat.priv.role = role;
      this.writePrivate(seat);
      view.add(seat.priv);
    }
    return view;
  }

  /** Stop updating a client's view (it left, or was dropped). */
  detach(view: StateView): void {
    const viewer = this.views.get(view);
    if (viewer === undefined) return;
    this.views.delete(view);
    this.sync.detach(view, viewer);
    view.dispose();
  }

  /**
   * The owner dropped: the character stands where it is for
   * {@link AWAY_STANDS_STEPS} (a page reload comes back to it there), then a
   * bot plays the seat until {@link reconnected}.
   */
  away(role: PlayerRole): void {
    const seat = this.seats.get(role);
    if (!seat) return;
    seat.connected = false;
    seat.awaySince = this.world.tick;
  }

  reconnected(role: PlayerRole): void {
    const seat = this.seats.get(role);
    if (!seat) return;
    seat.connected = true;
    seat.pacer.reset();
  }

  /** The owner is gone for good: the seat becomes a bot's. */
  release(role: PlayerRole): void {
    const seat = this.seats.get(role);
    if (!seat) return;
    if (seat.sessionId !== null) this.state.private.delete(seat.sessionId);
    seat.sessionId = null;
    seat.connected = false;
    seat.priv = null;
    seat.pacer.reset();
  }

  /** One fixed step: inputs from people and bots, then the simulation. */
  step(inputOf: InputSource): void {
    const w = this.world;
    const inputs = this.inputs;
    const catchUp = this.catchUp;
    let late = false;
    for (const seat of this.seats.values()) {
      catchUp[seat.role] = undefined;
      if (seat.sessionId !== null && seat.connected && !this.autopilot) {
        inputs[seat.role] = seat.pacer.next(inputOf(seat.sessionId), w.tick);
        catchUp[seat.role] = seat.pacer.catchUp;
        late ||= seat.pacer.catchUp !== undefined;
      } else if (seat.sessionId !== null && !this.autopilot && w.tick - seat.awaySince < AWAY_STANDS_STEPS) {
        inputs[seat.role] = undefined;
      } else {
        seat.brain ??= createBot(seat.role, botSeed(w.seed, seat.role), this.difficulty);
        inputs[seat.role] = seat.brain.think(perceive(w, seat.role));
      }
    }
    step(w, inputs, late ? catchUp : undefined);
    this.recorder?.stepped(w, inputs, late ? catchUp : undefined);
    this.resumeLog?.stepped(w, inputs, late ? catchUp : undefined);
    this.feed.collect(w, this.sync, (v) => this.listening(v));
  }

  /** Copy the world into the schema before a patch. */
  writeState(ackOf: (sessionId: string) => number): void {
    this.sync.update();
    this.publicSync.write(this.world);
    for (const seat of this.seats.values()) {
      if (seat.priv && seat.sessionId !== null) this.writePrivate(seat, ackOf(seat.sessionId));
    }
  }

  /** The end screen: result, every player's stats and the replay's id (null: not recorded). */
  summary(replay: string | null): EndSummary {
    const w = this.world;
    const r = w.result!;
    const players: EndPlayer[] = [...this.seats.values()].map((s) => ({
      name: s.sessionId === null ? `${ROLE_NAMES[s.role]} (bot)` : s.name,
      role: s.role,
      bot: s.sessionId === null,
      stats: { ...(w.stats[s.role] ?? {}) } as unknown as Record<string, number>,
    }));
    return {
      winner: r.winner,
      reason: r.reason,
      time: r.time,
      noFate: r.noFate,
      seed: w.seed,
      map: w.map.name,
      players,
      replay,
    };
  }

  private listening(viewer: Viewer): boolean {
    for (const v of this.views.values()) if (v === viewer) return true;
    return false;
  }

  private writePrivate(seat: Seat, ack = seat.priv?.ack ?? 0): void {
    const id = this.world.players[seat.role];
    if (id === undefined || !seat.priv) return;
    const e = this.world.entities[id];
    const key = this.sync.keyFor(viewerOf(seat.role), id);
    if (seat.priv.entity !== key) seat.priv.entity = key;
    copyPrivate(seat.priv, e, ack, this.world.tilesVersion, !seat.connected);
  }
}
