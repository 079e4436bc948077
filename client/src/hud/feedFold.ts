import type { FeedLine } from '../contract/frame.js';

/** Seconds within which the same line again folds into the one shown, with a count. */
export const FOLD_WINDOW = 6;
/** Lines the feed shows at most. */
export const FEED_MAX = 6;
/** Seconds a line stays (its fade is CSS) after it last happened. */
export const FEED_LIFE = 8;

/** One line of the folded feed: the event's text, how many times it happened, and when it last did. */
export interface FoldedLine {
  id: number;
  line: FeedLine;
  count: number;
  last: number;
}

/** The text shown for a folded line: "T-800 hit the T-1000 ×7". */
export const foldedText = (l: FoldedLine): string =>
  l.count > 1 ? `${l.line.text} ×${l.count}` : l.line.text;

/**
 * The event feed's lines, folded: the same event again within
 * {@link FOLD_WINDOW} seconds of its last time adds to that line's count
 * (and moves it to the bottom, the newest) instead of pushing out
 * everything else; lines expire {@link FEED_LIFE} s after they last
 * happened, and at most {@link FEED_MAX} are kept. Pure: the HUD draws it.
 */
export class FeedFolder {
  private lines: FoldedLine[] = [];
  private nextId = 1;

  /** Adds a line at time `now` (seconds); returns the line it became (new or folded into). */
  push(line: FeedLine, now: number): FoldedLine {
    this.expire(now);
    const i = this.lines.findIndex(
      (l) => l.line.text === line.text && l.line.tone === line.tone && now - l.last <= FOLD_WINDOW,
    );
    if (i >= 0) {
      const l = this.lines[i];
      l.count++;
      l.last = now;
      this.lines.splice(i, 1);
      this.lines.push(l);
      return l;
    }
    const l: FoldedLine = { id: this.nextId++, line, count: 1, last: now };
    this.lines.push(l);
    while (this.lines.length > FEED_MAX) this.lines.shift();
    return l;
  }

  /** Drops lines that last happened more than {@link FEED_LIFE} s before `now`. */
  expire(now: number): void {
    if (this.lines.length > 0 && now - this.lines[0].last > FEED_LIFE)
      this.lines = this.lines.filter((l) => now - l.last <= FEED_LIFE);
  }

  /** The lines to show, oldest first. */
  get shown(): readonly FoldedLine[] {
    return this.lines;
  }
}
