/**
 * Server configuration: environment variables and command-line flags, parsed
 * once at start-up into one validated, typed object. A flag wins over its
 * environment variable; a bad value throws a {@link ConfigError} naming it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAP } from './mapFiles.js';

/** Everything the server process needs to know, validated. */
export interface ServerConfig {
  /** TCP port (PORT, --port). */
  port: number;
  /** Interface to bind (HOST, --host). */
  host: string;
  /** Map name or path for new matches (MAP, --map); undefined = the default map. */
  map: string | undefined;
  /** Default Judgment Day clock of new matches, in seconds (MATCH_SECONDS, --match-seconds). */
  matchSeconds: number;
  /** Fill empty roles with bots (BOTS, --bots / --no-bots). */
  bots: boolean;
  /** Quick-play lobby countdown in seconds (COUNTDOWN, --countdown). */
  countdownSeconds: number;
  /** Seconds a dropped player's seat is held for reconnection (RECONNECT_SECONDS, --reconnect-seconds). */
  reconnectSeconds: number;
  /** Spectators allowed per match (MAX_SPECTATORS, --max-spectators). */
  maxSpectators: number;
  /** Player seats one address may hold in a public (listed) match (MAX_SEATS_PER_ADDRESS). */
  maxSeatsPerAddress: number;
  /**
   * Let a client watch a live match that another client from the same address
   * plays in (SAME_ADDRESS_SPECTATORS); off by default, so nobody watches the
   * full truth of their own match in a second tab.
   */
  sameAddressSpectators: boolean;
  /** Password every matchmaking call and join must carry; undefined = open server (SERVER_PASSWORD, --password). */
  password: string | undefined;
  /** Folder of the built client served at `/` (CLIENT_DIR, --client-dir). */
  clientDir: string;
  /** Fixed seed for every match, for reproducible sessions; undefined = random (SEED, --seed). */
  seed: number | undefined;
  /** Client messages allowed per second before the client is dropped (MAX_MESSAGES_PER_SECOND). */
  maxMessagesPerSecond: number;
  /**
   * Accept test-only room options (`timeScale`, `seed`, `countdown`) from clients
   * (DEV_OPTIONS=1, --dev-options). Never on for a public server.
   */
  devOptions: boolean;
  /**
   * Behind one reverse proxy: a client's address is the last X-Forwarded-For
   * entry (the one the proxy appended) instead of the socket's (TRUST_PROXY).
   */
  trustProxy: boolean;
  /**
   * Password of the operator's routes (ADMIN_PASSWORD): `POST /stats/reset`, `/metrics`, the monitor at
   * `/colyseus` and `POST /admin/drain`; undefined = no reset and no monitor, `/metrics` and drains from
   * this machine only.
   */
  adminPassword: string | undefined;
  /** Rooms this process runs at once; the rooms refuse to create more (MAX_ROOMS). */
  maxRooms: number;
  /** Live websocket connections this process holds at once (MAX_CLIENTS). */
  maxClients: number;
  /** Live websocket connections one address may hold (CONNECTIONS_PER_ADDRESS). */
  connectionsPerAddress: number;
  /** Websocket upgrades one address may start per second, after a burst of {@link UPGRADE_BURST} (UPGRADES_PER_SECOND). */
  upgradesPerSecond: number;
  /** Matchmaking requests one address may make at once before the rate applies (MATCHMAKE_BURST). */
  matchmakeBurst: number;
  /** Matchmaking requests one address may make per second after the burst (MATCHMAKE_PER_SECOND). */
  matchmakePerSecond: number;
  /** Rooms one address may create at once before the interval applies (CREATE_BURST). */
  createBurst: number;
  /** Seconds between room creations of one address after the burst (CREATE_INTERVAL_SECONDS). */
  createIntervalSeconds: number;
  /** Failed attempts (password, room code, reconnection token) an address has before lock-outs (FREE_FAILURES). */
  freeFailures: number;
  /** Longest lock-out, in seconds; also the time after which one failure is forgiven (LOCKOUT_MAX_SECONDS). */
  lockoutMaxSeconds: number;
  /** Largest matchmaking request body, in bytes (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Folder every match's replay is written to (REPLAY_DIR, --replay-dir). */
  replayDir: string;
  /** Replays kept, the oldest deleted first; 0 = matches are not recorded (REPLAY_KEEP, --replay-keep). */
  replayKeep: number;
  /** Megabytes all kept replays may take, the oldest deleted first (REPLAY_MAX_MB, --replay-max-mb). */
  replayMaxMb: number;
  /**
   * Redis for presence and the matchmaking driver: several processes (one
   * machine or many) serve one cluster; undefined = this process alone, in
   * memory (REDIS_URL, --redis).
   */
  redisUrl: string | undefined;
  /**
   * `host:port` (optionally `/path`) at which clients reach this process's
   * websockets: seat reservations name it. Needed with Redis (PUBLIC_ADDRESS,
   * --public-address).
   */
  publicAddress: string | undefined;
  /**
   * Seconds a SIGTERM (or `npm run drain`) waits for running matches to be
   * handed over, or, with no other process to take them, to finish, before
   * they are ended with results saved (DRAIN_SECONDS, --drain-seconds).
   */
  drainSeconds: number;
}

