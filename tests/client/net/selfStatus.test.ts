import { describe, expect, it } from 'vitest';
import { selfStatusOfWire } from '../../../client/src/net/selfStatus.js';
import { EntityState } from '../../../shared/schema/EntityState.js';
import { PrivateState } from '../../../shared/schema/PrivateState.js';
import { DT } from '../../../shared/tuning.js';

describe('the HUD’s own status', () => {
  it('reads the movement timers as the time left after the acknowledged input', () => {
    const priv = new PrivateState();
    priv.role = 'sarah';
    priv.ack = 100;
    priv.sprintEnd = 130;
    priv.sprintCooldownEnd = 400;
    priv.stunEnd = 99;
    priv.slowEnd = 0;
    priv.morphEnd = 101;
    const s = selfStatusOfWire(priv, new EntityState());
    // n steps left: between n - 1 and n steps' time, told as n - ½.
    expect(s.sprintLeft).toBeCloseTo(29.5 * DT, 9);
    expect(s.sprintCooldown).toBeCloseTo(299.5 * DT, 9);
    expect(s.stun).toBe(0);
    expect(s.slow).toBe(0);
    expect(s.morph).toBeCloseTo(0.5 * DT, 9);
  });
});
