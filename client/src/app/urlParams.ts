import { NAME_MAX, type RolePreference } from '../../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole } from '../../../shared/roles.js';
import type { JoinIntent } from './screens.js';

/** What the page's address asks for. */
export interface UrlParams {
  /** Start straight away: quick play, join a room or code, or watch a room. */
  intent: JoinIntent | null;
  name: string | null;
  pref: RolePreference | null;
  /** Game server address (ws:// or http://); default: the page's own host. */
  server: string | null;
  /** Offline practice in the page with this role, no server. */
  sandbox: PlayerRole | null;
  /** Room options passed when this client creates a room (host options; test options need a dev server). */
  roomOptions: Record<string, number | boolean>;
  password: string | null;
}

const NUMERIC_OPTIONS = ['matchSeconds', 'police', 'civilians', 'timeScale', 'seed', 'countdown'] as const;

/**
 * Reads the query string: `?quickplay=1&name=NAME` (the shareable quick-play
 * link), `?join=ROOM_OR_CODE`, `?watch=ROOM`, `?pref=hunter|escort|any`,
 * `?server=ws://host:port`, `?sandbox=ROLE`, and room options such as
 * `matchSeconds=60`.
 */
export function parseUrl(search: string): UrlParams {
  const q = new URLSearchParams(search);
  const flag = (k: string) => q.has(k) && q.get(k) !== '0' && q.get(k) !== 'false';
  let intent: JoinIntent | null = null;
  const join = q.get('join');
  const watch = q.get('watch');
  if (watch) intent = { kind: 'spectate', roomId: watch };
  else if (join)
    intent = /^[A-Z0-9]{6}$/i.test(join)
      ? { kind: 'code', code: join.toUpperCase() }
      : { kind: 'join', roomId: join };
  else if (flag('quickplay')) intent = { kind: 'quickplay' };
  const rawName = q.get('name');
  const name = rawName ? rawName.trim().slice(0, NAME_MAX) || null : null;
  const p = q.get('pref');
  const pref = p === 'hunter' || p === 'escort' || p === 'any' ? p : null;
  const s = q.get('sandbox');
  const sandbox =
    s === null
      ? null
      : (PLAYER_ROLES as readonly string[]).includes(s)
        ? (s as PlayerRole)
        : s === '' || s === '1'
          ? 'john'
          : null;
  const roomOptions: Record<string, number | boolean> = {};
  for (const k of NUMERIC_OPTIONS) {
    const v = q.get(k);
    if (v !== null && v.trim() !== '' && Number.isFinite(Number(v))) roomOptions[k] = Number(v);
  }
  if (q.has('bots')) roomOptions.bots = flag('bots');
  return { intent, name, pref, server: q.get('server'), sandbox, roomOptions, password: q.get('password') };
}

/** The WebSocket endpoint of the game server for a page at `location`. */
export function endpointFor(server: string | null, location: { protocol: string; host: string }): string {
  if (server) return server.replace(/^http/, 'ws');
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}
