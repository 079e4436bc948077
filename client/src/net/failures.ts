import { CloseCodes, JoinError } from '../../../shared/protocol.js';
import type { Failure, JoinIntent } from '../contract/session.js';

/** A failure as the client reports it. */
export interface Classified {
  failure: Failure;
  detail: string;
  /** Worth trying again by itself (the server may be restarting; a race for a seat was lost). */
  retryable: boolean;
}

/** Close codes that mean the server dropped this client on purpose (shared/protocol.ts). */
export const KICK_CODES: Readonly<Record<number, string>> = {
  [CloseCodes.withError]:
    'the server dropped this client for sending too much or something it could not read',
  [CloseCodes.messageTooBig]: 'this client sent a message larger than the server accepts',
  [CloseCodes.kicked]: 'the host removed you from the lobby',
};

/** What the player reads for each failure: a title and what to do. */
export const FAILURE_TEXT: Readonly<Record<Failure, { title: string; hint: string }>> = {
  unreachable: {
    title: 'Cannot reach the server',
    hint: 'Check that the server is running and the address is right.',
  },
  full: { title: 'That match is full', hint: 'Pick another match, watch this one, or start a quick play.' },
  'not-found': {
    title: 'That match is gone',
    hint: 'It ended or its host left. Pick another from the list.',
  },
  expired: {
    title: 'Too late to return',
    hint: 'The time to come back to your match had passed: a bot plays your character. Join another match.',
  },
  disconnected: {
    title: 'Connection lost',
    hint: 'The server stopped answering and reconnecting did not work.',
  },
  kicked: {
    title: 'Removed from the match',
    hint: 'The host or the server closed this connection on purpose.',
  },
  refused: {
    title: 'The server refused to let you in',
    hint: 'The name or the options are not allowed, or there were too many failed attempts from here.',
  },
  'same-address': {
    title: 'Not from the same address',
    hint: 'Someone on your network plays in this match, which is watched behind a delay: from one address you may play it or watch it, not both. Watch another match, or this one once it has ended.',
  },
  'bad-code': { title: 'No match with that code', hint: 'Check the code and type it again.' },
  password: {
    title: 'This server needs a password',
    hint: 'Ask the host for it and type it on the home page.',
  },
  aborted: {
    title: 'The match ended early',
    hint: 'A fault on the server ended this match (the server itself is fine). Start or join another.',
  },
  error: { title: 'Something went wrong', hint: 'Go back and try again.' },
};

/** What the join was: a code that names no room and a wrong password are said as such. */
export interface JoinContext {
  intent?: JoinIntent;
  /** Whether the join carried a password (then a refusal means a wrong one, not a missing one). */
  password?: boolean;
}

/** What the player reads when the server wants a password: missing or wrong. */
export const passwordText = (given: boolean): string =>
  given ? 'Wrong password' : 'This server needs a password';

/** Turns what a failed join threw into a failure the player can act on. */
export function classifyJoinError(e: unknown, ctx: JoinContext = {}): Classified {
  const c = classifyBare(e);
  // A code that names a match already over is not a mistyped one.
  const over = (e as { code?: unknown })?.code === JoinError.matchOver;
  if (c.failure === 'not-found' && ctx.intent?.kind === 'code' && !over) {
    return { failure: 'bad-code', detail: `No match with code ${ctx.intent.code}`, retryable: false };
  }
  if (c.failure === 'password') return { ...c, detail: passwordText(ctx.password === true) };
  return c;
}

function classifyBare(e: unknown): Classified {
  const message = e instanceof Error ? e.message : String(e);
  const code = typeof (e as { code?: unknown })?.code === 'number' ? (e as { code: number }).code : undefined;
  const lower = message.toLowerCase();
  if (
    e instanceof TypeError ||
    code === 0 ||
    lower.includes('failed to fetch') ||
    lower.includes('networkerror') ||
    lower.includes('econnrefused') ||
    lower.includes('load failed')
  ) {
    return { failure: 'unreachable', detail: message, retryable: true };
  }
  if (code === JoinError.removed) return { failure: 'kicked', detail: message, retryable: false };
  if (code === JoinError.matchFull || lower.includes('full') || lower.includes('locked')) {
    return { failure: 'full', detail: message, retryable: false };
  }
  if (code === JoinError.matchOver) return { failure: 'not-found', detail: message, retryable: false };
  if (code === JoinError.serverFull) return { failure: 'full', detail: message, retryable: true };
  if (code === JoinError.badPassword || (code === undefined && lower.includes('password'))) {
    return { failure: 'password', detail: message, retryable: false };
  }
  if (code === 429) return { failure: 'refused', detail: message, retryable: false };
  if (code === JoinError.sameAddress) return { failure: 'same-address', detail: message, retryable: false };
  if (code === JoinError.badOptions) {
    return { failure: 'refused', detail: message, retryable: false };
  }
  if (lower.includes('no longer available')) return { failure: 'full', detail: message, retryable: true };
  // 524: a reconnection token the room no longer holds (the room may go on, a bot in the seat).
  if (code === 524) return { failure: 'expired', detail: message, retryable: false };
  // 522: no room with this id (or code).
  if (code === 522 || lower.includes('not found') || lower.includes('disposed')) {
    return { failure: 'not-found', detail: message, retryable: false };
  }
  if (code === 525) return { failure: 'refused', detail: message, retryable: false };
  if (lower.includes('password')) return { failure: 'password', detail: message, retryable: false };
  if (code !== undefined && code >= 500 && code < 600) {
    return { failure: 'error', detail: message, retryable: code === 523 };
  }
  return { failure: 'error', detail: message, retryable: false };
}

/** Consented and normal closes (the player left, the match ended and the room closed). */
const CLEAN = new Set<number>([1000, CloseCodes.consented]);

/**
 * What a room closing with `code` means for the player; null when it was
 * expected (the player left or the room ended normally).
 */
export function classifyClose(code: number, reason?: string): Classified | null {
  if (CLEAN.has(code)) return null;
  if (KICK_CODES[code]) return { failure: 'kicked', detail: reason || KICK_CODES[code], retryable: false };
  if (code === CloseCodes.roomError)
    return {
      failure: 'aborted',
      detail: reason || 'The match ended because of a server error.',
      retryable: false,
    };
  if (code === CloseCodes.serverShutdown)
    return { failure: 'disconnected', detail: 'The server is shutting down.', retryable: false };
  return { failure: 'disconnected', detail: reason || `connection closed (code ${code})`, retryable: false };
}
