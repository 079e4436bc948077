import { HITS_TO_DOWN, SHOTGUN } from '../tuning.js';
import { isEscortRole, type Role } from './roles.js';
import type { Entity } from './types.js';

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

/** In play: can move and act (not downed, not out). */
export const isActive = (e: Entity): boolean => e.life === 'healthy' || e.life === 'injured';
/** Still in the match (active or downed). */
export const isPresent = (e: Entity): boolean => e.life !== 'eliminated' && e.life !== 'destroyed';

/** Blade hits that down this escort. */
export function hitsToDown(e: Entity): number {
  return isEscortRole(e.role) ? HITS_TO_DOWN[e.role] : 1;
}
