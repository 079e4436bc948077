import type { PlayerRole } from '../../../shared/roles.js';
import type { EntityState, TrueEntityState } from '../../../shared/schema/EntityState.js';
import type { PrivateState } from '../../../shared/schema/PrivateState.js';
import type { Look, Truth } from '../../../shared/sim/look.js';
import { timerFromEnd } from '../../../shared/sim/playerMove.js';
import type { SelfStatus } from '../contract/frame.js';
import { selfStatus } from '../contract/selfStatus.js';

/** The HUD's view of the own character from the wire: its private state plus what its entity shows. */
export function selfStatusOfWire(
  priv: PrivateState,
  e: EntityState & Partial<Pick<TrueEntityState, 'mimicRole' | 'mimicName'>>,
): SelfStatus {
  // A movement timer comes as the seq of the step it runs out on: its value after the acknowledged input.
  const left = (end: number) => timerFromEnd(end, priv.ack);
  const truth = e.mimicRole !== undefined ? (e as unknown as Truth) : null;
  return selfStatus(priv.role as PlayerRole, e as unknown as Look, truth, {
    hits: priv.hits,
    cooldown: priv.cooldown,
    sprintLeft: left(priv.sprintEnd),
    sprintCooldown: left(priv.sprintCooldownEnd),
    ammo: priv.ammo,
    stun: left(priv.stunEnd),
    slow: left(priv.slowEnd),
    liquid: e.liquid,
    morph: left(priv.morphEnd),
    mimicLeft: priv.mimicLeft,
    mimicCooldown: priv.mimicCooldown,
    actionProgress: priv.actionProgress,
    actionTime: 0,
    downedFor: priv.downedFor,
  });
}
