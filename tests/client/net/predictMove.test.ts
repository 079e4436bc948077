import { describe, expect, it } from 'vitest';
import { type MoveEnv, predictMove, startsSprint } from '../../../client/src/net/predictMove.js';
import {
  SPRINT_COOLDOWN_STEPS,
  SPRINT_STEPS,
  SprintTimeline,
} from '../../../client/src/net/SprintTimeline.js';
import { step } from '../../../shared/sim/step.js';
import { Button, type PlayerInput } from '../../../shared/sim/types.js';
import { createWorld, playerEntity } from '../../../shared/sim/world.js';
import { DT, SPRINT } from '../../../shared/tuning.js';
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

function envOf(role: 'john' | 't1000'): MoveEnv {
  return {
    tiles: ROOM.tiles,
    width: ROOM.width,
    height: ROOM.height,
    role,
    life: 'healthy',
    liquid: false,
    morph: 0,
    stun: 0,
    slow: 0,
    channelling: false,
  };
}

/** A walk with turns, wall slides and a sprint: the inputs of one player, step by step. */
function walk(): PlayerInput[] {
  const out: PlayerInput[] = [];
  for (let i = 0; i < 150; i++) {
    const phase = Math.floor(i / 30);
    const dirs = [
      [1, 0.3],
      [0.2, 1],
      [1, -1],
      [-1, 0.1],
      [0.7, 0.7],
    ];
    const [x, y] = dirs[phase];
    out.push({ moveX: x, moveY: y, aim: 0, buttons: i >= 40 && i < 45 ? Button.Sprint : 0 });
  }
  return out;
}

describe('own-character prediction', () => {
  it('walks, slides along walls and sprints exactly as the server simulation does', () => {
    const world = createWorld({ map: ROOM, seed: 7, roles: ['john'], options: { police: 0, civilians: 0 } });
    const john = playerEntity(world, 'john')!;
    const t1000 = playerEntity(world, 't1000')!;
    // Keep the hunter out of the way in a far corner.
    t1000.x = 18.5;
    t1000.y = 1.5;
    const env = envOf('john');
    const sprint = new SprintTimeline();
    const me = { x: john.x, y: john.y };
    const inputs = walk();
    inputs.forEach((input, i) => {
      const seq = i + 1;
      step(world, { john: input });
      if (startsSprint(env, input, seq, sprint)) sprint.started(seq);
      predictMove(env, me, input, DT, sprint.boosted(seq));
      expect(me.x).toBeCloseTo(john.x, 9);
      expect(me.y).toBeCloseTo(john.y, 9);
    });
    expect(john.x).toBeGreaterThan(5);
  });

  it('a solid T-1000 is stopped by bars; a liquid one slides through at liquid speed', () => {
    const env = envOf('t1000');
    const me = { x: 10.5, y: 6.5 };
    for (let i = 0; i < 30; i++) predictMove(env, me, { moveX: 1, moveY: 0, aim: 0, buttons: 0 }, DT, false);
    expect(me.x).toBeLessThan(11);
    env.liquid = true;
    for (let i = 0; i < 30; i++) predictMove(env, me, { moveX: 1, moveY: 0, aim: 0, buttons: 0 }, DT, false);
    expect(me.x).toBeGreaterThan(12);
  });

  it('a stunned or channelling character holds still; a downed one crawls', () => {
    const env = envOf('john');
    const me = { x: 3.5, y: 2.5 };
    const right = { moveX: 1, moveY: 0, aim: 0, buttons: 0 };
    env.stun = 0.5;
    predictMove(env, me, right, DT, false);
    expect(me.x).toBe(3.5);
    env.stun = 0;
    env.channelling = true;
    predictMove(env, me, right, DT, false);
    expect(me.x).toBe(3.5);
    env.channelling = false;
    env.life = 'downed';
    predictMove(env, me, right, DT, true);
    expect(me.x).toBeCloseTo(3.5 + 0.8 * DT, 9);
  });
});

describe('SprintTimeline', () => {
  it('a sprint boosts for its duration, then waits out its recharge', () => {
    const s = new SprintTimeline();
    expect(s.ready(10)).toBe(true);
    s.started(10);
    expect(s.boosted(10)).toBe(true);
    expect(s.boosted(10 + SPRINT_STEPS - 1)).toBe(true);
    expect(s.boosted(10 + SPRINT_STEPS)).toBe(false);
    expect(s.ready(10 + SPRINT_COOLDOWN_STEPS - 1)).toBe(false);
    expect(s.ready(10 + SPRINT_COOLDOWN_STEPS)).toBe(true);
    expect(SPRINT_STEPS).toBeCloseTo(SPRINT.duration / DT, 0);
  });

  it('drops a sprint the server refused', () => {
    const s = new SprintTimeline();
    s.started(100);
    s.correct(110, 0, 0);
    expect(s.boosted(111)).toBe(false);
  });

  it('adopts a sprint it did not predict', () => {
    const s = new SprintTimeline();
    s.correct(200, 2, 10);
    expect(s.boosted(200)).toBe(true);
    expect(s.boosted(200 + Math.round(2 / DT) + 2)).toBe(false);
  });

  it('keeps a sprint the server agrees with', () => {
    const s = new SprintTimeline();
    s.started(100);
    s.correct(110, 2.25, 10.25);
    expect(s.boosted(111)).toBe(true);
    expect(s.boosted(100 + SPRINT_STEPS - 1)).toBe(true);
  });
});