export class ConfigError extends Error {}

/** Websocket upgrades one address may start at once (or one second's worth, if more) before `upgradesPerSecond` applies. */
export const UPGRADE_BURST = 20;

export const DEFAULT_CONFIG: Readonly<ServerConfig> = {
  port: 2567,
  host: '0.0.0.0',
  map: undefined,
  matchSeconds: 15 * 60,
  bots: true,
  countdownSeconds: 15,
  reconnectSeconds: 20,
  maxSpectators: 10,
  maxSeatsPerAddress: 2,
  sameAddressSpectators: false,
  password: undefined,
  clientDir: 'dist/client',
  seed: undefined,
  maxMessagesPerSecond: 120,
  devOptions: false,
  trustProxy: false,
  adminPassword: undefined,
  maxRooms: 200,
  maxClients: 2000,
  connectionsPerAddress: 20,
  upgradesPerSecond: 5,
  matchmakeBurst: 30,
  matchmakePerSecond: 3,
  createBurst: 3,
  createIntervalSeconds: 10,
  freeFailures: 5,
  lockoutMaxSeconds: 15 * 60,
  maxBodyBytes: 4096,
  // Tests (NODE_ENV=test, as vitest and the browser harness set it) never record into the repository.
  replayDir: process.env.NODE_ENV === 'test' ? join(tmpdir(), 'liquid-metal-test-replays') : 'replays',
  replayKeep: 200,
  replayMaxMb: 2048,
  redisUrl: undefined,
  publicAddress: undefined,
  drainSeconds: 30,
};

type Kind = 'port' | 'string' | 'int' | 'bool' | 'seconds' | 'rate' | 'redis' | 'address';

interface Setting {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  kind: Kind;
  min?: number;
  max?: number;
  /** What the setting does, for `--help` (its range and default are added from `min`, `max` and DEFAULT_CONFIG). */
  help: string;
  /** What leaving it unset means, for a setting whose default is undefined. */
  unset?: string;
}

