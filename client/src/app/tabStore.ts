/**
 * What this browser tab keeps across a reload (sessionStorage: per tab, gone
 * when the tab closes): the seat to take back in a match, and the server's
 * password. Storage can be blocked (private modes): then nothing is kept and
 * nothing fails.
 */
import { isTicketShaped } from '../../../shared/protocol.js';

const SEAT_KEY = 'lm.seat';
const PASSWORD_KEY = 'lm.password';

/** The seat a reload takes back: the room's reconnection token (`roomId:token`) and the seat's ticket. */
export interface Seat {
  token: string;
  roomId: string;
  /** The seat's ticket (the match may have moved to another process by then). */
  ticket?: string;
}

/** The part of the Web Storage API used here (a test passes a Map-backed one). */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): TabStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Reads a seat back, or null when there is none or it is not one. */
export function parseSeat(raw: string | null): Seat | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Seat>;
    if (typeof v?.token !== 'string' || typeof v.roomId !== 'string') return null;
    if (!/^[^:]+:[^:]+$/.test(v.token) || !v.token.startsWith(`${v.roomId}:`)) return null;
    const ticket = isTicketShaped(v.ticket) ? v.ticket : undefined;
    return ticket ? { token: v.token, roomId: v.roomId, ticket } : { token: v.token, roomId: v.roomId };
  } catch {
    return null;
  }
}

export class TabStore {
  constructor(private readonly store: TabStorage | null = storage()) {}

  private get(key: string): string | null {
    try {
      return this.store?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private put(key: string, value: string | null): void {
    try {
      if (value === null) this.store?.removeItem(key);
      else this.store?.setItem(key, value);
    } catch {
      // Full or blocked: this tab keeps nothing.
    }
  }

  get seat(): Seat | null {
    return parseSeat(this.get(SEAT_KEY));
  }

  set seat(s: Seat | null) {
    this.put(SEAT_KEY, s ? JSON.stringify(s) : null);
  }

  get password(): string | null {
    return this.get(PASSWORD_KEY) || null;
  }

  set password(p: string | null) {
    this.put(PASSWORD_KEY, p || null);
  }
}
