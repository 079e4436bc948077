/**
 * Seat tickets: a secret per person in a match room (node:crypto), sent to
 * that client alone ({@link ServerMessage.seat}). The room keeps only its
 * hash, and so does the match's record in the cluster: a client whose
 * match moved to another process (a deploy, a crash) shows the ticket
 * there and takes its place back — the same character, where it stands.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A fresh ticket (24 random bytes, base64url) and its hash. */
export function newTicket(): { ticket: string; hash: string } {
  const ticket = randomBytes(24).toString('base64url');
  return { ticket, hash: ticketHash(ticket) };
}

/** What the room and the record keep of a ticket. */
export function ticketHash(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex').slice(0, 32);
}
