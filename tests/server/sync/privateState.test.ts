import { Encoder } from '@colyseus/schema';
import { describe, expect, it } from 'vitest';
import { copyPrivate } from '../../../server/sync/privateState.js';
import { LIVES, PrivateState } from '../../../shared/schema/PrivateState.js';
import { runDown, stepsLeft } from '../../../shared/sim/playerMove.js';
import { Button } from '../../../shared/sim/types.js';
import { DT, SPRINT } from '../../../shared/tuning.js';
import { asciiMap, ent, room, testWorld } from '../../shared/sim/fixtures.js';

/** Bytes of one patch of `p` after `change`. */
function patchBytes(encoder: Encoder, change: () => void): number {
  change();
  const n = encoder.encode().length;
  encoder.discardChanges();
  return n;
}

describe('the own private state', () => {
  it('sends each movement timer as the seq of the step it runs out on, exactly', () => {
    const w = testWorld(asciiMap(room(10, 10)), ['sarah']);
    const e = ent(w, 'sarah');
    e.sprintLeft = SPRINT.duration;
    e.sprintCooldown = SPRINT.duration + SPRINT.recharge;
    e.stun = 0.6;
    e.liquid = true;
    e.prevButtons = Button.Liquid | Button.Sprint;
    e.life = 'downed';
    e.action = 'revive';
    const p = new PrivateState();
    copyPrivate(p, e, 40, 3, false);
    expect(p.sprintEnd).toBe(40 + stepsLeft(SPRINT.duration));
    expect(p.sprintCooldownEnd).toBe(40 + stepsLeft(SPRINT.duration + SPRINT.recharge));
    expect(p.stunEnd).toBe(40 + stepsLeft(0.6));
    expect(p.slowEnd).toBe(0);
    expect(p.morphEnd).toBe(0);
    expect([p.liquid, p.liquidHeld, LIVES[p.life], p.channelling, p.tilesVersion]).toEqual([
      true,
      true,
      'downed',
      true,
      3,
    ]);
  });

  it('costs nothing while a sprint and its recharge run down one input a step', () => {
    const w = testWorld(asciiMap(room(10, 10)), ['sarah']);
    const e = ent(w, 'sarah');
    const p = new PrivateState();
    const encoder = new Encoder(p);
    encoder.encodeAll();
    encoder.discardChanges();
    let ack = 0;
    patchBytes(encoder, () => copyPrivate(p, e, ++ack, 0, false));
    // A patch that only acknowledges an input.
    const ackOnly = patchBytes(encoder, () => copyPrivate(p, e, ++ack, 0, false));
    e.sprintLeft = SPRINT.duration;
    e.sprintCooldown = SPRINT.duration + SPRINT.recharge;
    expect(patchBytes(encoder, () => copyPrivate(p, e, ++ack, 0, false))).toBeGreaterThan(ackOnly);
    const sizes = new Map<number, number>();
    while (e.sprintCooldown > 0) {
      e.sprintLeft = runDown(e.sprintLeft, DT);
      e.sprintCooldown = runDown(e.sprintCooldown, DT);
      const n = patchBytes(encoder, () => copyPrivate(p, e, ++ack, 0, false));
      sizes.set(n, (sizes.get(n) ?? 0) + 1);
    }
    // Every patch is an acknowledgement alone, but the two on which the boost and the recharge run out.
    const steps = stepsLeft(SPRINT.duration + SPRINT.recharge);
    expect([...sizes.values()].reduce((a, b) => a + b)).toBe(steps);
    expect(sizes.get(ackOnly)).toBe(steps - 2);
  });
});
