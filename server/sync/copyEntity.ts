/**
 * Copy what a viewer sees of an entity into its schema instance, touching only
 * the fields whose sent value changes (the schema quantises positions and
 * angles; a write that rounds to the same value sends nothing).
 */
import type { EntityState, TrueEntityState } from '../../shared/schema/EntityState.js';
import type { SeenEntity } from '../../shared/sim/perception.js';
import type { Entity } from '../../shared/sim/types.js';

/** The look and state every viewer shares. */
export function copySeen(dst: EntityState, s: SeenEntity): void {
  if (dst.role !== s.role) dst.role = s.role;
  if (dst.name !== s.name) dst.name = s.name;
  if (dst.color !== s.color) dst.color = s.color;
  dst.x = s.x;
  dst.y = s.y;
  dst.facing = s.facing;
  if (dst.life !== s.life) dst.life = s.life;
  if (dst.liquid !== s.liquid) dst.liquid = s.liquid;
  if (dst.windup !== s.windup) dst.windup = s.windup;
  if (s.windup) dst.windupAim = s.windupAim;
  if (dst.stunned !== s.stunned) dst.stunned = s.stunned;
  if (dst.action !== s.action) dst.action = s.action;
}

/** The truth the hunter and spectators may know on top of the look. */
export function copyTruth(dst: TrueEntityState, e: Entity): void {
  if (dst.publicId !== e.publicId) dst.publicId = e.publicId;
  if (dst.entityId !== e.id) dst.entityId = e.id;
  if (dst.mimicRole !== e.mimicRole) dst.mimicRole = e.mimicRole;
  if (dst.mimicName !== e.mimicName) dst.mimicName = e.mimicName;
  if (dst.mimicColor !== e.mimicColor) dst.mimicColor = e.mimicColor;
}
