/** PNG pictures of maps for people: a preview of a whole map and the tileset image Tiled shows. */
import { deflateSync } from 'node:zlib';
import { TILE_COUNT } from '../shared/map/tiles.js';
import type { GameMap } from '../shared/map/types.js';

/** Colours (RGB) of floor, wall, bars, locked door, open door, steel, then objects. */
const COLOURS = [0x3a3f47, 0x15171a, 0x8a93a0, 0xb5462f, 0x6e8c4a, 0xff7a1a];

/** A minimal RGB PNG encoder (zlib from node), enough for a preview. */
function png(w: number, h: number, pixel: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.writeUIntBE(pixel(x, y), y * (w * 3 + 1) + 1 + x * 3, 3);
  }
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), body])));
    return Buffer.concat([len, Buffer.from(type), body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    sig,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A preview of a map, 4 px per tile: tiles in their colours, spawns white, objectives bright. */
export function mapPreview(map: GameMap): Buffer {
  const S = 4;
  const marks = new Map<number, number>();
  const mark = (x: number, y: number, colour: number) =>
    marks.set(Math.floor(y) * map.width + Math.floor(x), colour);
  for (const p of map.pois) mark(p.x, p.y, 0x4aa3df);
  for (const c of map.crates) mark(c.x, c.y, 0xe0c03a);
  for (const t of map.terminals) mark(t.x, t.y, 0x38e0c0);
  mark(map.chip.x, map.chip.y, 0xff2bd6);
  for (const s of Object.values(map.spawns)) mark(s.x, s.y, 0xffffff);
  const { x: ex, y: ey, w: ew, h: eh } = map.extraction;
  return png(map.width * S, map.height * S, (px, py) => {
    const x = Math.floor(px / S);
    const y = Math.floor(py / S);
    const i = y * map.width + x;
    const m = marks.get(i);
    if (m !== undefined) return m;
    if (x >= ex && y >= ey && x < ex + ew && y < ey + eh) return 0x2f7d3a;
    return COLOURS[map.tiles[i]];
  });
}

/** One square of `px` pixels per tile code, in tile-code order (the tileset image of the .tmj files). */
export function tilesetImage(px: number): Buffer {
  return png(px * TILE_COUNT, px, (x) => COLOURS[Math.floor(x / px)]);
}