const SETTINGS: readonly Setting[] = [
  { key: 'port', flag: 'port', env: 'PORT', kind: 'port', min: 1, max: 65535, help: 'TCP port' },
  { key: 'host', flag: 'host', env: 'HOST', kind: 'string', help: 'interface to bind' },
  {
    key: 'map',
    flag: 'map',
    env: 'MAP',
    kind: 'string',
    help: 'map name or .tmj path',
    unset: `the map ${DEFAULT_MAP}`,
  },
  {
    key: 'matchSeconds',
    flag: 'match-seconds',
    env: 'MATCH_SECONDS',
    kind: 'seconds',
    min: 10,
    max: 3600,
    help: 'Judgment Day clock in seconds',
  },
  { key: 'bots', flag: 'bots', env: 'BOTS', kind: 'bool', help: 'fill empty roles with bots' },
  {
    key: 'countdownSeconds',
    flag: 'countdown',
    env: 'COUNTDOWN',
    kind: 'seconds',
    min: 0,
    max: 300,
    help: 'quick-play lobby countdown in seconds',
  },
  {
    key: 'reconnectSeconds',
    flag: 'reconnect-seconds',
    env: 'RECONNECT_SECONDS',
    kind: 'seconds',
    min: 0,
    max: 600,
    help: 'seconds a dropped seat is held',
  },
  {
    key: 'maxSpectators',
    flag: 'max-spectators',
    env: 'MAX_SPECTATORS',
    kind: 'int',
    min: 0,
    max: 1000,
    help: 'spectators per match',
  },
  {
    key: 'maxSeatsPerAddress',
    flag: 'max-seats-per-address',
    env: 'MAX_SEATS_PER_ADDRESS',
    kind: 'int',
    min: 1,
    max: 5,
    help: 'player seats one address may hold in a public match',
  },
  {
    key: 'sameAddressSpectators',
    flag: 'same-address-spectators',
    env: 'SAME_ADDRESS_SPECTATORS',
    kind: 'bool',
    help: 'let an address watch a live match it plays in',
  },
  {
    key: 'password',
    flag: 'password',
    env: 'SERVER_PASSWORD',
    kind: 'string',
    help: 'password every matchmaking call and join must carry',
    unset: 'an open server',
  },
  {
    key: 'clientDir',
    flag: 'client-dir',
    env: 'CLIENT_DIR',
    kind: 'string',
    help: 'built client folder, served at /',
  },
  {
    key: 'seed',
    flag: 'seed',
    env: 'SEED',
    kind: 'int',
    min: 0,
    max: 0xffffffff,
    help: 'fixed seed of every match',
    unset: 'random',
  },
  {
    key: 'maxMessagesPerSecond',
    flag: 'max-messages-per-second',
    env: 'MAX_MESSAGES_PER_SECOND',
    kind: 'int',
    min: 31,
    max: 10000,
    help: 'client messages per second before a drop',
  },
  {
    key: 'devOptions',
    flag: 'dev-options',
    env: 'DEV_OPTIONS',
    kind: 'bool',
    help: 'accept test-only room options (never on a public server)',
  },
  {
    key: 'trustProxy',
    flag: 'trust-proxy',
    env: 'TRUST_PROXY',
    kind: 'bool',
    help: 'client address from X-Forwarded-For (behind one proxy)',
  },
  {
    key: 'adminPassword',
    flag: 'admin-password',
    env: 'ADMIN_PASSWORD',
    kind: 'string',
    help: 'for POST /stats/reset, /metrics, the monitor at /colyseus and POST /admin/drain (npm run drain)',
    unset: 'no reset or monitor; /metrics and drains from this machine only',
  },
  {
    key: 'maxRooms',
    flag: 'max-rooms',
    env: 'MAX_ROOMS',
    kind: 'int',
    min: 1,
    max: 100000,
    help: 'rooms this process runs at once',
  },
  {
    key: 'maxClients',
    flag: 'max-clients',
    env: 'MAX_CLIENTS',
    kind: 'int',
    min: 1,
    max: 1000000,
    help: 'live websocket connections of the process',
  },
  {
    key: 'connectionsPerAddress',
    flag: 'connections-per-address',
    env: 'CONNECTIONS_PER_ADDRESS',
    kind: 'int',
    min: 1,
    max: 100000,
    help: 'live websocket connections per address',
  },
  {
    key: 'upgradesPerSecond',
    flag: 'upgrades-per-second',
    env: 'UPGRADES_PER_SECOND',
    kind: 'rate',
    min: 0.01,
    max: 10000,
    help: `websocket upgrades per address per second, after a burst of ${UPGRADE_BURST}`,
  },
  {
    key: 'matchmakeBurst',
    flag: 'matchmake-burst',
    env: 'MATCHMAKE_BURST',
    kind: 'int',
    min: 1,
    max: 100000,
    help: 'matchmaking requests per address at once',
  },
  {
    key: 'matchmakePerSecond',
    flag: 'matchmake-per-second',
    env: 'MATCHMAKE_PER_SECOND',
    kind: 'rate',
    min: 0.01,
    max: 10000,
    help: 'matchmaking requests per address per second after the burst',
  },
  {
    key: 'createBurst',
    flag: 'create-burst',
    env: 'CREATE_BURST',
    kind: 'int',
    min: 1,
    max: 100000,
    help: 'room creations per address at once',
  },
  {
    key: 'createIntervalSeconds',
    flag: 'create-interval-seconds',
    env: 'CREATE_INTERVAL_SECONDS',
    kind: 'seconds',
    min: 0.001,
    max: 3600,
    help: 'seconds between room creations per address after the burst',
  },
  {
    key: 'freeFailures',
    flag: 'free-failures',
    env: 'FREE_FAILURES',
    kind: 'int',
    min: 0,
    max: 100000,
    help: 'failed attempts per address before lock-outs',
  },
  {
    key: 'lockoutMaxSeconds',
    flag: 'lockout-max-seconds',
    env: 'LOCKOUT_MAX_SECONDS',
    kind: 'seconds',
    min: 2,
    max: 86400,
    help: 'longest lock-out in seconds; one failure is forgiven after as long',
  },
  {
    key: 'maxBodyBytes',
    flag: 'max-body-bytes',
    env: 'MAX_BODY_BYTES',
    kind: 'int',
    min: 256,
    max: 65536,
    help: 'largest matchmaking request body in bytes',
  },
  {
    key: 'replayDir',
    flag: 'replay-dir',
    env: 'REPLAY_DIR',
    kind: 'string',
    help: 'folder of the match replays',
  },
  {
    key: 'replayKeep',
    flag: 'replay-keep',
    env: 'REPLAY_KEEP',
    kind: 'int',
    min: 0,
    max: 1000000,
    help: 'replays kept, oldest deleted first; 0 = no recording',
  },
  {
    key: 'replayMaxMb',
    flag: 'replay-max-mb',
    env: 'REPLAY_MAX_MB',
    kind: 'int',
    min: 1,
    max: 10000000,
    help: 'megabytes of replays kept, oldest deleted first',
  },
  {
    key: 'redisUrl',
    flag: 'redis',
    env: 'REDIS_URL',
    kind: 'redis',
    help: 'redis://host:port: run as one process of a cluster',
    unset: 'alone, no Redis',
  },
  {
    key: 'publicAddress',
    flag: 'public-address',
    env: 'PUBLIC_ADDRESS',
    kind: 'address',
    help: 'host:port[/path] clients reach this process at (needed with --redis)',
    unset: 'none',
  },
  {
    key: 'drainSeconds',
    flag: 'drain-seconds',
    env: 'DRAIN_SECONDS',
    kind: 'seconds',
    min: 1,
    max: 3600,
    help: 'on SIGTERM: seconds to hand over or finish running matches',
  },
];

