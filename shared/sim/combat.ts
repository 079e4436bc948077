import { lineOfSight } from '../map/sight.js';
import { isEscortRole } from '../roles.js';
import { BLADE, ENTITY_RADIUS, KNOCKBACK_TIME, PISTOL, SHOTGUN, STUN } from '../tuning.js';
import { hitsToDown, isActive, isPresent } from './entity.js';
import { emit } from './events.js';
import { endDisguise } from './hunter.js';
import { nearby, runtime } from './runtime.js';
import type { Entity, World } from './types.js';
import { emptyStats } from './world.js';

const BLADE_COS = Math.cos(((BLADE.arcDeg / 2) * Math.PI) / 180);
const SHOTGUN_HALF = ((SHOTGUN.coneDeg / 2) * Math.PI) / 180;

export const sees = (w: World, a: Entity, b: Entity): boolean =>
  lineOfSight(w.tiles, w.map.width, w.map.height, a.x, a.y, b.x, b.y);

/** The T-1000 starts a blade swing: the wind-up everyone sees. */
export function startWindup(w: World, t: Entity, aim: number): void {
  t.windup = BLADE.windup;
  t.windupAim = aim;
  t.facing = aim;
  emit(w, 'windup', t.id, -1, t.x, t.y, aim);
}

/** The wind-up is over: hit every escort in the arc. The disguise ends with the strike. */
export function strike(w: World, t: Entity): void {
  const aim = t.windupAim;
  t.cooldown = BLADE.cooldown;
  emit(w, 'strike', t.id, -1, t.x, t.y, aim);
  endDisguise(w, t);
  const ax = Math.cos(aim);
  const ay = Math.sin(aim);
  const near = nearby(w, t.x, t.y, BLADE.range, runtime(w).near);
  for (const id of near) {
    const e = w.entities[id];
    if (!isEscortRole(e.role) || !isActive(e)) continue;
    const dx = e.x - t.x;
    const dy = e.y - t.y;
    const d = Math.sqrt(dx * dx + dy * dy);
    // Standing on top of the hunter counts as in front of it.
    if (d > 1e-6 && (dx * ax + dy * ay) / d < BLADE_COS) continue;
    if (!sees(w, t, e)) continue;
    wound(w, e, t);
  }
}

/** One blade hit: healthy → injured → downed (the T-800 takes more). */
export function wound(w: World, e: Entity, by: Entity): void {
  e.hits++;
  statsOf(w, by).hitsDealt++;
  statsOf(w, e).hitsTaken++;
  emit(w, 'hit', by.id, e.id, e.x, e.y);
  if (e.hits >= hitsToDown(e)) {
    e.life = 'downed';
    e.downedFor = 0;
    e.action = '';
    e.sprintLeft = 0;
    statsOf(w, e).downs++;
    emit(w, 'downed', by.id, e.id, e.x, e.y);
  } else {
    e.life = 'injured';
  }
}

/** Where NPCs' stats go: nobody reads them. */
const NO_STATS = emptyStats();

/** The stats of a player's entity, or a scratch record for NPCs. */
export function statsOf(w: World, e: Entity) {
  const s = isEscortRole(e.role) || e.role === 't1000' ? w.stats[e.role] : undefined;
  return s ?? NO_STATS;
}

/**
 * An escort fires. Sarah's pistol is a ray, the T-800's shotgun a cone; only
 * the T-1000 is hurt (stun and knockback along the shot); walls stop shots.
 */
export function fire(w: World, shooter: Entity, aim: number): void {
  const shotgun = shooter.role === 't800';
  if (shotgun) {
    shooter.ammo--;
    shooter.cooldown = SHOTGUN.cooldown;
  } else shooter.cooldown = PISTOL.cooldown;
  shooter.facing = aim;
  emit(w, 'shot', shooter.id, -1, shooter.x, shooter.y, aim);
  const tid = w.players.t1000;
  if (tid === undefined) return;
  const t = w.entities[tid];
  if (!isPresent(t)) return;
  const dx = t.x - shooter.x;
  const dy = t.y - shooter.y;
  const d = Math.sqrt(dx * dx + dy * dy);
  const range = shotgun ? SHOTGUN.range : PISTOL.range;
  if (d > range + ENTITY_RADIUS) return;
  const ax = Math.cos(aim);
  const ay = Math.sin(aim);
  if (shotgun) {
    const ang = Math.acos(Math.max(-1, Math.min(1, d > 1e-6 ? (dx * ax + dy * ay) / d : 1)));
    if (ang > SHOTGUN_HALF + Math.atan2(ENTITY_RADIUS, Math.max(d, 1e-6))) return;
  } else {
    const along = dx * ax + dy * ay;
    if (along < 0 || along > range) return;
    if (Math.abs(dx * ay - dy * ax) > ENTITY_RADIUS + PISTOL.aimTolerance) return;
  }
  if (!sees(w, shooter, t)) return;
  const stun = shotgun ? SHOTGUN.stun : PISTOL.stun;
  const knock = shotgun ? SHOTGUN.knockback : PISTOL.knockback;
  const nx = d > 1e-6 ? dx / d : ax;
  const ny = d > 1e-6 ? dy / d : ay;
  // No stun-lock: a stun is never renewed or extended, and for a while after it ends
  // a shot only knocks the hunter back (its swing goes on).
  if (t.stunImmune <= 0) {
    t.stun = stun;
    t.stunImmune = stun + STUN.immunity;
    t.windup = 0;
    t.action = '';
  }
  t.pushX = (nx * knock) / KNOCKBACK_TIME;
  t.pushY = (ny * knock) / KNOCKBACK_TIME;
  t.pushTime = KNOCKBACK_TIME;
  endDisguise(w, t);
  statsOf(w, shooter).hitsDealt++;
  statsOf(w, t).hitsTaken++;
  emit(w, 'shot-hit', shooter.id, t.id, t.x, t.y, aim);
}
