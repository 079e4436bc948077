import { describe, expect, it } from 'vitest';
import { type MoveEnv, OwnMotion, type OwnMove, predictMove } from '../../../client/src/net/predictMove.js';
import { copyPrivate } from '../../../server/sync/privateState.js';
import type { PlayerRole } from '../../../shared/roles.js';
import { LIVES, PrivateState } from '../../../shared/schema/PrivateState.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type Entity, type PlayerInput } from '../../../shared/sim/types.js';
import { createWorld, playerEntity } from '../../../shared/sim/world.js';
import { DT, SPEED, SPRINT } from '../../../shared/tuning.js';
import { asciiMap } from '../fixtures/asciiMap.js';

const ROOM = asciiMap([
  '####################',
  '#..................#',
  '#..................#',
  '#.......#####......#',
  '#.......#...#......#',
  '#..................#',
  '#..........|.......#',
  '####################',
]);

function envOf(role: PlayerRole): MoveEnv {
  return { tiles: ROOM.tiles, width: ROOM.width, height: ROOM.height, role };
}

/** The own state as the server would send it for `e` after input `ack`. */
function sent(e: Entity, ack: number): OwnMove {
  const p = new PrivateState();
  copyPrivate(p, e, ack, 0, false);
  return {
    x: p.x,
    y: p.y,
    liquid: p.liquid,
    liquidHeld: p.liquidHeld,
    sprintEnd: p.sprintEnd,
    sprintCooldownEnd: p.sprintCooldownEnd,
    stunEnd: p.stunEnd,
    slowEnd: p.slowEnd,
    morphEnd: p.morphEnd,
    life: p.life,
    channelling: p.channelling,
    tilesVersion: p.tilesVersion,
  };
}

/** A state at (x, y), at rest, after input 0. */
const at = (x: number, y: number, o: Partial<OwnMove> = {}): OwnMove => ({
  x,
  y,
  liquid: false,
  liquidHeld: false,
  sprintEnd: 0,
  sprintCooldownEnd: 0,
  stunEnd: 0,
  slowEnd: 0,
  morphEnd: 0,
  life: 0,
  channelling: false,
  tilesVersion: 0,
  ...o,
});

const move = (moveX: number, moveY: number, buttons = 0): PlayerInput => ({ moveX, moveY, aim: 0, buttons });

/** A walk with turns, wall slides and sprints: the inputs of one player, step by step. */
function walk(): PlayerInput[] {
  const out: PlayerInput[] = [];
  const dirs = [
    [1, 0.3],
    [0.2, 1],
    [1, -1],
    [-1, 0.1],
    [0.7, 0.7],
  ];
  for (let i = 0; i < 450; i++) {
    const [x, y] = dirs[Math.floor(i / 30) % dirs.length];
    // Sprint held for a while, again before the recharge is over, and again after it.
    const sprint = (i >= 40 && i < 45) || (i >= 200 && i < 210) || (i >= 400 && i < 420);
    out.push(move(x, y, sprint ? Button.Sprint : 0));
  }
  return out;
}

