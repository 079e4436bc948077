/**
 * The colour-blind palette keeps apart what must stay apart, measured: each
 * colour pair is simulated as a red–green colour-blind player sees it
 * (Machado et al. 2009, severity 1, linear RGB) and compared with CIEDE2000.
 * The standard palette is measured too and its failures are printed: they
 * are the bug the colour-blind palette fixes.
 */
import { describe, expect, it } from 'vitest';
import { BRIEFING_BACKGROUND } from '../../../client/src/hud/Hud.js';
import {
  contrast,
  deltaE2000,
  labOf,
  legibleOn,
  rgbOf,
  seenDifference,
  simulate,
  type Vision,
} from '../../../client/src/render/colorVision.js';
import { minimapColor } from '../../../client/src/render/mapArt.js';
import { COLORS, displayColor, PALETTES, type Palette } from '../../../client/src/render/palette.js';
import { Tile } from '../../../shared/map/tiles.js';
import { CIVILIAN_COLORS, ROLE_COLORS } from '../../../shared/sim/names.js';

/** Character colours a glance must tell apart (small figures and 2-pixel minimap dots). */
const ROLE_MIN = 15;
/** Open and locked doors are single pixels on the minimap: they need more. */
const DOOR_MIN = 30;
const VISIONS: readonly Vision[] = ['normal', 'deuteranopia', 'protanopia'];
const PLAYER_ROLES = ['t1000', 'john', 'sarah', 't800', 'dyson'] as const;

interface Pair {
  name: string;
  a: number;
  b: number;
  min: number;
}

/** The pairs that must stay apart in a palette: each player role against every other role and every crowd colour, and the doors. */
function pairs(p: Palette): Pair[] {
  const out: Pair[] = [];
  const roles = Object.keys(p.roles) as (keyof Palette['roles'])[];
  for (const r of PLAYER_ROLES) {
    for (const o of roles) {
      // Each pair once: a player role against the roles after it and against the police and guards.
      const oi = PLAYER_ROLES.indexOf(o as (typeof PLAYER_ROLES)[number]);
      if (o === r || (oi >= 0 && oi < PLAYER_ROLES.indexOf(r))) continue;
      out.push({ name: `${r} vs ${o}`, a: p.roles[r], b: p.roles[o], min: ROLE_MIN });
    }
    p.civilians.forEach((c, i) => {
      out.push({ name: `${r} vs civilian ${i}`, a: p.roles[r], b: c, min: ROLE_MIN });
    });
  }
  out.push({ name: 'police vs guard', a: p.roles.police, b: p.roles.guard, min: ROLE_MIN });
  out.push({ name: 'door open vs locked', a: p.minimapDoorOpen, b: p.minimapDoorLocked, min: DOOR_MIN });
  return out;
}

/** What a door is drawn over and beside on the minimap: it must not vanish into it. */
function doorSurroundings(p: Palette): Pair[] {
  const around = { floor: minimapColor(Tile.Floor), wall: minimapColor(Tile.Wall), objective: COLORS.guide };
  const out: Pair[] = [];
  for (const [name, c] of Object.entries(around)) {
    out.push({ name: `open door vs ${name}`, a: p.minimapDoorOpen, b: c, min: ROLE_MIN });
    out.push({ name: `locked door vs ${name}`, a: p.minimapDoorLocked, b: c, min: ROLE_MIN });
  }
  return out;
}

function failures(p: Palette, vision: Vision): string[] {
  return pairs(p)
    .map((q) => ({ ...q, d: seenDifference(q.a, q.b, vision) }))
    .filter((q) => q.d < q.min)
    .map((q) => `${q.name}: ΔE2000 ${q.d.toFixed(1)} < ${q.min}`);
}

