import { Container, Graphics } from 'pixi.js';
import { Tile } from '../../../shared/map/tiles.js';
import type { DoorDef, GameMap } from '../../../shared/map/types.js';
import { overlaps, type ViewRect } from './MapView.js';
import { COLORS, DOOR_COLORS, TILE } from './palette.js';

/** What the objects layer shows of the match's progress. */
export interface ObjectiveState {
  vaultOpen: boolean;
  chipDestroyed: boolean;
  terminalsWiped: readonly boolean[];
}

interface DoorView {
  def: DoorDef;
  g: Graphics;
  /** Door bounds in pixels and whether the panel runs along x. */
  x: number;
  y: number;
  w: number;
  h: number;
  alongX: boolean;
  /** 0 closed … 1 open, animated toward the door's state. */
  open: number;
  target: number;
}

const OPEN_SPEED = 1 / 0.35;

function doorBounds(
  map: GameMap,
  def: DoorDef,
): { x: number; y: number; w: number; h: number; alongX: boolean } {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const i of def.tiles) {
    const tx = i % map.width;
    const ty = Math.floor(i / map.width);
    x0 = Math.min(x0, tx);
    y0 = Math.min(y0, ty);
    x1 = Math.max(x1, tx + 1);
    y1 = Math.max(y1, ty + 1);
  }
  const w = x1 - x0;
  const h = y1 - y0;
  let alongX = w > h;
  if (w === h) {
    // A square door runs between the walls beside it.
    const left = x0 - 1 >= 0 ? map.tiles[y0 * map.width + x0 - 1] : Tile.Wall;
    alongX = left === Tile.Wall;
  }
  return { x: x0 * TILE, y: y0 * TILE, w: w * TILE, h: h * TILE, alongX };
}

/**
 * Doors (which slide open), the vault's chip, the document terminals, the
 * extraction zone and the ammo crates. Redrawn only when their state changes,
 * except the doors while they move and the pulsing zone.
 */
export class WorldObjects {
  readonly container = new Container();
  private readonly doors: DoorView[] = [];
  private readonly statics = new Graphics();
  private readonly extraction = new Graphics();
  private lastKey = -1;

  constructor(private readonly map: GameMap) {
    this.container.addChild(this.extraction, this.statics);
    const e = map.extraction;
    this.extraction
      .rect(e.x * TILE, e.y * TILE, e.w * TILE, e.h * TILE)
      .fill({ color: COLORS.extraction, alpha: 0.16 })
      .stroke({ width: 2, color: COLORS.extraction, alpha: 0.75 });
    for (const def of map.doors) {
      const g = new Graphics();
      const b = doorBounds(map, def);
      const closed = map.tiles[def.tiles[0]] === Tile.DoorLocked;
      const v: DoorView = { def, g, ...b, open: closed ? 0 : 1, target: closed ? 0 : 1 };
      this.doors.push(v);
      this.container.addChild(g);
      this.drawDoor(v);
    }
  }

  private drawDoor(v: DoorView): void {
    const { g } = v;
    g.clear();
    const color = DOOR_COLORS[v.def.kind];
    const thick = v.def.kind === 'vault' ? 12 : 8;
    const len = v.alongX ? v.w : v.h;
    // Two leaves slide into the walls; each keeps a stub when fully open.
    const leaf = Math.max(3, (len / 2) * (1 - v.open));
    const mid = v.alongX ? v.y + v.h / 2 - thick / 2 : v.x + v.w / 2 - thick / 2;
    const rects = v.alongX
      ? [
          [v.x, mid, leaf, thick],
          [v.x + v.w - leaf, mid, leaf, thick],
        ]
      : [
          [mid, v.y, thick, leaf],
          [mid, v.y + v.h - leaf, thick, leaf],
        ];
    for (const [x, y, w, h] of rects) {
      g.rect(x, y, w, h).fill(color).stroke({ width: 1.5, color: 0x000000, alpha: 0.55 });
      if (v.def.kind === 'cell' && v.open < 1) {
        for (let o = 4; o < (v.alongX ? w : h) - 2; o += 6) {
          if (v.alongX) g.rect(x + o, y - 3, 2, h + 6).fill(COLORS.bars);
          else g.rect(x - 3, y + o, w + 6, 2).fill(COLORS.bars);
        }
      }
    }
    if (v.open === 0 && (v.def.kind === 'cyberdyne' || v.def.kind === 'vault')) {
      // The card reader's red light: this door wants Dyson's card or John's hack.
      g.circle(v.x + v.w / 2, v.y + v.h / 2, 2.5).fill(0xff3344);
    }
  }

