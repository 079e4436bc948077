import {
  isRoomCodeShaped,
  NAME_MAX,
  REPLAY_ID,
  ROLE_PREFERENCES,
  type RolePreference,
} from '../../../shared/protocol.js';
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
  /** `?replay=ID`: watch this replay of the server (client/src/replay). */
  replay: string | null;
  /** `?replays`: the replays page. */
  replays: boolean;
}

const NUMERIC_OPTIONS = [
  'matchSeconds',
  'police',
  'civilians',
  'timeScale',
  'seed',
  'countdown',
  'spectatorDelay',
] as const;

/**
 * Reads the query string: `?quickplay=1&name=NAME` (the shareable quick-play
 * link), `?code=CODE` (the invite to a private match, as the address bar
 * shows it in one), `?join=ROOM_OR_CODE`, `?watch=ROOM`, `?pref=hunter|escort|any|john|sarah|t800|dyson`,
 * `?server=ws://host:port`, `?sandbox=ROLE`, `?replay=ID` (watch a replay), `?replays`
 * (the replays page), and room options such as
 * `matchSeconds=60`.
 */
export function parseUrl(search: string): UrlParams {
  const q = new URLSearchParams(search);
  const flag = (k: string) => q.has(k) && q.get(k) !== '0' && q.get(k) !== 'false';
  let intent: JoinIntent | null = null;
  const join = q.get('join');
  const watch = q.get('watch');
  const code = q.get('code');
  if (watch) intent = { kind: 'spectate', roomId: watch };
  else if (code && isRoomCodeShaped(code)) intent = { kind: 'code', code: code.toUpperCase() };
  else if (join)
    intent = isRoomCodeShaped(join)
      ? { kind: 'code', code: join.toUpperCase() }
      : { kind: 'join', roomId: join };
  else if (flag('quickplay')) intent = { kind: 'quickplay' };
  const rawName = q.get('name');
  const name = rawName ? rawName.trim().slice(0, NAME_MAX) || null : null;
  const p = q.get('pref');
  const pref = ROLE_PREFERENCES.includes(p as RolePreference) ? (p as RolePreference) : null;
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
  const replay = q.get('replay');
  return {
    intent,
    name,
    pref,
    server: q.get('server'),
    sandbox,
    roomOptions,
    password: q.get('password'),
    replay: replay && REPLAY_ID.test(replay) ? replay : null,
    replays: q.has('replays'),
  };
}

/** The WebSocket endpoint of the game server for a page at `location`. */
export function endpointFor(server: string | null, location: { protocol: string; host: string }): string {
  if (server) return server.replace(/^http/, 'ws');
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/** What starts a join when the page loads: used once, then taken out of the address. */
const INTENT_KEYS = ['quickplay', 'join', 'watch', 'code', 'replay', 'replays'] as const;

/**
 * The query string the address bar should show: the `code` of the private
 * match the player is in (copying the address invites a friend), or the
 * room a spectator watches (a reload goes on watching it), and never a
 * password. Out of a private match the one-shot join keys go, so a reload
 * at home stays at home. Other keys (name, server, options) are kept.
 */
export function addressFor(search: string, code: string | null, watching: string | null = null): string {
  const q = new URLSearchParams(search);
  q.delete('password');
  for (const k of INTENT_KEYS) q.delete(k);
  if (watching) q.set('watch', watching);
  else if (code) q.set('code', code);
  const out = q.toString();
  return out ? `?${out}` : '';
}

/** The query string without the password (read once, then kept in the tab, not in the address bar). */
export function withoutPassword(search: string): string {
  const q = new URLSearchParams(search);
  if (!q.has('password')) return search;
  q.delete('password');
  const out = q.toString();
  return out ? `?${out}` : '';
}
