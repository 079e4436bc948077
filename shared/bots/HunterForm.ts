import { BLOCKS_LIQUID, BLOCKS_WALK } from '../map/tiles.js';
import type { Entity } from '../sim/types.js';
import { LIQUID, SPEED } from '../tuning.js';
import type { Navigator } from './Navigator.js';

/**
 * When the T-1000 goes liquid. Twice a second it compares walking round
 * with sliding through bars and under doors (half speed, a melt and a
 * reform); when sliding wins by a margin it takes that route, but walks it
 * solid (full speed, able to strike) up to the first bar or door, melts
 * there, and reforms once walking is as good again.
 */

const DECIDE_EVERY = 0.5;
/** Seconds sliding must save before it is worth it. */
const MARGIN = 1.5;
/** Distances ahead (tiles) checked for bars before melting. */
const AHEAD = [0.5, 0.9, 1.2];

export class HunterForm {
  /** The route being followed: through bars (liquid mask) or walking. */
  liquidRoute = false;
  private decidedAt = Number.NEGATIVE_INFINITY;

  /** The block mask to path with now. */
  get mask(): number {
    return this.liquidRoute ? BLOCKS_LIQUID : BLOCKS_WALK;
  }

  /**
   * Decide the route toward (gx, gy) and whether to press Liquid this step
   * (a toggle: melt or reform). Call after the navigator has steered, so
   * `nav.dir` is the way ahead.
   */
  update(nav: Navigator, self: Entity, time: number, gx: number, gy: number, moving: boolean): boolean {
    if (self.morph > 0) return false;
    if (time - this.decidedAt >= DECIDE_EVERY) {
      this.decidedAt = time;
      this.liquidRoute = this.slideWins(nav, self, gx, gy, moving);
    }
    const near = Math.hypot(gx - self.x, gy - self.y) < 2.5;
    if (!self.liquid) return this.liquidRoute && !near && this.blockedAhead(nav, self);
    // Liquid: reform as soon as walking serves and the body fits here.
    if (this.liquidRoute && !near) return false;
    return nav.clearLine(self.x, self.y, self.x, self.y, BLOCKS_WALK);
  }

  /** Forget the route (e.g. when the target changes completely). */
  reset(): void {
    this.decidedAt = Number.NEGATIVE_INFINITY;
  }

  private slideWins(nav: Navigator, self: Entity, gx: number, gy: number, moving: boolean): boolean {
    const walk = nav.pathDistTo(self.x, self.y, gx, gy, BLOCKS_WALK, moving);
    const straight = Math.hypot(gx - self.x, gy - self.y);
    // Sliding (half speed, two morphs) only wins on a long detour: skip the second search otherwise.
    const morphs = self.liquid ? LIQUID.morph : 2 * LIQUID.morph;
    if (walk < Number.POSITIVE_INFINITY && walk <= 2 * straight + morphs * SPEED.t1000) return false;
    const slide = nav.pathDistTo(self.x, self.y, gx, gy, BLOCKS_LIQUID, moving);
    if (slide === Number.POSITIVE_INFINITY) return false;
    return slide / SPEED.t1000Liquid + morphs + MARGIN < walk / SPEED.t1000;
  }

  /** Whether bars or a locked door (walls for a walker, open to a puddle) lie just ahead. */
  private blockedAhead(nav: Navigator, self: Entity): boolean {
    for (const d of AHEAD) {
      const f = nav.flagsAt(self.x + nav.dir.x * d, self.y + nav.dir.y * d);
      if ((f & BLOCKS_WALK) !== 0 && (f & BLOCKS_LIQUID) === 0) return true;
    }
    return false;
  }
}