describe('own-character prediction', () => {
  it('on its own inputs alone, walks, slides along walls and sprints (start, end, recharge) as the server does', () => {
    const world = createWorld({ map: ROOM, seed: 7, roles: ['john'], options: { police: 0, civilians: 0 } });
    const john = playerEntity(world, 'john')!;
    const t1000 = playerEntity(world, 't1000')!;
    // Keep the hunter out of the way in a far corner.
    t1000.x = 18.5;
    t1000.y = 1.5;
    const env = envOf('john');
    const me = sent(john, 0);
    let sprints = 0;
    walk().forEach((input, i) => {
      const seq = i + 1;
      step(world, { john: input });
      predictMove(env, me, input, seq);
      if (john.sprintLeft === SPRINT.duration) sprints++;
      expect(me.x).toBe(john.x);
      expect(me.y).toBe(john.y);
      expect(me).toEqual(sent(john, seq));
    });
    expect(sprints).toBe(2);
  });

  it('a solid T-1000 is stopped by bars; a liquid one slides through at liquid speed', () => {
    const env = envOf('t1000');
    const me = at(9.5, 6.5);
    const right = move(1, 0);
    let seq = 0;
    for (let i = 0; i < 30; i++) predictMove(env, me, right, ++seq);
    expect(me.x).toBeCloseTo(11 - 0.35, 9);
    me.liquid = true;
    const x0 = me.x;
    predictMove(env, me, right, ++seq);
    expect(me.x - x0).toBeCloseTo(SPEED.t1000Liquid * DT, 9);
    for (let i = 0; i < 30; i++) predictMove(env, me, right, ++seq);
    expect(me.x).toBeGreaterThan(12.35);
  });

  it('a melting T-1000 is held by the bars until the melt is over, as on the server', () => {
    const world = createWorld({ map: ROOM, seed: 7, roles: ['t1000'], options: { police: 0, civilians: 0 } });
    const t = playerEntity(world, 't1000')!;
    const john = playerEntity(world, 'john')!;
    john.x = 1.5;
    john.y = 1.5;
    t.x = 9.5;
    t.y = 6.5;
    const env = envOf('t1000');
    const me = sent(t, 0);
    let heldAtBars = 0;
    for (let seq = 1; seq <= 60; seq++) {
      // Walk into the bars, melt on step 20 (pressing, then holding Liquid).
      const input = move(1, 0, seq >= 20 ? Button.Liquid : 0);
      step(world, { t1000: input });
      predictMove(env, me, input, seq);
      expect(me.x).toBe(t.x);
      expect(me.liquid).toBe(t.liquid);
      if (t.liquid && t.morph > 0 && t.x === 11 - 0.35) heldAtBars++;
    }
    expect(heldAtBars).toBeGreaterThan(15);
    expect(me.x).toBeGreaterThan(12.35);
  });

  it('a stunned character holds still, a channelling one holds while Interact is held, a downed one crawls', () => {
    const env = envOf('john');
    const right = move(1, 0);
    const stunned = at(3.5, 2.5, { stunEnd: 10 });
    predictMove(env, stunned, right, 1);
    expect(stunned.x).toBe(3.5);
    const channelling = at(3.5, 2.5, { channelling: true });
    predictMove(env, channelling, move(1, 0, Button.Interact), 1);
    expect(channelling.x).toBe(3.5);
    // Letting go ends the channel, and the character walks on that very step.
    predictMove(env, channelling, right, 2);
    expect(channelling.x).toBeCloseTo(3.5 + SPEED.john * DT, 9);
    const downed = at(3.5, 2.5, { life: LIVES.indexOf('downed'), stunEnd: 10, sprintEnd: 10 });
    predictMove(env, downed, right, 1);
    expect(downed.x).toBeCloseTo(3.5 + SPEED.downedCrawl * DT, 9);
  });

  it('a timer the server sent runs out on the step the server said', () => {
    const env = envOf('sarah');
    const right = move(1, 0);
    // Sprinting, 3 steps of it left after input 10: boosted on 11 and 12, walking on 13.
    const me = at(3.5, 2.5, { sprintEnd: 13, sprintCooldownEnd: 200 });
    const speeds: number[] = [];
    for (let seq = 11; seq <= 13; seq++) {
      const x0 = me.x;
      predictMove(env, me, right, seq);
      speeds.push((me.x - x0) / DT);
    }
    expect(speeds[0]).toBeCloseTo(SPEED.sarah * (1 + SPRINT.boost), 9);
    expect(speeds[1]).toBeCloseTo(SPEED.sarah * (1 + SPRINT.boost), 9);
    expect(speeds[2]).toBeCloseTo(SPEED.sarah, 9);
    expect(me.sprintEnd).toBe(0);
    expect(me.sprintCooldownEnd).toBe(200);
  });
});

describe('OwnMotion', () => {
  it('keeps its own full-precision position when the server’s float32 one agrees with it, and takes the server’s when not', () => {
    const motion = new OwnMotion(envOf('john'));
    const me = at(3.5, 2.5);
    const right = move(1, 0);
    motion.step({ tick: 1 }, me, right);
    const exact = me.x;
    expect(Math.fround(exact)).not.toBe(exact);
    // A rewind to input 1 with the position as the wire carries it.
    const agreed = { ...me, x: Math.fround(exact) };
    motion.step({ tick: 2 }, agreed, right);
    const alone = at(exact, 2.5);
    predictMove(envOf('john'), alone, right, 2);
    expect(agreed.x).toBe(alone.x);
    // A server that put the character elsewhere is followed.
    const other = { ...me, x: 5.25 };
    motion.step({ tick: 2 }, other, right);
    expect(other.x).toBeCloseTo(5.25 + SPEED.john * DT, 9);
  });
});
