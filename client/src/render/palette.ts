import type { ZoneName } from '../../../shared/map/types.js';
import type { Role } from '../../../shared/roles.js';
import { CIVILIAN_COLORS, ROLE_COLORS } from '../../../shared/sim/names.js';
import { settings } from '../settings/settings.js';

/** Pixels per tile: the map's unit (GAME.md). */
export const TILE = 32;

/** Floor colours per zone, so a player knows where they are at a glance. */
export const ZONE_FLOOR: Readonly<Record<ZoneName | 'none', number>> = {
  hospital: 0x2b3534,
  streets: 0x26282d,
  cyberdyne: 0x222a38,
  mill: 0x2f2620,
  none: 0x24262b,
};

export const ZONE_LABEL: Readonly<Record<ZoneName, string>> = {
  hospital: 'PESCADERO STATE HOSPITAL',
  streets: 'THE STREETS',
  cyberdyne: 'CYBERDYNE SYSTEMS',
  mill: 'THE STEEL MILL',
};

export const COLORS = {
  background: 0x0b0d12,
  wall: 0x4a5160,
  wallTop: 0x69728a,
  wallDark: 0x30353f,
  bars: 0xaab4c4,
  steel: 0xff5a1f,
  steelHot: 0xffc24a,
  doorFrame: 0x1a1d24,
  extraction: 0x3ddc84,
  terminal: 0x4fc3f7,
  chip: 0xe040fb,
  crate: 0x9c6b3c,
  self: 0xffffff,
  windup: 0xff3b3b,
  stun: 0xffe14d,
  shotgun: 0xffb347,
  pistol: 0xfff3a0,
  downed: 0xff6b6b,
  fog: 0x05070b,
  alarm: 0xff2d55,
  /** The next objective's marker, minimap mark and edge arrow (yellow: apart from every role under colour blindness). */
  guide: 0xffd23f,
} as const;

/** Door panel colours by kind (cells are bars, the vault is heavy steel). */
export const DOOR_COLORS = {
  cell: 0x8d96a6,
  door: 0x8a5a34,
  cyberdyne: 0x2d6cdf,
  vault: 0xb0b8c4,
} as const;

/** Player roles get a name label; the crowd does not (a disguised T-1000 copies whichever applies). */
export const LABELLED: ReadonlySet<Role> = new Set<Role>(['t1000', 'john', 'sarah', 't800', 'dyson']);

/** CSS colour string of a 0xRRGGBB number. */
export function css(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

/** The roles that wear a colour of their own (the crowd's colours are {@link Palette.civilians}). */
export type ColouredRole = keyof typeof ROLE_COLORS;

/** The colours that tell characters and doors apart, in one palette. */
export interface Palette {
  /** Each role's colour. */
  roles: Readonly<Record<ColouredRole, number>>;
  /** The crowd's clothes. */
  civilians: readonly number[];
  /** Door tiles on the minimap. */
  minimapDoorOpen: number;
  minimapDoorLocked: number;
}

export type PaletteName = 'standard' | 'colourblind';

/**
 * The standard palette: the colours the server hands out (shared/sim/names.ts).
 * Under red–green colour blindness Sarah's green is within ΔE2000 8 of a
 * civilian green and the T-800's navy within 12 of the police
 * (tests/client/render/paletteVision.test.ts prints the table).
 */
const STANDARD: Palette = {
  roles: ROLE_COLORS,
  civilians: CIVILIAN_COLORS,
  minimapDoorOpen: 0x2e7d5b,
  minimapDoorLocked: 0xc78a3b,
};

/**
 * The colour-blind-safe palette: chosen so that, under simulated
 * deuteranopia and protanopia (Machado et al. 2009) as well as normal
 * vision, every role stays at least ΔE2000 15 from every other role and from
 * every crowd colour, and open and locked doors at least 30 apart
 * (render/colorVision.ts; asserted in tests/client/render/paletteVision.test.ts).
 * Roles keep a hint of themselves: the T-1000 chrome, the T-800 near-black,
 * the police blue; John is yellow, Sarah red, Dyson ochre. The crowd wears
 * four colours none of them is mistaken for; doors are blue (open) and
 * dark orange (locked), the axis red–green blindness keeps, and apart from
 * the minimap's floor and walls and the yellow objective marker.
 */
const COLOURBLIND: Palette = {
  roles: {
    t1000: 0x9fb4c8,
    john: 0xfffb48,
    sarah: 0xc3190c,
    t800: 0x060050,
    dyson: 0xd29522,
    police: 0x0083ff,
    guard: 0x4e506b,
  },
  civilians: [0xb17e7b, 0x7b6861, 0x47dca6, 0x0400f9],
  minimapDoorOpen: 0x4fb0ff,
  minimapDoorLocked: 0xb35c00,
};

export const PALETTES: Readonly<Record<PaletteName, Palette>> = {
  standard: STANDARD,
  colourblind: COLOURBLIND,
};

/** Server colour → colour-blind colour: each role's colour to its safe one, the crowd's twelve onto the safe four. */
const TO_COLOURBLIND = new Map<number, number>();
for (const role of Object.keys(ROLE_COLORS) as ColouredRole[])
  TO_COLOURBLIND.set(ROLE_COLORS[role], COLOURBLIND.roles[role]);
CIVILIAN_COLORS.forEach((c, i) => {
  if (!TO_COLOURBLIND.has(c)) TO_COLOURBLIND.set(c, COLOURBLIND.civilians[i % COLOURBLIND.civilians.length]);
});

/** The palette the player chose (settings), read at draw time so a change shows on the next frame. */
export function activePalette(): Palette {
  return PALETTES[settings.get().palette] ?? STANDARD;
}

/**
 * The colour to draw for a character whose colour (from the server) is
 * `color`: itself in the standard palette, its colour-blind-safe stand-in in
 * the other. A disguised T-1000 carries the colour it copied, so it maps to
 * the same stand-in as the real one and gives nothing away.
 */
export function displayColor(color: number, palette: PaletteName = settings.get().palette): number {
  if (palette !== 'colourblind') return color;
  return TO_COLOURBLIND.get(color) ?? color;
}

/** A door tile's colour on the minimap. */
export function minimapDoorColor(open: boolean, palette: Palette = activePalette()): number {
  return open ? palette.minimapDoorOpen : palette.minimapDoorLocked;
}
