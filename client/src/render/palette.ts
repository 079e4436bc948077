import type { ZoneName } from '../../../shared/map/types.js';
import type { Role } from '../../../shared/roles.js';

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
