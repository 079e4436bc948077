import { describe, expect, it } from 'vitest';
import { HEARING, type PlannedSound, place, SoundPlanner } from '../../../client/src/audio/planner.js';
import type { FrameEntity, FxEvent } from '../../../client/src/contract/frame.js';
import type { Viewer } from '../../../shared/sim/perception.js';
import { emptyFrame } from '../fixtures/frame.js';

const ME = { x: 50, y: 20 };

function entity(id: number, over: Partial<FrameEntity> = {}): FrameEntity {
  return {
    id,
    role: 'civilian',
    name: 'Pat',
    color: 0x808080,
    x: ME.x + 3,
    y: ME.y,
    facing: 0,
    life: 'healthy',
    liquid: false,
    windup: false,
    windupAim: 0,
    stunned: false,
    action: '',
    trueRole: null,
    variant: 7,
    self: false,
    ...over,
  };
}

const frame = emptyFrame;

const fx = (type: FxEvent['type'], x: number, y: number, over: Partial<FxEvent> = {}): FxEvent => ({
  type,
  x,
  y,
  value: 0,
  ...over,
});

/** Walk entity `make(t)` for `seconds` at 20 frames a second; every sound planned. */
function walk(
  planner: SoundPlanner,
  seconds: number,
  make: (t: number) => FrameEntity[],
  viewer: Viewer = 'escort',
) {
  const all: PlannedSound[] = [];
  for (let i = 0; i <= seconds * 20; i++) {
    const t = i / 20;
    all.push(...planner.plan(frame({ time: t, viewer, entities: make(t) }), ME));
  }
  return all;
}

/** What a player hears of a plan: the sounds, their loudness and side (not why they play). */
const heard = (plan: PlannedSound[]) =>
  plan.map(({ sound, gain, pan, pitch }) => ({ sound, gain, pan, pitch }));

describe('place', () => {
  it('is loudest at the listener, fades with distance, and is silent at hearing range', () => {
    expect(place(ME, ME.x, ME.y)).toEqual({ gain: 1, pan: 0 });
    const near = place(ME, ME.x + 3, ME.y);
    const far = place(ME, ME.x + 9, ME.y);
    expect(near.gain).toBeGreaterThan(far.gain);
    expect(far.gain).toBeGreaterThan(0);
    expect(place(ME, ME.x + HEARING.range, ME.y).gain).toBe(0);
    expect(place(ME, ME.x, ME.y - HEARING.range - 5).gain).toBe(0);
  });

  it('pans by the side the sound comes from', () => {
    expect(place(ME, ME.x + 4, ME.y).pan).toBeGreaterThan(0);
    expect(place(ME, ME.x - 4, ME.y).pan).toBeLessThan(0);
    expect(place(ME, ME.x, ME.y + 4).pan).toBe(0);
    expect(Math.abs(place(ME, ME.x + 15, ME.y).pan)).toBeLessThanOrEqual(HEARING.panMax);
  });
});

