/**
 * Each player's own {@link PrivateState}: written from its character every
 * patch, only the fields that changed, into an instance only its view holds.
 */
import { LIVES, type PrivateState } from '../../shared/schema/PrivateState.js';
import { timerEnd } from '../../shared/sim/playerMove.js';
import { Button, type Entity } from '../../shared/sim/types.js';

/**
 * Copy the own character's private numbers. The timers movement reads go as
 * the seq of the step they run out on, exact and unchanged while they run
 * down; the others are quantised by the schema (a timer at rest is not even
 * re-quantised).
 */
export function copyPrivate(
  dst: PrivateState,
  e: Entity,
  ack: number,
  tilesVersion: number,
  botControlled: boolean,
): void {
  if (dst.ack !== ack) dst.ack = ack;
  if (dst.x !== Math.fround(e.x)) dst.x = e.x;
  if (dst.y !== Math.fround(e.y)) dst.y = e.y;
  if (dst.hits !== e.hits) dst.hits = e.hits;
  if (dst.ammo !== e.ammo) dst.ammo = e.ammo;
  if (dst.cooldown !== e.cooldown) dst.cooldown = e.cooldown;
  const sprintEnd = timerEnd(e.sprintLeft, ack);
  if (dst.sprintEnd !== sprintEnd) dst.sprintEnd = sprintEnd;
  const sprintCooldownEnd = timerEnd(e.sprintCooldown, ack);
  if (dst.sprintCooldownEnd !== sprintCooldownEnd) dst.sprintCooldownEnd = sprintCooldownEnd;
  const stunEnd = timerEnd(e.stun, ack);
  if (dst.stunEnd !== stunEnd) dst.stunEnd = stunEnd;
  const slowEnd = timerEnd(e.slow, ack);
  if (dst.slowEnd !== slowEnd) dst.slowEnd = slowEnd;
  const morphEnd = timerEnd(e.morph, ack);
  if (dst.morphEnd !== morphEnd) dst.morphEnd = morphEnd;
  if (dst.liquid !== e.liquid) dst.liquid = e.liquid;
  const liquidHeld = (e.prevButtons & Button.Liquid) !== 0;
  if (dst.liquidHeld !== liquidHeld) dst.liquidHeld = liquidHeld;
  const life = LIVES.indexOf(e.life);
  if (dst.life !== life) dst.life = life;
  const channelling = e.action !== '';
  if (dst.channelling !== channelling) dst.channelling = channelling;
  if (dst.tilesVersion !== tilesVersion) dst.tilesVersion = tilesVersion;
  if (dst.downedFor !== e.downedFor) dst.downedFor = e.downedFor;
  const progress = e.actionTime > 0 ? e.actionProgress / e.actionTime : 0;
  if (dst.actionProgress !== progress) dst.actionProgress = progress;
  if (dst.mimicLeft !== e.mimicLeft) dst.mimicLeft = e.mimicLeft;
  if (dst.mimicCooldown !== e.mimicCooldown) dst.mimicCooldown = e.mimicCooldown;
  if (dst.botControlled !== botControlled) dst.botControlled = botControlled;
}
