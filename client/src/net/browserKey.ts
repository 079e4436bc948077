/**
 * This browser's own random key, sent with every join ({@link JoinOptions.device}):
 * a place held for a player whose connection dropped is taken back without
 * the tab's ticket — a second tab, a window opened again — only by the same
 * name from the same browser, never by someone else behind the same address
 * who picks that name. Kept in localStorage (shared by the browser's tabs and
 * windows); where storage is refused, a key for this page alone.
 */
import { isTicketShaped, type JoinOptions } from '../../../shared/protocol.js';

const KEY = 'lm.browser';

let pageKey: string | null = null;

function fresh(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The key (made on first use). */
export function browserKey(): NonNullable<JoinOptions['device']> {
  try {
    const kept = localStorage.getItem(KEY);
    if (isTicketShaped(kept)) return kept;
    const made = fresh();
    localStorage.setItem(KEY, made);
    return made;
  } catch {
    pageKey ??= fresh();
    return pageKey;
  }
}
