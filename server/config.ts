/**
 * Server configuration: environment variables and command-line flags, parsed
 * once at start-up into one validated, typed object. A flag wins over its
 * environment variable; a bad value throws a {@link ConfigError} naming it.
 */

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
  /** Password every join must carry; undefined = open server (SERVER_PASSWORD, --password). */
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
}

export class ConfigError extends Error {}

export const DEFAULT_CONFIG: Readonly<ServerConfig> = {
  port: 2567,
  host: '0.0.0.0',
  map: undefined,
  matchSeconds: 15 * 60,
  bots: true,
  countdownSeconds: 15,
  reconnectSeconds: 20,
  maxSpectators: 10,
  password: undefined,
  clientDir: 'dist/client',
  seed: undefined,
  maxMessagesPerSecond: 120,
  devOptions: false,
};

type Kind = 'port' | 'string' | 'int' | 'bool' | 'seconds';

interface Setting {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  kind: Kind;
  min?: number;
  max?: number;
  help: string;
}

const SETTINGS: readonly Setting[] = [
  { key: 'port', flag: 'port', env: 'PORT', kind: 'port', help: 'TCP port (default 2567)' },
  { key: 'host', flag: 'host', env: 'HOST', kind: 'string', help: 'interface to bind (default 0.0.0.0)' },
  { key: 'map', flag: 'map', env: 'MAP', kind: 'string', help: 'map name or .tmj path' },
  {
    key: 'matchSeconds',
    flag: 'match-seconds',
    env: 'MATCH_SECONDS',
    kind: 'seconds',
    min: 10,
    max: 3600,
    help: 'Judgment Day clock in seconds (default 900)',
  },
  { key: 'bots', flag: 'bots', env: 'BOTS', kind: 'bool', help: 'fill empty roles with bots (default on)' },
  {
    key: 'countdownSeconds',
    flag: 'countdown',
    env: 'COUNTDOWN',
    kind: 'seconds',
    min: 0,
    max: 300,
    help: 'quick-play lobby countdown in seconds (default 15)',
  },
  {
    key: 'reconnectSeconds',
    flag: 'reconnect-seconds',
    env: 'RECONNECT_SECONDS',
    kind: 'seconds',
    min: 0,
    max: 600,
    help: 'seconds a dropped seat is held (default 20)',
  },
  {
    key: 'maxSpectators',
    flag: 'max-spectators',
    env: 'MAX_SPECTATORS',
    kind: 'int',
    min: 0,
    max: 1000,
    help: 'spectators per match (default 10)',
  },
  { key: 'password', flag: 'password', env: 'SERVER_PASSWORD', kind: 'string', help: 'password to join' },
  { key: 'clientDir', flag: 'client-dir', env: 'CLIENT_DIR', kind: 'string', help: 'built client folder' },
  { key: 'seed', flag: 'seed', env: 'SEED', kind: 'int', min: 0, max: 0xffffffff, help: 'fixed match seed' },
  {
    key: 'maxMessagesPerSecond',
    flag: 'max-messages-per-second',
    env: 'MAX_MESSAGES_PER_SECOND',
    kind: 'int',
    min: 31,
    max: 10000,
    help: 'client messages per second before a drop (default 120)',
  },
  {
    key: 'devOptions',
    flag: 'dev-options',
    env: 'DEV_OPTIONS',
    kind: 'bool',
    help: 'accept test-only room options',
  },
];

/** One line per setting, for `--help`. */
export function usage(): string {
  const lines = SETTINGS.map((s) => `  --${s.flag.padEnd(26)} ${s.env.padEnd(24)} ${s.help}`);
  return ['usage: npm start -- [flags]   (each flag also reads its environment variable)', ...lines].join(
    '\n',
  );
}

function convert(s: Setting, raw: string, source: string): ServerConfig[keyof ServerConfig] {
  const bad = (what: string): never => {
    throw new ConfigError(`${source}: ${what}, got ${JSON.stringify(raw)}`);
  };
  switch (s.kind) {
    case 'string':
      if (raw.trim() === '') bad('must not be empty');
      return raw;
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      return bad('must be true or false');
    }
    case 'port': {
      if (!/^\d+$/.test(raw.trim())) bad('must be a port number 0-65535');
      const n = Number(raw);
      if (n > 65535) bad('must be a port number 0-65535');
      return n;
    }
    case 'int':
    case 'seconds': {
      const text = raw.trim();
      const ok = s.kind === 'int' ? /^-?\d+$/.test(text) : /^-?\d+(\.\d+)?$/.test(text);
      if (!ok) bad(s.kind === 'int' ? 'must be a whole number' : 'must be a number of seconds');
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
    if (raw !== undefined && raw !== '') set(s.key, convert(s, raw, `environment variable ${s.env}`));
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
    if (raw === undefined) throw new ConfigError(`flag --${name}: missing value`);
    set(s.key, convert(s, raw, `flag --${name}`));
  }
  return config;
}
