/**
 * Seats asked for and not taken. Matchmaking reserves a seat for whoever
 * asks over HTTP, and the seat waits for its websocket
 * (`seatReservationTimeout`) counted against the room's `maxClients`: a
 * stranger who asks for seat after seat and never connects would fill the
 * room, and Colyseus would lock it against the players it is for. So a
 * room takes only a few waiting reservations from one address at a time
 * (each is taken by its websocket within a moment when a real client asks);
 * past that, it refuses the reservation as a full room would.
 *
 * The address comes from the room's matchmaking-time auth (its static
 * `onAuth` returns `{ address }`, which Colyseus hands to the reservation,
 * also across processes). A reconnection's seat is not counted: it is the
 * same person's, held by the room.
 *
 * This reaches into Colyseus' private `_reserveSeat` and `_reservedSeats`
 * (0.18): no public hook sees a reservation. tests/server/net/reservations.test.ts
 * pins it.
 */
import type { Room } from '@colyseus/core';

/** A reservation as Colyseus keeps it: options, auth data, taken by its websocket, held for a reconnection. */
type Reservation = [options: unknown, auth: unknown, consumed: boolean, reconnection: boolean];

interface Reserving {
  _reservedSeats: Record<string, Reservation>;
  _reserveSeat(
    sessionId: string,
    options?: unknown,
    auth?: unknown,
    seconds?: number,
    allowReconnection?: boolean,
    devModeReconnectionToken?: unknown,
  ): Promise<boolean>;
}

/** The address a reservation's auth data names, if any. */
function addressOf(auth: unknown): string | undefined {
  const a = (auth as { address?: unknown } | null | undefined)?.address;
  return typeof a === 'string' ? a : undefined;
}

/** Reservations of `room` from `address` still waiting for their websocket. */
export function waitingSeats(room: Room, address: string): number {
  let n = 0;
  for (const [, auth, consumed, reconnection] of Object.values(
    (room as unknown as Reserving)._reservedSeats,
  )) {
    if (!consumed && !reconnection && addressOf(auth) === address) n++;
  }
  return n;
}

/** Make `room` refuse a reservation from an address that already has `cap()` waiting. */
export function capWaitingSeats(room: Room, cap: () => number): void {
  const r = room as unknown as Reserving;
  const reserve = r._reserveSeat.bind(room);
  r._reserveSeat = (sessionId, options, auth, seconds, allowReconnection, devModeReconnectionToken) => {
    const address = addressOf(auth);
    if (!allowReconnection && address !== undefined && waitingSeats(room, address) >= cap()) {
      return Promise.resolve(false);
    }
    return reserve(sessionId, options, auth, seconds, allowReconnection, devModeReconnectionToken);
  };
}
