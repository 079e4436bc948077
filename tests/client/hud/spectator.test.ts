import { describe, expect, it } from 'vitest';
import { rosterRows, rosterState } from '../../../client/src/contract/roster.js';
import { nextSide } from '../../../client/src/hud/SpectatorPanel.js';
import { Camera } from '../../../client/src/render/Camera.js';
import { TILE } from '../../../client/src/render/palette.js';
import { makeEntity } from '../../../shared/sim/entity.js';
import { lookOf, truthOf } from '../../../shared/sim/look.js';
import type { SpectatorEntity } from '../../../shared/sim/sideView.js';

/** A spectator's entity, as the wire carries it, from a fresh entity changed by `change`. */
function sent(
  id: number,
  role: Parameters<typeof makeEntity>[2],
  name: string,
  change = (_e: ReturnType<typeof makeEntity>) => {},
): SpectatorEntity {
  const e = makeEntity(id, 100 + id, role, name, 0xffffff, 5, 5);
  change(e);
  return { ...lookOf(e, 'spectator'), ...truthOf(e) };
}

describe('the spectators’ roster', () => {
  const entities = [
    sent(0, 'civilian', 'Pat'),
    sent(1, 'john', 'John', (e) => {
      e.life = 'injured';
    }),
    sent(2, 't1000', 'T-1000', (e) => {
      e.mimicRole = 'civilian';
      e.mimicName = 'Pat';
      e.mimicColor = 0x123456;
    }),
    sent(3, 'sarah', 'Sarah', (e) => {
      e.life = 'downed';
    }),
    sent(4, 't800', 'T-800', (e) => {
      e.life = 'eliminated';
    }),
  ];

  it('lists every player (no civilians) in role order, with the truth behind a disguise', () => {
    const rows = rosterRows(
      entities,
      (id) => id + 10,
      (id) => id !== 3,
      (role) => (role === 'john' ? 'Host' : ''),
    );
    expect(rows.map((r) => r.player)).toEqual(['T-1000', 'Host', 'Sarah', 'T-800']);
    expect(rows.map((r) => r.role)).toEqual(['t1000', 'john', 'sarah', 't800']);
    expect(rows.map((r) => r.id)).toEqual([12, 11, 13, 14]);
    expect(rows[0]).toMatchObject({ name: 'T-1000', disguise: 'Pat', liquid: false, shown: true });
    expect(rows[2].shown).toBe(false);
    expect(rows.map(rosterState)).toEqual(['healthy · disguised as Pat', 'injured', 'downed', 'eliminated']);
  });

  it('says when the T-1000 is liquid', () => {
    const t = sent(2, 't1000', 'T-1000', (e) => {
      e.liquid = true;
    });
    const [row] = rosterRows(
      [t],
      (id) => id,
      () => true,
    );
    expect(rosterState(row)).toBe('healthy · liquid');
  });

  it('V cycles all → escorts → hunter → all', () => {
    expect(nextSide('all')).toBe('escort');
    expect(nextSide('escort')).toBe('hunter');
    expect(nextSide('hunter')).toBe('all');
  });
});

describe('the overview camera', () => {
  it('fits the whole map in the window, centred, and gives the usual zoom back', () => {
    const cam = new Camera(120 * TILE, 80 * TILE);
    cam.resize(1280, 720);
    const zoom = cam.zoom;
    cam.snapTo(10 * TILE, 10 * TILE);
    cam.setOverview(true);
    const v = cam.view();
    expect(v.x).toBeLessThanOrEqual(0);
    expect(v.y).toBeLessThanOrEqual(0);
    expect(v.x + v.w).toBeGreaterThanOrEqual(120 * TILE);
    expect(v.y + v.h).toBeGreaterThanOrEqual(80 * TILE);
    // A window resized while in the overview still shows it all.
    cam.resize(800, 900);
    const r = cam.view();
    expect(r.w).toBeGreaterThanOrEqual(120 * TILE);
    expect(r.h).toBeGreaterThanOrEqual(80 * TILE);
    cam.setOverview(false);
    cam.resize(1280, 720);
    expect(cam.zoom).toBe(zoom);
  });
});
