import { describe, expect, it } from 'vitest';
import { angleDelta, type Pose, SnapshotTrack } from '../../../client/src/net/SnapshotTrack.js';

const pose = (): Pose => ({ x: 0, y: 0, facing: 0 });

describe('SnapshotTrack (remote entity interpolation)', () => {
  it('draws a remote entity between the two samples around the render time', () => {
    const t = new SnapshotTrack();
    t.push(1.0, 0, 0, 0);
    t.push(1.05, 1, 2, 0);
    const p = pose();
    t.sample(1.025, p);
    expect(p.x).toBeCloseTo(0.5);
    expect(p.y).toBeCloseTo(1);
  });

  it('holds at the only sample it has', () => {
    const t = new SnapshotTrack();
    t.push(2, 3, 4, 1);
    const p = pose();
    expect(t.sample(5, p)).toBe(true);
    expect(p).toEqual({ x: 3, y: 4, facing: 1 });
  });

  it('an empty track draws nothing', () => {
    expect(new SnapshotTrack().sample(0, pose())).toBe(false);
  });

  it('before its first sample it stays at the first sample', () => {
    const t = new SnapshotTrack();
    t.push(1, 3, 3, 0);
    t.push(2, 5, 5, 0);
    const p = pose();
    t.sample(0.5, p);
    expect(p.x).toBe(3);
  });

  it('past its newest sample it extrapolates a little, then holds still', () => {
    const t = new SnapshotTrack({ maxExtrapolate: 0.1, snapDistance: 4 });
    t.push(1.0, 0, 0, 0);
    t.push(1.05, 0.25, 0, 0);
    const p = pose();
    t.sample(1.1, p);
    expect(p.x).toBeCloseTo(0.5);
    t.sample(3, p);
    expect(p.x).toBeCloseTo(0.75);
  });

  it('a teleport is not smeared across the map', () => {
    const t = new SnapshotTrack({ maxExtrapolate: 0.1, snapDistance: 4 });
    t.push(1.0, 0, 0, 0);
    t.push(1.05, 20, 0, 0);
    const p = pose();
    t.sample(1.03, p);
    expect(p.x).toBe(20);
  });

  it('turns the short way round across ±π', () => {
    const t = new SnapshotTrack();
    t.push(0, 0, 0, Math.PI - 0.1);
    t.push(1, 0, 0, -Math.PI + 0.1);
    const p = pose();
    t.sample(0.5, p);
    expect(Math.abs(angleDelta(p.facing, Math.PI))).toBeLessThan(1e-9);
  });

  it('drops late and duplicate samples', () => {
    const t = new SnapshotTrack();
    t.push(1, 0, 0, 0);
    t.push(2, 1, 0, 0);
    t.push(1.5, 9, 9, 0);
    t.push(2, 9, 9, 0);
    expect(t.size).toBe(2);
    expect(t.latest).toBe(2);
  });

  it('keeps a bounded history however long it runs', () => {
    const t = new SnapshotTrack();
    for (let i = 0; i < 1000; i++) t.push(i / 20, i * 0.01, 0, 0);
    expect(t.size).toBeLessThanOrEqual(16);
    const p = pose();
    t.sample(999 / 20 - 0.025, p);
    expect(p.x).toBeCloseTo(9.985);
  });

  it('prune keeps the sample just before the render time', () => {
    const t = new SnapshotTrack();
    for (let i = 0; i < 10; i++) t.push(i, i, 0, 0);
    t.prune(5.5);
    const p = pose();
    t.sample(5.5, p);
    expect(p.x).toBeCloseTo(5.5);
  });
});

describe('angleDelta', () => {
  it('is the signed shortest turn', () => {
    expect(angleDelta(0, Math.PI / 2)).toBeCloseTo(Math.PI / 2);
    expect(angleDelta(0.1, -0.1)).toBeCloseTo(-0.2);
    expect(angleDelta(3, -3)).toBeCloseTo(2 * Math.PI - 6);
  });
});