  private drawStatics(s: ObjectiveState): void {
    const g = this.statics;
    g.clear();
    const { map } = this;
    map.terminals.forEach((t, i) => {
      const wiped = s.terminalsWiped[i] ?? false;
      const x = t.x * TILE;
      const y = t.y * TILE;
      g.roundRect(x - 10, y - 8, 20, 15, 2)
        .fill(0x1c2430)
        .stroke({ width: 2, color: wiped ? 0x555d6b : COLORS.terminal });
      g.rect(x - 7, y - 5, 14, 9).fill({
        color: wiped ? 0x222222 : COLORS.terminal,
        alpha: wiped ? 1 : 0.55,
      });
      if (wiped)
        g.moveTo(x - 6, y - 4)
          .lineTo(x + 6, y + 3)
          .stroke({ width: 2, color: 0xff5555 });
    });
    const cx = map.chip.x * TILE;
    const cy = map.chip.y * TILE;
    if (s.chipDestroyed) {
      g.circle(cx, cy, 14).fill({ color: 0x000000, alpha: 0.55 });
      g.circle(cx, cy, 8).fill({ color: 0x3a2a20, alpha: 0.9 });
    } else {
      g.roundRect(cx - 9, cy - 9, 18, 18, 3)
        .fill(0x26133a)
        .stroke({ width: 2, color: COLORS.chip });
      for (let k = -6; k <= 6; k += 4) {
        g.rect(cx + k - 1, cy - 12, 2, 3).fill(COLORS.chip);
        g.rect(cx + k - 1, cy + 9, 2, 3).fill(COLORS.chip);
      }
      g.circle(cx, cy, 3).fill(COLORS.chip);
    }
    for (const c of map.crates) {
      const x = c.x * TILE;
      const y = c.y * TILE;
      g.rect(x - 9, y - 7, 18, 14)
        .fill(COLORS.crate)
        .stroke({ width: 1.5, color: 0x4d341b });
      g.moveTo(x - 9, y - 7)
        .lineTo(x + 9, y + 7)
        .stroke({ width: 1, color: 0x4d341b });
      g.rect(x - 3, y - 3, 6, 6).fill(0xd63b3b);
    }
  }

  /** Brings doors and objectives up to date; `tiles` are the live tile codes; only what is in `view` is drawn. */
  update(tiles: Uint8Array, s: ObjectiveState, act: number, dt: number, time: number, view: ViewRect): void {
    for (const v of this.doors) {
      v.g.visible = overlaps(v, view);
      v.target = tiles[v.def.tiles[0]] === Tile.DoorLocked ? 0 : 1;
      if (v.open !== v.target) {
        const step = OPEN_SPEED * dt;
        v.open = v.target > v.open ? Math.min(v.target, v.open + step) : Math.max(v.target, v.open - step);
        this.drawDoor(v);
      }
    }
    let key = s.chipDestroyed ? 1 : 0;
    for (let i = 0; i < s.terminalsWiped.length; i++) if (s.terminalsWiped[i]) key |= 2 << i;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.drawStatics(s);
    }
    const pulse = act === 3 ? 0.5 + 0.5 * Math.sin(time * 3) : 0;
    this.extraction.alpha = 0.45 + 0.55 * pulse;
  }
}