/**
 * Settings for a server whose every client comes from one address — the
 * tests, the benchmarks and the soak on loopback — so that they measure the
 * game, not the per-address limits (tests/server/net tests those). Never for
 * a public server.
 */
export const ONE_ADDRESS: Readonly<Partial<ServerConfig>> = {
  sameAddressSpectators: true,
  maxSeatsPerAddress: 5,
  maxRooms: 100_000,
  maxClients: 100_000,
  connectionsPerAddress: 100_000,
  upgradesPerSecond: 10_000,
  matchmakeBurst: 100_000,
  matchmakePerSecond: 10_000,
  createBurst: 100_000,
  createIntervalSeconds: 0.001,
  freeFailures: 100_000,
};

/** The environment variables that give a server process `values` (for a server started as a child). */
export function settingsEnv(values: Partial<ServerConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of SETTINGS) {
    const v = values[s.key];
    if (v === undefined) continue;
    env[s.env] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return env;
}

/** A setting's default as `--help` prints it: a value its flag takes, or what leaving it unset means. */
function shownDefault(s: Setting): string {
  const v = DEFAULT_CONFIG[s.key];
  if (v === undefined) return `unset: ${s.unset ?? 'none'}`;
  return `default ${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`;
}

/** One line per setting, for `--help`: what it does, and its range and default (from `min`, `max` and DEFAULT_CONFIG). */
export function usage(): string {
  const lines = SETTINGS.map((s) => {
    const range = s.min !== undefined && s.max !== undefined ? `${s.min}–${s.max}; ` : '';
    return `  --${s.flag.padEnd(26)} ${s.env.padEnd(24)} ${s.help} (${range}${shownDefault(s)})`;
  });
  return ['usage: npm start -- [flags]   (each flag also reads its environment variable)', ...lines].join(
    '\n',
  );
}

const NOT_A_NUMBER = {
  int: 'must be a whole number',
  seconds: 'must be a number of seconds',
  rate: 'must be a number per second',
} as const;

