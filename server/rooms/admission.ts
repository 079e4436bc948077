/**
 * Who may take a seat in a match room, by where they come from: a public
 * (listed) match takes only a few players from one address, so nobody can
 * hold every seat of it; and nobody plays in a match watched from their
 * address — through its watch room (server/watch, which keeps the reverse
 * rule), or by someone in the room left without a role. Spectators do not
 * join the match room (the room refuses them before asking here).
 */
import { ServerError } from '@colyseus/core';
import { JoinError } from '../../shared/protocol.js';
import type { ServerConfig } from '../config.js';
import type { RoomHost } from './roomHost.js';

type Limits = Pick<ServerConfig, 'sameAddressSpectators' | 'maxSeatsPerAddress'>;

/**
 * Why a player from `address` may not join `room`, or null. `watching`:
 * someone from that address watches the match through its watch room
 * behind a delay. `retaking` is the session whose held seat this join takes
 * back (the same person after a reload): that seat is not counted.
 */
export function admission(
  room: RoomHost,
  cfg: Limits,
  address: string,
  watching: boolean,
  retaking?: string,
): ServerError | null {
  const members = [...room.roster.all()].filter(
    (m) => retaking === undefined || m !== room.roster.get(retaking),
  );
  if (!cfg.sameAddressSpectators && room.state.phase !== 'ended') {
    if (watching || members.some((m) => m.address === address && m.spectator)) {
      return new ServerError(
        JoinError.sameAddress,
        'someone at your address watches this match behind its delay: it may not be played from there',
      );
    }
  }
  if (!room.settings.private) {
    const seats = members.filter((m) => !m.spectator && m.address === address).length;
    if (seats >= cfg.maxSeatsPerAddress) {
      return new ServerError(JoinError.matchFull, 'this address already plays in this match');
    }
  }
  return null;
}