describe('SoundPlanner', () => {
  it('plays a shot where it was fired, a shotgun for a cone, nothing beyond hearing range', () => {
    const p = new SoundPlanner();
    const plan = p.plan(
      frame({
        fx: [
          fx('shot', ME.x - 5, ME.y, { cone: false }),
          fx('shot', ME.x + 2, ME.y, { cone: true }),
          fx('shot', ME.x + HEARING.range + 1, ME.y, { cone: true }),
        ],
      }),
      ME,
    );
    expect(plan.map((s) => [s.sound, Math.sign(s.pan), s.cause])).toEqual([
      ['pistol', -1, { kind: 'event', index: 0 }],
      ['shotgun', 1, { kind: 'event', index: 1 }],
    ]);
    expect(plan[1].gain).toBeGreaterThan(plan[0].gain);
  });

  it('gives every event kind its sound: blade, liquid, doors, police, acts', () => {
    const p = new SoundPlanner();
    const kinds: FxEvent['type'][] = [
      'windup',
      'strike',
      'hit',
      'melt',
      'reform',
      'door',
      'slowed',
      'act',
      'alarm',
    ];
    const plan = p.plan(frame({ fx: kinds.map((k) => fx(k, ME.x + 1, ME.y)) }), ME);
    expect(plan.map((s) => s.sound)).toEqual([
      'windup',
      'swing',
      'blade-hit',
      'melt',
      'reform',
      'door',
      'police',
      'act',
      'alarm',
    ]);
  });

  it('public match sounds (act, alarm, objective) are heard the same from anywhere', () => {
    const p = new SoundPlanner();
    const plan = p.plan(frame({ fx: [fx('act', 500, 500, { value: 2 }), fx('objective', 400, 3)] }), ME);
    expect(plan.map((s) => [s.sound, s.pan])).toEqual([
      ['act', 0],
      ['objective', 0],
    ]);
  });

  it('victory or defeat by the side the viewer plays, once a match', () => {
    const end = (viewer: Viewer, winnerValue: number) =>
      new SoundPlanner().plan(frame({ viewer, fx: [fx('end', 0, 0, { value: winnerValue })] }), ME)[0].sound;
    expect(end('escort', 1)).toBe('victory');
    expect(end('escort', 0)).toBe('defeat');
    expect(end('hunter', 0)).toBe('victory');
    expect(end('hunter', 1)).toBe('defeat');
    expect(end('spectator', 1)).toBe('end');
    const p = new SoundPlanner();
    expect(p.result('escort', 'escort')?.sound).toBe('victory');
    expect(p.result('escort', 'escort')).toBeNull();
  });

  it('footsteps: one per stride walked, none standing, none for a liquid T-1000, none beyond range', () => {
    const walking = walk(new SoundPlanner(), 3, (t) => [entity(1, { x: ME.x + 2 + t * 4 })]);
    const steps = walking.filter((s) => s.sound === 'step');
    // 12 tiles in 3 s: about ten strides (the last few beyond hearing range are quieter, not gone).
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.length).toBeLessThanOrEqual(10);
    expect(steps.every((s) => s.cause.kind === 'entity' && s.cause.id === 1)).toBe(true);
    expect(walk(new SoundPlanner(), 3, () => [entity(1)])).toEqual([]);
    const puddle = walk(new SoundPlanner(), 3, (t) => [
      entity(1, { role: 't1000', liquid: true, x: ME.x + 2 + t * 2 }),
    ]);
    expect(puddle.filter((s) => s.sound.startsWith('step'))).toEqual([]);
    expect(walk(new SoundPlanner(), 3, (t) => [entity(1, { x: ME.x + 20 + t * 4 })])).toEqual([]);
  });

  it('a disguised T-1000 walking sounds exactly like the civilian it copies, whatever else differs', () => {
    const path = (t: number) => ({ x: ME.x - 6 + t * 3.1, y: ME.y + 2 + Math.sin(t) });
    const real = walk(new SoundPlanner(), 4, (t) => [entity(3, { ...path(t) })]);
    // Another id, variant and truth (as the hunter or a spectator would know it): the same sounds.
    const fake = walk(new SoundPlanner(), 4, (t) => [
      entity(41, { ...path(t), variant: 991, trueRole: 't1000', name: 'Pat' }),
    ]);
    expect(real.length).toBeGreaterThan(0);
    expect(heard(fake)).toEqual(heard(real));
  });

  it('the T-800 sounds heavier than a civilian, police wear boots', () => {
    const one = (role: FrameEntity['role']) =>
      walk(new SoundPlanner(), 1, (t) => [entity(1, { role, x: ME.x + t * 4 })])[0]?.sound;
    expect(one('t800')).toBe('step-heavy');
    expect(one('police')).toBe('step-boots');
    expect(one('civilian')).toBe('step');
  });

  it('hacking ticks faster in pitch as it goes on, at the hacker', () => {
    const p = new SoundPlanner();
    const ticks = walk(p, 3, () => [entity(2, { role: 'john', action: 'hack', x: ME.x - 3 })]).filter(
      (s) => s.sound === 'hack',
    );
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks[ticks.length - 1].pitch).toBeGreaterThan(ticks[0].pitch);
    expect(ticks[0].pan).toBeLessThan(0);
  });

  it('the siren sweeps while the alarm lasts', () => {
    const p = new SoundPlanner();
    let sirens = 0;
    for (let i = 0; i < 200; i++) {
      const plan = p.plan(frame({ time: i / 20, alarmLeft: i < 100 ? 10 : 0 }), ME);
      sirens += plan.filter((s) => s.sound === 'siren').length;
    }
    expect(sirens).toBeGreaterThanOrEqual(3);
    expect(sirens).toBeLessThanOrEqual(4);
  });

  it('the heartbeat starts only for the hunter seen as itself near an escort', () => {
    const beats = (role: FrameEntity['role'], viewer: Viewer, dx = 4) =>
      walk(new SoundPlanner(), 3, () => [entity(9, { role, x: ME.x + dx })], viewer).filter(
        (s) => s.sound === 'heartbeat',
      ).length;
    expect(beats('t1000', 'escort')).toBeGreaterThan(2);
    expect(beats('t1000', 'escort', 12)).toBe(0);
    // A disguise shows another role: nothing to hear.
    expect(beats('civilian', 'escort')).toBe(0);
    expect(beats('t1000', 'hunter')).toBe(0);
  });

  it('every sound names a cause that is in its frame', () => {
    const p = new SoundPlanner();
    for (let i = 0; i < 100; i++) {
      const f = frame({
        time: i / 20,
        alarmLeft: i % 40 < 20 ? 5 : 0,
        entities: [
          entity(1, { x: ME.x + i * 0.2 }),
          entity(2, { role: 't1000', x: ME.x - 3, y: ME.y + (i % 7) }),
          entity(3, { role: 'sarah', action: i > 50 ? 'pick' : '', x: ME.x + 1 }),
        ],
        fx: i % 9 === 0 ? [fx('shot', ME.x + 1, ME.y), fx('melt', ME.x - 3, ME.y)] : [],
      });
      for (const s of p.plan(f, ME)) {
        if (s.cause.kind === 'event') expect(f.fx[s.cause.index]).toBeDefined();
        else if (s.cause.kind === 'entity') {
          const id = s.cause.id;
          expect(f.entities.some((e) => e.id === id)).toBe(true);
        } else expect(s.cause.what === 'alarm' ? f.alarmLeft > 0 : true).toBe(true);
      }
    }
  });
});
