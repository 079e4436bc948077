import { describe, expect, it } from 'vitest';
import { HunterBot } from '../../../shared/bots/HunterBot.js';
import { hunterLimits } from '../../../shared/bots/human.js';
import { refresh } from '../../../shared/sim/runtime.js';
import { Button } from '../../../shared/sim/types.js';
import { perceive } from '../../../shared/sim/vision.js';
import { asciiMap, ent, moveTo, npcWorld, place, room, run, testWorld } from '../sim/fixtures.js';

/** Decisions of the T-1000 bot on small hand-made maps. */

const think = (w: Parameters<typeof perceive>[0]) => new HunterBot(1).think(perceive(w, 't1000'));

describe('HunterBot', () => {
  it('winds up the blade aimed at John when he will be in reach, after its reaction time', () => {
    const w = testWorld(asciiMap(room(12, 8)), ['t1000', 'john']);
    place(w, 'john', 5, 4);
    place(w, 't1000', 6.1, 4);
    const bot = new HunterBot(1);
    const { reaction, cadence, aimError } = hunterLimits('normal');
    let swing = -1;
    let aim = 0;
    for (let i = 0; i < 30 && swing < 0; i++) {
      w.tick = i;
      w.time = i / 30;
      refresh(w);
      const inp = bot.think(perceive(w, 't1000'));
      if (inp.buttons & Button.Primary) {
        swing = i;
        aim = inp.aim;
      }
    }
    expect(swing / 30).toBeGreaterThanOrEqual(reaction.min - 1e-9);
    expect(swing / 30).toBeLessThan(reaction.min + reaction.spread + cadence.min + cadence.spread + 0.1);
    // John is due west, give or take the bot's aim error (three deviations).
    expect(Math.abs(Math.atan2(Math.sin(aim - Math.PI), Math.cos(aim - Math.PI)))).toBeLessThan(
      (3 * aimError * Math.PI) / 180,
    );
  });

  it('walks toward John when he is seen and out of reach', () => {
    const w = testWorld(asciiMap(room(16, 8)), ['t1000', 'john']);
    place(w, 'john', 3, 4);
    place(w, 't1000', 10, 4);
    const inp = think(w);
    expect(inp.buttons & Button.Primary).toBe(0);
    expect(inp.moveX).toBeLessThan(-0.9);
  });

  it('stands over a downed John holding Interact to terminate him', () => {
    const w = testWorld(asciiMap(room(12, 8)), ['t1000', 'john']);
    place(w, 'john', 5, 4).life = 'downed';
    place(w, 't1000', 5.5, 4);
    const inp = think(w);
    expect(inp.buttons & Button.Interact).toBeTruthy();
  });

  it('melts to slide through bars when walking round is far longer', () => {
    // John is behind a barred wall; the way round is long.
    const rows = [
      '##############################',
      '#............................#',
      '#.##########################.#',
      '#.#........................#.#',
      '#.#........................#.#',
      '#.##########|###############.#',
      '#............................#',
      '##############################',
    ];
    const w = testWorld(asciiMap(rows), ['t1000', 'john']);
    place(w, 'john', 13.5, 3.5);
    place(w, 't1000', 13.5, 6.5);
    const bot = new HunterBot(1);
    let melted = false;
    for (let i = 0; i < 30 && !melted; i++) {
      const inp = bot.think(perceive(w, 't1000'));
      if (inp.buttons & Button.Liquid) melted = true;
      run(w, 1 / 30, { t1000: inp });
    }
    expect(melted).toBe(true);
    expect(ent(w, 't1000').liquid).toBe(true);
  });

  it('mimics a passer-by in reach, but not an escort', () => {
    const w = npcWorld(asciiMap(room(30, 10)), { roles: ['t1000', 'john'], civilians: 1 });
    const civ = w.entities.find((e) => e.role === 'civilian');
    if (!civ) throw new Error('no civilian');
    place(w, 'john', 2, 2);
    place(w, 't1000', 20, 5);
    moveTo(w, civ, 20.6, 5);
    expect(think(w).buttons & Button.Interact).toBeTruthy();
    // With John in reach instead of the civilian, it does not press (it would copy an escort).
    moveTo(w, civ, 27, 8);
    place(w, 'john', 20.6, 5);
    expect(think(w).buttons & Button.Interact).toBe(0);
  });

  it('goes to wait by Sarah\u2019s cell in act 1 when nobody is in sight', () => {
    const rows = room(40, 10);
    rows[4] = '#..................................D...#';
    const map = asciiMap(rows, {
      doorKinds: ['cell'],
      spawns: { sarah: { x: 36.5, y: 4.5 } },
      chip: { x: 2, y: 2 },
    });
    const w = testWorld(map, ['t1000', 'john', 'sarah']);
    // John is 14 tiles west, beyond the hunter's 11-tile sight; the cell is east.
    place(w, 'john', 1.5, 8.5);
    place(w, 't1000', 15, 5);
    expect(think(w).moveX).toBeGreaterThan(0.5);
  });
});
