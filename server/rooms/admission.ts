/**
 * Who may take a seat or watch, by where they come from: spectators are
 * capped; a player may not also watch the live match they play in (nor play
 * in one they watch); a public (listed) match takes only a few players from
 * one address, so nobody can hold every seat of it.
 */
import { ServerError } from '@colyseus/core';
import { JoinError } from '../../shared/protocol.js';
import type { ServerConfig } from '../config.js';
import type { RoomHost } from './roomHost.js';

type Limits = Pick<ServerConfig, 'maxSpectators' | 'sameAddressSpectators' | 'maxSeatsPerAddress'>;

/**
 * Why a client from `address` may not join `room` as a player or a
 * spectator, or null. `retaking` is the session whose held seat this join
 * takes back (the same person after a reload): that seat is not counted.
 */
export function admission(
  room: RoomHost,
  cfg: Limits,
  address: string,
  spectator: boolean,
  retaking?: string,
): ServerError | null {
  const members = [...room.roster.all()].filter(
    (m) => retaking === undefined || m !== room.roster.get(retaking),
  );
  if (spectator && room.roster.spectators >= cfg.maxSpectators) {
    return new ServerError(JoinError.matchFull, 'this match has as many spectators as it allows');
  }
  if (!cfg.sameAddressSpectators && room.state.phase !== 'ended') {
    if (members.some((m) => m.address === address && m.spectator !== spectator)) {
      return new ServerError(
        JoinError.sameAddress,
        spectator ? 'you cannot watch a match you play in' : 'you cannot play in a match you are watching',
      );
    }
  }
  if (!spectator && !room.settings.private) {
    const seats = members.filter((m) => !m.spectator && m.address === address).length;
    if (seats >= cfg.maxSeatsPerAddress) {
      return new ServerError(JoinError.matchFull, 'this address already plays in this match');
    }
  }
  return null;
}
