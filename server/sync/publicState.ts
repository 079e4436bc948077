/**
 * The public part of the match state: what every client may know (the act,
 * objectives, doors, clocks, the result). Written only where it changed; the
 * door and terminal flags are compared against plain shadow arrays, since
 * reading an ArraySchema element goes through a proxy.
 */
import type { MatchState } from '../../shared/schema/MatchState.js';
import type { World } from '../../shared/sim/types.js';

export class PublicSync {
  private readonly doors: boolean[] = [];
  private readonly terminals: boolean[] = [];

  constructor(private readonly s: MatchState) {}

  write(w: World): void {
    const s = this.s;
    if (s.tick !== w.tick) s.tick = w.tick;
    const clock = Math.max(0, Math.ceil(w.options.judgmentDaySeconds - w.time));
    if (s.clock !== clock) s.clock = clock;
    if (s.act !== w.act) s.act = w.act;
    const o = w.objectives;
    const so = s.objectives;
    if (so.sarahFreed !== o.sarahFreed) so.sarahFreed = o.sarahFreed;
    if (so.vaultOpen !== o.vaultOpen) so.vaultOpen = o.vaultOpen;
    if (so.chipDestroyed !== o.chipDestroyed) so.chipDestroyed = o.chipDestroyed;
    syncFlags(this.terminals, so.terminals, o.terminalsWiped);
    const extraction = Math.min(255, Math.floor(o.extraction));
    if (so.extraction !== extraction) so.extraction = extraction;
    const alarm = Math.min(255, Math.ceil(w.alarm.left));
    if (s.alarm !== alarm) s.alarm = alarm;
    if (alarm > 0 && (s.alarmX !== Math.fround(w.alarm.x) || s.alarmY !== Math.fround(w.alarm.y))) {
      s.alarmX = w.alarm.x;
      s.alarmY = w.alarm.y;
    }
    for (let i = 0; i < w.doors.length; i++) {
      const open = w.doors[i].open;
      if (this.doors[i] === open) continue;
      this.doors[i] = open;
      if (s.doors.length <= i) s.doors.push(open);
      else s.doors[i] = open;
    }
    if (w.result && s.winner === '') {
      s.winner = w.result.winner;
      s.reason = w.result.reason;
    }
  }
}

function syncFlags(
  shadow: boolean[],
  out: { length: number; push(v: boolean): unknown; [i: number]: boolean },
  src: readonly boolean[],
): void {
  for (let i = 0; i < src.length; i++) {
    if (shadow[i] === src[i]) continue;
    shadow[i] = src[i];
    if (out.length <= i) out.push(src[i]);
    else out[i] = src[i];
  }
}