describe('colour vision maths', () => {
  it('CIEDE2000 matches Sharma, Wu & Dalal’s published test pairs', () => {
    // Pairs 1, 2, 7 and 17 of the 34 in the paper's table.
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(deltaE2000([50, 3.1571, -77.2803], [50, 0, -82.7485])).toBeCloseTo(2.8615, 4);
    expect(deltaE2000([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 4);
    expect(deltaE2000([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387])).toBeCloseTo(1.2644, 4);
  });

  it('sRGB to CIELAB: white, black and pure red', () => {
    const w = labOf(rgbOf(0xffffff));
    expect(w[0]).toBeCloseTo(100, 2);
    expect(Math.abs(w[1]) + Math.abs(w[2])).toBeLessThan(0.01);
    expect(labOf(rgbOf(0x000000))[0]).toBeCloseTo(0, 5);
    const red = labOf(rgbOf(0xff0000));
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 1);
    expect(red[2]).toBeCloseTo(67.2, 1);
  });

  it('the simulation leaves greys alone and folds red onto green for a deuteranope', () => {
    for (const g of [0x000000, 0x808080, 0xffffff]) {
      const s = simulate(rgbOf(g), 'deuteranopia');
      for (const c of s) expect(c).toBeCloseTo(rgbOf(g)[0], 2);
    }
    // The textbook confusion: a red and a green of similar lightness look alike to a deuteranope, not to others.
    expect(seenDifference(0xb5651d, 0x6b8e23, 'normal')).toBeGreaterThan(20);
    expect(seenDifference(0xb5651d, 0x6b8e23, 'deuteranopia')).toBeLessThan(10);
  });
});

describe('palettes under simulated colour blindness', () => {
  it('the standard palette fails the pairs the issue names (the bug), and the figures are reported', () => {
    const table: string[] = [];
    const std = PALETTES.standard;
    const sarahCivilian = (v: Vision) =>
      Math.min(...std.civilians.map((c) => seenDifference(std.roles.sarah, c, v)));
    for (const v of VISIONS) {
      table.push(
        `${v.padEnd(13)} standard: Sarah–nearest civilian ${sarahCivilian(v).toFixed(1)}, T-800–police ${seenDifference(std.roles.t800, std.roles.police, v).toFixed(1)}, doors ${seenDifference(std.minimapDoorOpen, std.minimapDoorLocked, v).toFixed(1)}, failing pairs ${failures(std, v).length}/${pairs(std).length}`,
      );
    }
    console.info(table.join('\n'));
    expect(sarahCivilian('deuteranopia')).toBeLessThan(ROLE_MIN);
    expect(seenDifference(std.roles.t800, std.roles.police, 'deuteranopia')).toBeLessThan(ROLE_MIN);
    expect(seenDifference(std.minimapDoorOpen, std.minimapDoorLocked, 'protanopia')).toBeLessThan(DOOR_MIN);
    expect(failures(std, 'deuteranopia').length).toBeGreaterThan(0);
  });

  for (const v of VISIONS) {
    it(`the colour-blind palette keeps every named pair apart (${v})`, () => {
      const cb = PALETTES.colourblind;
      const report = pairs(cb)
        .map((q) => ({ ...q, d: seenDifference(q.a, q.b, v) }))
        .sort((x, y) => x.d - y.d);
      console.info(
        `${v}: colour-blind palette, closest pairs: ${report
          .slice(0, 4)
          .map((q) => `${q.name} ${q.d.toFixed(1)}`)
          .join(', ')}`,
      );
      expect(failures(cb, v)).toEqual([]);
      const hidden = doorSurroundings(cb)
        .map((q) => ({ ...q, d: seenDifference(q.a, q.b, v) }))
        .filter((q) => q.d < q.min)
        .map((q) => `${q.name} ${q.d.toFixed(1)}`);
      expect(hidden).toEqual([]);
      // The pairs the issue names, spelled out.
      const d = (a: number, b: number) => seenDifference(a, b, v);
      for (const c of cb.civilians) expect(d(cb.roles.sarah, c)).toBeGreaterThanOrEqual(ROLE_MIN);
      expect(d(cb.roles.t800, cb.roles.police)).toBeGreaterThanOrEqual(ROLE_MIN);
      expect(d(cb.minimapDoorOpen, cb.minimapDoorLocked)).toBeGreaterThanOrEqual(DOOR_MIN);
      for (const e of ['john', 'sarah', 't800', 'dyson'] as const)
        expect(d(cb.roles.t1000, cb.roles[e])).toBeGreaterThanOrEqual(ROLE_MIN);
    });
  }
});

describe('displayColor: what the renderer and the minimap draw', () => {
  it('the standard palette draws the server colours as they are', () => {
    for (const c of [...Object.values(ROLE_COLORS), ...CIVILIAN_COLORS])
      expect(displayColor(c, 'standard')).toBe(c);
  });

  it('the colour-blind palette draws each role and every crowd colour in its safe stand-in', () => {
    const cb = PALETTES.colourblind;
    for (const [role, c] of Object.entries(ROLE_COLORS))
      expect(displayColor(c, 'colourblind')).toBe(cb.roles[role as keyof typeof ROLE_COLORS]);
    for (const c of CIVILIAN_COLORS) expect(cb.civilians).toContain(displayColor(c, 'colourblind'));
    // A role colour is never also a crowd colour (the map would be ambiguous), and an unknown colour passes through.
    for (const c of Object.values(ROLE_COLORS)) expect(CIVILIAN_COLORS).not.toContain(c);
    expect(displayColor(0x123456, 'colourblind')).toBe(0x123456);
  });
});

describe('role names as text on the briefing card', () => {
  it('read at WCAG text contrast in both palettes, and keep their colour where it already reads', () => {
    for (const palette of Object.values(PALETTES)) {
      for (const role of PLAYER_ROLES) {
        const c = legibleOn(palette.roles[role], BRIEFING_BACKGROUND);
        expect(contrast(c, BRIEFING_BACKGROUND), role).toBeGreaterThanOrEqual(4.5);
        if (contrast(palette.roles[role], BRIEFING_BACKGROUND) >= 4.5) expect(c).toBe(palette.roles[role]);
      }
    }
    // The T-800's dark navy read at about 2:1 on the card: lightened, not left as it was.
    expect(contrast(PALETTES.standard.roles.t800, BRIEFING_BACKGROUND)).toBeLessThan(4.5);
    expect(legibleOn(PALETTES.standard.roles.t800, BRIEFING_BACKGROUND)).not.toBe(
      PALETTES.standard.roles.t800,
    );
  });
});
