import { BLOCKS_LIQUID, BLOCKS_WALK } from '../map/tiles.js';
import { isEscortRole, type Role } from '../roles.js';
import { HITS_TO_DOWN, SHOTGUN } from '../tuning.js';
import type { Entity, Life } from './types.js';

/** A new entity with every field set (monomorphic), standing at (x, y). */
export function makeEntity(
  id: number,
  publicId: number,
  role: Role,
  name: string,
  color: number,
  x: number,
  y: number,
): Entity {
  return {
    id,
    publicId,
    role,
    name,
    color,
    x,
    y,
    facing: 0,
    vx: 0,
    vy: 0,
    life: 'healthy',
    hits: 0,
    downedFor: 0,
    stun: 0,
    stunImmune: 0,
    slow: 0,
    pushX: 0,
    pushY: 0,
    pushTime: 0,
    sprintLeft: 0,
    sprintCooldown: 0,
    cooldown: 0,
    windup: 0,
    windupAim: 0,
    ammo: role === 't800' ? SHOTGUN.shells : 0,
    action: '',
    actionTarget: -1,
    actionProgress: 0,
    actionTime: 0,
    liquid: false,
    morph: 0,
    mimicRole: '',
    mimicName: '',
    mimicColor: 0,
    mimicLife: 'healthy',
    mimicLeft: 0,
    mimicCooldown: 0,
    route: -1,
    routeIdx: 0,
    routeDir: 1,
    goalX: x,
    goalY: y,
    wait: 0,
    dirX: 0,
    dirY: 0,
    scatter: 0,
    prevButtons: 0,
  };
}

/**
 * The predicates every rule and reader asks of a character. They take only
 * the fields they read, so an entity, an entity as a viewer sees it or a
 * bot's copy all answer the same way.
 */

/** Active: in play and able to move and act (healthy or injured; not downed, not out). */
export const isActive = (e: { readonly life: Life }): boolean => e.life === 'healthy' || e.life === 'injured';
/** Present: still in the match (active or downed; not eliminated, not destroyed). */
export const isPresent = (e: { readonly life: Life }): boolean =>
  e.life !== 'eliminated' && e.life !== 'destroyed';

/** The T-1000's form as the rules read it: `liquid` (true from the melt's start) and `morph` (seconds of melt or reform left). */
type Form = { readonly liquid: boolean; readonly morph: number };
/** Fully liquid: melted and not changing form. Only then does it slip through bars and under doors, and hide beyond reveal range. */
export const isFullyLiquid = (e: Form): boolean => e.liquid && e.morph === 0;
/** Fully solid: not liquid and not changing form. Only then can it strike, mimic or terminate, and it walks at full speed. */
export const isFullySolid = (e: Form): boolean => !e.liquid && e.morph === 0;

/** The tile flags that stop this character: a fully liquid T-1000 only meets walls; everyone else is stopped by bars and locked doors too. */
export const blockMaskOf = (e: Form): number => (isFullyLiquid(e) ? BLOCKS_LIQUID : BLOCKS_WALK);

/** Armed: a gunner with a shot to fire (Sarah's pistol never runs dry; the T-800 needs shells). */
export const isArmed = (e: { readonly role: Role; readonly ammo: number }): boolean =>
  e.role === 'sarah' || (e.role === 't800' && e.ammo > 0);

/** Blade hits that down this escort. */
export function hitsToDown(e: Entity): number {
  return isEscortRole(e.role) ? HITS_TO_DOWN[e.role] : 1;
}