/**
 * A URL as it may be shown: its password (`redis://:PASSWORD@host`) masked.
 * A URL that does not parse has everything between its scheme and its last
 * `@` masked, user name included.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url.replace(
      /^([a-z][a-z0-9+.-]*:\/\/)?.*@/is,
      (_all, scheme: string | undefined) => `${scheme ?? ''}***@`,
    );
  }
}

function convert(s: Setting, raw: string, source: string): ServerConfig[keyof ServerConfig] {
  const bad = (what: string): never => {
    // A Redis URL may hold Redis's password: never shown.
    const shown = s.kind === 'redis' ? redactUrl(raw) : raw;
    throw new ConfigError(`${source}: ${what}, got ${JSON.stringify(shown)}`);
  };
  // An empty value is a mistake (a template's unset variable), never "the default": a server meant to have
  // a password would be open.
  if (raw.trim() === '') bad('must not be empty');
  switch (s.kind) {
    case 'string':
      return raw;
    case 'redis': {
      let url: URL | null = null;
      try {
        url = new URL(raw.trim());
      } catch {
        url = null;
      }
      if (!url || !['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '')
        bad('must be a redis:// or rediss:// URL');
      return raw.trim();
    }
    case 'address': {
      // host:port with an optional path, as clients reach this process (no scheme: the client adds ws or wss).
      const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})(\/[A-Za-z0-9._~\-/]*)?$/.exec(raw.trim());
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) bad('must be host:port or host:port/path');
      return raw.trim();
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      return bad('must be true or false');
    }
    case 'port': {
      // Not 0: a port the system picks is one no player could be told.
      const n = Number(raw.trim());
      if (!/^\d+$/.test(raw.trim()) || n < (s.min ?? 1) || n > (s.max ?? 65535))
        bad(`must be a port number ${s.min}-${s.max}`);
      return n;
    }
    case 'int':
    case 'seconds':
    case 'rate': {
      const text = raw.trim();
      const ok = s.kind === 'int' ? /^-?\d+$/.test(text) : /^-?\d+(\.\d+)?$/.test(text);
      if (!ok) bad(NOT_A_NUMBER[s.kind]);
      const n = Number(text);
      if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) {
        bad(`must be between ${s.min} and ${s.max}`);
      }
      return n;
    }
  }
}

/**
 * Parse flags (`--port 3000`, `--port=3000`, `--no-bots`) over environment
 * variables over defaults. Throws {@link ConfigError} with a one-line message
 * naming the bad flag or variable; returns null when `--help` was asked for.
 */
export function parseConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ServerConfig | null {
  const config: ServerConfig = { ...DEFAULT_CONFIG };
  const set = (key: keyof ServerConfig, value: ServerConfig[keyof ServerConfig]): void => {
    (config as unknown as Record<string, unknown>)[key] = value;
  };
  for (const s of SETTINGS) {
    const raw = env[s.env];
    if (raw !== undefined) set(s.key, convert(s, raw, `environment variable ${s.env}`));
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return null;
    if (!arg.startsWith('--'))
      throw new ConfigError(`unexpected argument ${JSON.stringify(arg)} (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = name.startsWith('no-') ? SETTINGS.find((x) => x.flag === name.slice(3)) : undefined;
    if (negated && negated.kind === 'bool' && eq < 0) {
      set(negated.key, false);
      continue;
    }
    const s = SETTINGS.find((x) => x.flag === name);
    if (!s) throw new ConfigError(`unknown flag --${name} (see --help)`);
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (s.kind === 'bool' && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) raw = 'true';
    else raw = argv[++i];
    // A flag right after a value flag is its missing value, not the value (`--admin-password --no-bots`);
    // a value that starts with -- is given as --flag=--value.
    if (raw === undefined || (eq < 0 && raw.startsWith('--')))
      throw new ConfigError(`flag --${name}: missing value`);
    set(s.key, convert(s, raw, `flag --${name}`));
  }
  if (config.redisUrl !== undefined && config.publicAddress === undefined) {
    throw new ConfigError(
      'PUBLIC_ADDRESS: must be set with REDIS_URL (host:port at which clients reach this process)',
    );
  }
  if (config.publicAddress !== undefined && config.redisUrl === undefined) {
    // Alone, a process's rooms are reached where its page was: the address would be ignored.
    throw new ConfigError(
      'PUBLIC_ADDRESS: only with REDIS_URL (a process of a cluster; alone, clients reach it where they found it)',
    );
  }
  return config;
}
