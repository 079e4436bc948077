/**
 * Each player's own {@link PrivateState}: written from its character every
 * patch, only the fields that changed, into an instance only its view holds.
 */
import type { PrivateState } from '../../shared/schema/PrivateState.js';
import type { Entity } from '../../shared/sim/types.js';

/** Copy the own character's private numbers (timers are quantised by the schema; a timer at rest is not even re-quantised). */
export function copyPrivate(dst: PrivateState, e: Entity, ack: number, botControlled: boolean): void {
  if (dst.ack !== ack) dst.ack = ack;
  if (dst.x !== Math.fround(e.x)) dst.x = e.x;
  if (dst.y !== Math.fround(e.y)) dst.y = e.y;
  if (dst.hits !== e.hits) dst.hits = e.hits;
  if (dst.ammo !== e.ammo) dst.ammo = e.ammo;
  if (dst.cooldown !== e.cooldown) dst.cooldown = e.cooldown;
  if (dst.sprintLeft !== e.sprintLeft) dst.sprintLeft = e.sprintLeft;
  if (dst.sprintCooldown !== e.sprintCooldown) dst.sprintCooldown = e.sprintCooldown;
  if (dst.stun !== e.stun) dst.stun = e.stun;
  if (dst.slow !== e.slow) dst.slow = e.slow;
  if (dst.downedFor !== e.downedFor) dst.downedFor = e.downedFor;
  const progress = e.actionTime > 0 ? e.actionProgress / e.actionTime : 0;
  if (dst.actionProgress !== progress) dst.actionProgress = progress;
  if (dst.mimicLeft !== e.mimicLeft) dst.mimicLeft = e.mimicLeft;
  if (dst.mimicCooldown !== e.mimicCooldown) dst.mimicCooldown = e.mimicCooldown;
  if (dst.morph !== e.morph) dst.morph = e.morph;
  if (dst.botControlled !== botControlled) dst.botControlled = botControlled;
}
