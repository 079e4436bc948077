/** A public match as the lobby listing describes it (Colyseus' room cache entry). */
export interface ListedRoom {
  roomId: string;
  name: string;
  clients: number;
  maxClients: number;
  locked?: boolean;
  /** What the match room publishes about itself (phase, map, players…); shape set by the server. */
  metadata?: Record<string, unknown> | null;
}

/**
 * The live list of public matches, kept from the LobbyRoom's three messages:
 * `rooms` (the whole list), `+` (a room added or changed) and `-` (a room gone).
 * Pure: returns a new list each time, sorted so joinable rooms come first.
 */
export function applyListing(list: readonly ListedRoom[], type: string, payload: unknown): ListedRoom[] {
  let next: ListedRoom[];
  if (type === 'rooms' && Array.isArray(payload)) {
    next = payload.filter(isRoom);
  } else if (type === '+' && Array.isArray(payload) && isRoom(payload[1])) {
    const room = payload[1];
    next = list.filter((r) => r.roomId !== payload[0]);
    next.push({ ...room, roomId: String(payload[0]) });
  } else if (type === '-' && typeof payload === 'string') {
    next = list.filter((r) => r.roomId !== payload);
  } else {
    return [...list];
  }
  return next.sort(byJoinable);
}

function isRoom(v: unknown): v is ListedRoom {
  return typeof v === 'object' && v !== null && typeof (v as ListedRoom).roomId === 'string';
}

/** Whether a player can still take a seat (not full, not locked). */
export function joinable(r: ListedRoom): boolean {
  return !r.locked && r.clients < r.maxClients;
}

function byJoinable(a: ListedRoom, b: ListedRoom): number {
  const ja = joinable(a) ? 0 : 1;
  const jb = joinable(b) ? 0 : 1;
  if (ja !== jb) return ja - jb;
  return b.clients - a.clients || a.roomId.localeCompare(b.roomId);
}
