/**
 * The settings of one match room, from the creating client's options and the
 * server's config. Host options are validated like the lobby's `options`
 * message; test-only options need the server's `--dev-options`.
 */

import { ServerError } from '@colyseus/core';
import { type BotDifficulty, DEFAULT_DIFFICULTY } from '../../shared/bots/difficulty.js';
import {
  JoinError,
  MAP_NAME,
  type PlayFrom,
  type RoomMode,
  validateHostOptions,
  validatePlayFrom,
} from '../../shared/protocol.js';
import { DEFAULT_OPTIONS, type MatchOptions } from '../../shared/tuning.js';
import type { ServerConfig } from '../config.js';
import { type Resumed, ResumeError, resumeReplay } from '../replay/resume.js';

export interface RoomSettings {
  mode: RoomMode;
  /** Joined by code only, never listed or matched. */
  private: boolean;
  /** Map name or path (resolved when the match starts); undefined = the server's map. */
  map: string | undefined;
  options: MatchOptions;
  /** How well the bots play (the host may change it in the lobby). */
  difficulty: BotDifficulty;
  /** Seconds the spectators' view is to run behind (stored, shown and listed; no delayed stream yet). */
  spectatorDelay: number;
  /** Fixed seed; undefined = a fresh random one at the start. */
  seed: number | undefined;
  /** Simulation steps per fixed step (tests run matches faster than real time). */
  timeScale: number;
  /** Lobby countdown of quick play, seconds. */
  countdown: number;
  /** Bots play every seat, people's too (benchmarks: clients watch their role's view of a bot match). */
  autopilot: boolean;
  /** The map repeated this many times (5 × 2 for 10), with as many more NPCs (benchmarks). */
  worldScale: number;
  /**
   * Play from here: the replay and tick asked for (the room is private and
   * custom), and once {@link loadFrom} has run, the world its matches start
   * from. The lobby's map, length, crowd and bots do not apply then.
   */
  from: PlayFrom | null;
  resumed: Resumed | null;
}

/** Countdown after everyone is ready, or after a custom room's host starts. */
export const SHORT_COUNTDOWN = 3;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Seconds spectators run behind the match unless the host says otherwise:
 * none among friends in a private room; in a public one longer than a
 * disguise lasts (45 s), so what a stranger watching knows is no longer a
 * secret when they see it (docs/GAME.md, Spectators).
 */
export const PRIVATE_SPECTATOR_DELAY = 0;
export const PUBLIC_SPECTATOR_DELAY = 60;

/** Settings from create options, or an error message naming the bad option. */
export function roomSettings(raw: unknown, config: ServerConfig): RoomSettings | string {
  const o = isObject(raw) ? raw : {};
  if (o.mode !== undefined && o.mode !== 'quick' && o.mode !== 'custom')
    return 'mode must be quick or custom';
  if (o.private !== undefined && typeof o.private !== 'boolean') return 'private must be a boolean';
  const isPrivate = o.private === true;
  const host = validateHostOptions({
    matchSeconds: o.matchSeconds,
    police: o.police,
    civilians: o.civilians,
    bots: o.bots,
    difficulty: o.difficulty,
    spectatorDelay: o.spectatorDelay,
  });
  if (!host.ok) return host.reason;
  if (o.map !== undefined && (typeof o.map !== 'string' || !MAP_NAME.test(o.map))) {
    return 'map must be the name of a map in the maps folder';
  }
  const from = validatePlayFrom(o.from);
  if (!from.ok) return from.reason;
  if (from.value && (o.private === false || o.mode === 'quick'))
    return 'a match from a replay is private and custom';
  const settings: RoomSettings = {
    mode: isPrivate || from.value || o.mode === 'custom' ? 'custom' : 'quick',
    private: isPrivate || from.value !== null,
    map: (o.map as string | undefined) ?? config.map,
    options: {
      ...DEFAULT_OPTIONS,
      judgmentDaySeconds: host.value.matchSeconds ?? config.matchSeconds,
      bots: host.value.bots ?? config.bots,
      ...(host.value.police !== undefined ? { police: host.value.police } : {}),
      ...(host.value.civilians !== undefined ? { civilians: host.value.civilians } : {}),
    },
    difficulty: host.value.difficulty ?? DEFAULT_DIFFICULTY,
    spectatorDelay:
      host.value.spectatorDelay ?? (isPrivate ? PRIVATE_SPECTATOR_DELAY : PUBLIC_SPECTATOR_DELAY),
    seed: config.seed,
    timeScale: 1,
    countdown: config.countdownSeconds,
    autopilot: false,
    worldScale: 1,
    from: from.value,
    resumed: null,
  };
  const dev = ['timeScale', 'seed', 'countdown', 'autopilot', 'worldScale'].filter((k) => o[k] !== undefined);
  if (dev.length > 0 && !config.devOptions) return `${dev[0]} is a test option this server does not accept`;
  if (o.timeScale !== undefined) {
    if (!Number.isInteger(o.timeScale) || (o.timeScale as number) < 1 || (o.timeScale as number) > 64) {
      return 'timeScale must be a whole number from 1 to 64';
    }
    settings.timeScale = o.timeScale as number;
  }
  if (o.seed !== undefined) {
    if (!Number.isInteger(o.seed) || (o.seed as number) < 0 || (o.seed as number) > 0xffffffff) {
      return 'seed must be a whole number from 0 to 4294967295';
    }
    settings.seed = o.seed as number;
  }
  if (o.countdown !== undefined) {
    if (
      typeof o.countdown !== 'number' ||
      !Number.isFinite(o.countdown) ||
      o.countdown < 0 ||
      o.countdown > 300
    ) {
      return 'countdown must be a number of seconds from 0 to 300';
    }
    settings.countdown = o.countdown;
  }
  if (o.autopilot !== undefined) {
    if (typeof o.autopilot !== 'boolean') return 'autopilot must be a boolean';
    settings.autopilot = o.autopilot;
  }
  if (o.worldScale !== undefined) {
    if (o.worldScale !== 1 && o.worldScale !== 10) return 'worldScale must be 1 or 10';
    if (from.value && o.worldScale !== 1) return 'worldScale does not apply to a match from a replay';
    settings.worldScale = o.worldScale;
    settings.options.police *= o.worldScale;
    settings.options.civilians *= o.worldScale;
  }
  return settings;
}

/**
 * Play from here: the world of the replay's moment, read and re-simulated
 * now (a refusal is the room's creation refused, with the reason) and kept
 * for every match of the room; the room's options become the replay's.
 */
export async function loadFrom(settings: RoomSettings, config: ServerConfig): Promise<void> {
  const from = settings.from;
  if (!from) return;
  try {
    settings.resumed = await resumeReplay(config.replayDir, from.replay, from.tick);
  } catch (e) {
    if (e instanceof ResumeError) throw new ServerError(JoinError.badOptions, e.message);
    throw e;
  }
  const o = settings.resumed.snapshot.options;
  settings.options = { ...DEFAULT_OPTIONS, ...o, bots: true };
  settings.map = settings.resumed.mapName;
}

/**
 * The settings of a match moved here from another process (server/cluster):
 * as that room had them; a match from a replay loads its world again for a
 * rematch (or, should this process not have the replay, plays its rematch
 * from the start of a new match).
 */
export async function restoredSettings(
  meta: { settings: Record<string, unknown> },
  config: ServerConfig,
): Promise<RoomSettings> {
  const settings = { ...(meta.settings as unknown as RoomSettings), resumed: null };
  try {
    await loadFrom(settings, config);
  } catch {
    settings.from = null;
  }
  return settings;
}
