import type { PlayerRole, Role } from '../../../shared/roles.js';
import type { EntityState, TrueEntityState } from '../../../shared/schema/EntityState.js';
import type { PrivateState } from '../../../shared/schema/PrivateState.js';
import { timerFromEnd } from '../../../shared/sim/playerMove.js';
import type { ActionKind, Life } from '../../../shared/sim/types.js';
import { HITS_TO_DOWN } from '../../../shared/tuning.js';
import type { SelfStatus } from '../match/frame.js';

/** The HUD's view of the own character: its private state plus what its entity shows. */
export function selfStatus(
  priv: PrivateState,
  e: EntityState & Partial<Pick<TrueEntityState, 'mimicRole' | 'mimicName'>>,
): SelfStatus {
  const role = priv.role as PlayerRole;
  // A movement timer comes as the seq of the step it runs out on: its value after the acknowledged input.
  const left = (end: number) => timerFromEnd(end, priv.ack);
  return {
    role,
    life: e.life as Life,
    hits: priv.hits,
    hitsToDown: role === 't1000' ? 0 : HITS_TO_DOWN[role],
    cooldown: priv.cooldown,
    sprintLeft: left(priv.sprintEnd),
    sprintCooldown: left(priv.sprintCooldownEnd),
    ammo: priv.ammo,
    stun: left(priv.stunEnd),
    slow: left(priv.slowEnd),
    liquid: e.liquid,
    morph: left(priv.morphEnd),
    mimicRole: (e.mimicRole ?? '') as Role | '',
    mimicName: e.mimicName ?? '',
    mimicLeft: priv.mimicLeft,
    mimicCooldown: priv.mimicCooldown,
    action: e.action as ActionKind,
    actionProgress: priv.actionProgress,
    actionTime: 0,
    downedFor: priv.downedFor,
  };
}
