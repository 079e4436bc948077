/**
 * Game events, filtered and translated per viewer. Every step's events are
 * checked against the viewer's vision at that step (the simulation's
 * `eventVisibleTo`), their entity ids turned into the keys that viewer knows,
 * and queued until the next patch.
 */
import type { EventWire } from '../../shared/protocol.js';
import type { Viewer } from '../../shared/sim/perception.js';
import type { World } from '../../shared/sim/types.js';
import { eventVisibleTo } from '../../shared/sim/vision.js';
import type { ViewSync } from './ViewSync.js';

const VIEWERS: readonly Viewer[] = ['escort', 'hunter', 'spectator'];
const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

export class EventFeed {
  private readonly pending: Record<Viewer, EventWire[]> = { escort: [], hunter: [], spectator: [] };

  /** Queue this step's events for each viewer that has listeners. */
  collect(world: World, sync: ViewSync, listening: (viewer: Viewer) => boolean): void {
    if (world.events.length === 0) return;
    for (const viewer of VIEWERS) {
      if (!listening(viewer)) continue;
      const out = this.pending[viewer];
      for (const ev of world.events) {
        if (!eventVisibleTo(world, ev, viewer)) continue;
        out.push([
          ev.type,
          sync.keyFor(viewer, ev.by),
          sync.keyFor(viewer, ev.target),
          r2(ev.x),
          r2(ev.y),
          r3(ev.value),
        ]);
      }
    }
  }

  /** The queued events of a viewer, or null when there are none. */
  peek(viewer: Viewer): EventWire[] | null {
    const out = this.pending[viewer];
    return out.length === 0 ? null : out;
  }

  /** Forget the queued events (they were sent with the patch). */
  clear(): void {
    for (const v of VIEWERS) if (this.pending[v].length > 0) this.pending[v] = [];
  }
}
