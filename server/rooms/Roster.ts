/**
 * Who is in a match room — the one place that knows: each connected person
 * (name, preference, role, where they connect from) and the roster the
 * clients are sent (`state.players`: people, the host, readiness,
 * connection, and the bots shown once roles are assigned). Every change goes
 * through here, so the two never disagree. Spectators are not here: they
 * join the watch room (server/watch), which counts them in
 * `state.spectators`.
 */
import type { JoinOptions, RolePreference } from '../../shared/protocol.js';
import { PLAYER_ROLES, type PlayerRole, ROLE_NAMES, sideOf } from '../../shared/roles.js';
import { type MatchState, PlayerSlot } from '../../shared/schema/MatchState.js';

/** Player seats per match. */
export const MAX_PLAYERS = PLAYER_ROLES.length;

export const botKey = (role: PlayerRole): string => `bot-${role}`;

/** A connected person. */
export interface Member {
  name: string;
  pref: JoinOptions['pref'];
  /** Watches from the room without a role: a lobby person left without one when the match started ({@link Roster.watch}). */
  spectator: boolean;
  role: PlayerRole | null;
  /** Where the client connects from (an address key: IPv4, or an IPv6 /64). */
  address: string;
  /** The hash of the person's seat ticket (server/rooms/tickets.ts): who they are on another process ('' none). */
  ticket: string;
  /** The hash of their browser's key ({@link JoinOptions.device}; '' none): who may take the place back without a ticket. */
  device: string;
}

export class Roster {
  private readonly members = new Map<string, Member>();

  constructor(private readonly state: MatchState) {}

  get(sessionId: string): Member | undefined {
    return this.members.get(sessionId);
  }

  all(): IterableIterator<Member> {
    return this.members.values();
  }

  /** People (not bots) in the roster, in the order they came. */
  people(): Array<[string, PlayerSlot]> {
    return [...this.state.players.entries()].filter(([, p]) => !p.bot);
  }

  isHost(sessionId: string): boolean {
    return this.state.players.get(sessionId)?.host === true;
  }

  /** Everyone in the lobby is ready (false for an empty lobby). */
  allReady(): boolean {
    const ps = this.people();
    return ps.length > 0 && ps.every(([, p]) => p.ready);
  }

  /** A person joins and gets a slot (the first one is the host); they watch only once {@link watch}ed. */
  join(
    sessionId: string,
    member: Omit<Member, 'ticket' | 'device'> & { ticket?: string; device?: string },
  ): void {
    this.members.set(sessionId, {
      ...member,
      ticket: member.ticket ?? '',
      device: member.device ?? '',
      spectator: false,
    });
    const slot = new PlayerSlot();
    slot.name = member.name;
    slot.pref = member.pref;
    slot.connected = true;
    slot.host = !this.people().some(([, p]) => p.host);
    this.state.players.set(sessionId, slot);
    if (member.role) this.seat(sessionId, member.role);
  }

  /** A person takes `role` (assigned at the start, or a bot's seat taken mid-match). */
  seat(sessionId: string, role: PlayerRole): void {
    const m = this.members.get(sessionId);
    if (m) m.role = role;
    const slot = this.state.players.get(sessionId);
    if (slot) {
      slot.role = role;
      slot.ready = true;
    }
    this.state.players.delete(botKey(role));
  }

  /** Someone without a role once roles are given watches instead. */
  watch(sessionId: string): void {
    const m = this.members.get(sessionId);
    if (!m || m.spectator) return;
    m.spectator = true;
  }

  /** Someone leaves for good; the host passes to the longest-present person left. */
  leave(sessionId: string): Member | undefined {
    const m = this.members.get(sessionId);
    if (!m) return undefined;
    this.members.delete(sessionId);
    const slot = this.state.players.get(sessionId);
    this.state.players.delete(sessionId);
    if (slot?.host) {
      const next = this.people()[0];
      if (next) next[1].host = true;
    }
    return m;
  }

  /** A dropped person's seat is held (false) or they are back (true). */
  setConnected(sessionId: string, connected: boolean): void {
    const slot = this.state.players.get(sessionId);
    if (slot) slot.connected = connected;
  }

  setProfile(sessionId: string, p: { name?: string; pref?: RolePreference }): void {
    const m = this.members.get(sessionId);
    if (!m) return;
    if (p.name !== undefined) m.name = p.name;
    if (p.pref !== undefined) m.pref = p.pref;
    const slot = this.state.players.get(sessionId);
    if (slot) {
      slot.name = m.name;
      slot.pref = m.pref;
    }
  }

  setReady(sessionId: string, ready: boolean): void {
    const slot = this.state.players.get(sessionId);
    if (slot) slot.ready = ready;
  }

  /** The session of the person whose seat ticket hashes to `hash` and who is not connected, if any. */
  awayByTicket(hash: string): string | undefined {
    for (const [sid, m] of this.members) {
      const slot = this.state.players.get(sid);
      if (m.ticket === hash && slot && !slot.connected) return sid;
    }
    return undefined;
  }

  /**
   * The person whose place (held for a reconnection) a fresh join is, if
   * any: the same name, from the same address, and the same browser (`device`,
   * the hash of its key; a join without one takes nothing back — a stranger
   * behind the same address who picks the same name is not that person). In
   * play that place is a seat, so only a member with a role counts; in the
   * lobby any held place does.
   */
  heldPlaceOf(name: string, address: string, device: string, inPlay: boolean): string | undefined {
    if (!device) return undefined;
    for (const [sid, m] of this.members) {
      const slot = this.state.players.get(sid);
      if (m.spectator || (inPlay && !m.role) || !slot || slot.connected) continue;
      if (m.device === device && m.name === name && m.address === address) return sid;
    }
    return undefined;
  }

  /**
   * A fresh session takes over the held seat of `oldId` (the same person back
   * from a reload): the member, the roster line and the host mark move to
   * `newId`, so nobody is listed twice.
   */
  replace(oldId: string, newId: string, address: string): Member | undefined {
    const m = this.members.get(oldId);
    const old = this.state.players.get(oldId);
    if (!m || !old) return undefined;
    this.members.delete(oldId);
    this.members.set(newId, { ...m, address });
    const slot = new PlayerSlot();
    slot.name = old.name;
    slot.pref = old.pref;
    slot.ready = old.ready;
    slot.role = old.role;
    slot.host = old.host;
    slot.connected = true;
    this.state.players.delete(oldId);
    this.state.players.set(newId, slot);
    return this.members.get(newId);
  }

  /**
   * The match is over and the room goes back to its lobby: people keep their
   * place (and the host), lose their role and readiness; bots leave the roster.
   */
  backToLobby(): void {
    for (const [key, slot] of [...this.state.players.entries()]) {
      if (slot.bot) {
        this.state.players.delete(key);
        continue;
      }
      slot.role = '';
      slot.ready = false;
    }
    for (const m of this.members.values()) {
      // A lobby person who watched (no role was left) plays again.
      m.spectator = false;
      m.role = null;
    }
  }

  /** Show a bot in the roster for a role no person plays. */
  showBot(role: PlayerRole): void {
    const slot = new PlayerSlot();
    slot.name = `${ROLE_NAMES[role]} (bot)`;
    slot.pref = sideOf(role);
    slot.ready = true;
    slot.role = role;
    slot.bot = true;
    slot.connected = true;
    this.state.players.set(botKey(role), slot);
  }
}
