/**
 * Records to bytes and back. The writer frames each msgpack record with its
 * length and CRC-32; the reader treats the bytes as hostile: every length,
 * count, string and shape is checked, and a bad file yields one message
 * ({@link ReplayError}), never a crash, a hang or unbounded memory.
 */
import { Packr } from 'msgpackr';
import { PLAYER_ROLES } from '../roles.js';
import {
  type ChunkRecord,
  type EndRecord,
  FORMAT_VERSION,
  type HeaderRecord,
  type KeyframeRecord,
  LIMITS,
  MAGIC,
  RECORD_HEAD,
  type ReplayRecord,
} from './format.js';

/** Plain msgpack (no msgpackr record extension), so tools in any language read it. */
const packr = new Packr({ useRecords: false, moreTypes: false, mapsAsObjects: true });

export class ReplayError extends Error {}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zlib and PNG). */
export function crc32(b: Uint8Array, from = 0, to = b.length): number {
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const magicBytes = (): Uint8Array => new TextEncoder().encode(MAGIC);

/** One record framed: length, CRC-32, body. */
export function encodeRecord(r: ReplayRecord): Uint8Array {
  const body = packr.pack(r);
  const out = new Uint8Array(RECORD_HEAD + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, body.length, true);
  dv.setUint32(4, crc32(body), true);
  out.set(body, RECORD_HEAD);
  return out;
}

/** What a reader found: the records read, and why it stopped early (a torn tail is normal after a kill). */
export interface ReadResult {
  header: HeaderRecord;
  records: ReplayRecord[];
  /** Set when the file ends in a partial or damaged record (the records before it are good). */
  truncated: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isInt = (v: unknown, min = 0, max = 2 ** 31): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isStr = (v: unknown, max: number = LIMITS.string): v is string =>
  typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function bad(what: string): never {
  throw new ReplayError(what);
}

function checkHeader(v: unknown): HeaderRecord {
  if (!isObj(v) || v.t !== 'H') bad('the first record is not a header');
  if (v.format !== FORMAT_VERSION)
    bad(
      `format version ${String(v.format).slice(0, 20)} is not supported (this reader reads ${FORMAT_VERSION})`,
    );
  if (!isStr(v.game) || !isStr(v.startedAt)) bad('the header has no game version or start time');
  const m = v.map;
  if (!isObj(m) || !isStr(m.name) || !isStr(m.file, 1024) || !isStr(m.hash)) bad('the header names no map');
  if (!isStr(v.seed) && !isNum(v.seed)) bad('the header has no seed');
  if (!isObj(v.options)) bad('the header has no options');
  if (!Array.isArray(v.roles) || v.roles.length > LIMITS.roles) bad('the header has no roles');
  for (const r of v.roles) {
    if (!isObj(r) || !PLAYER_ROLES.includes(r.role as never) || !isStr(r.name) || typeof r.bot !== 'boolean')
      bad('the header has a bad role');
  }
  if (!isInt(v.tickHz, 1, 1000) || !isInt(v.chunkSteps, 1, LIMITS.chunkSteps) || !isInt(v.frameEvery, 1, 100))
    bad('the header has bad timing');
  if (!isInt(v.keyframeSteps, 1, 2 ** 31)) bad('the header has bad timing');
  const fields = v.fields;
  const kinds = v.kinds;
  if (!Array.isArray(fields) || !Array.isArray(kinds) || fields.length > LIMITS.fields)
    bad('the header has no field list');
  if (
    fields.length !== kinds.length ||
    !fields.every((f) => isStr(f, 64)) ||
    !kinds.every((k) => isStr(k, 64))
  )
    bad('the header has a bad field list');
  return v as unknown as HeaderRecord;
}

const isInput = (e: unknown): boolean => Array.isArray(e) && e.length === 4 && e.every(isNum);

function checkChunk(v: Record<string, unknown>, fields: number): ChunkRecord {
  if (!isInt(v.tick) || !isInt(v.n, 1, LIMITS.chunkSteps)) bad('a chunk has a bad tick or length');
  const n = v.n;
  if (!isObj(v.in)) bad('a chunk has no inputs');
  for (const [role, list] of Object.entries(v.in)) {
    if (!PLAYER_ROLES.includes(role as never) || !Array.isArray(list) || list.length !== n)
      bad('a chunk has bad inputs');
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (e === null || (e === 0 && i > 0)) continue;
      if (!isInput(e)) bad('a chunk has a bad input');
    }
  }
  if (v.cu !== undefined) {
    if (!Array.isArray(v.cu) || v.cu.length > n * LIMITS.roles) bad('a chunk has bad catch-up inputs');
    for (const c of v.cu) {
      if (!Array.isArray(c) || !isInt(c[0], 0, n - 1) || !PLAYER_ROLES.includes(c[1]) || !isInput(c[2]))
        bad('a chunk has a bad catch-up input');
    }
  }
  if (!Array.isArray(v.f) || v.f.length > n) bad('a chunk has bad frames');
  for (const f of v.f) {
    if (!isObj(f) || !isInt(f.k)) bad('a chunk has a bad frame');
    if (f.w !== undefined && (!isObj(f.w) || (f.w.act !== undefined && !isInt(f.w.act, 0, 100))))
      bad('a frame has bad world facts');
    if (f.ev !== undefined && (!Array.isArray(f.ev) || f.ev.length > 100_000)) bad('a frame has bad events');
    if (f.r !== undefined) checkTable(f.r, fields);
    if (f.m !== undefined) {
      if (!(f.m instanceof Uint8Array) || !(f.dx instanceof Uint8Array) || !(f.dy instanceof Uint8Array))
        bad('a frame has bad moves');
      if (f.dx.length !== f.dy.length || f.dx.length > f.m.length * 8) bad('a frame has bad moves');
    }
    if (f.c !== undefined) {
      if (!Array.isArray(f.c) || f.c.length % 3 !== 0) bad('a frame has bad changes');
      for (let i = 0; i < f.c.length; i += 3) {
        if (!isInt(f.c[i], 0, LIMITS.entities) || !isInt(f.c[i + 1], 0, fields - 1))
          bad('a frame has a bad change');
        const x = f.c[i + 2];
        if (typeof x !== 'number' && typeof x !== 'boolean' && !isStr(x)) bad('a frame has a bad value');
      }
    }
  }
  return v as unknown as ChunkRecord;
}

function checkTable(t: unknown, fields: number): void {
  if (!Array.isArray(t) || t.length > LIMITS.entities) bad('a table is bad');
  for (const row of t) {
    if (!Array.isArray(row) || row.length !== fields) bad('a table row is bad');
    for (const x of row)
      if (typeof x !== 'number' && typeof x !== 'boolean' && !isStr(x)) bad('a table value is bad');
  }
}

function checkKeyframe(v: Record<string, unknown>, fields: number): KeyframeRecord {
  if (!isInt(v.tick) || !isStr(v.hash, 32) || !isObj(v.world)) bad('a keyframe is bad');
  checkTable(v.table, fields);
  return v as unknown as KeyframeRecord;
}

function checkEnd(v: Record<string, unknown>): EndRecord {
  if (!isInt(v.tick) || !isObj(v.stats)) bad('the end record is bad');
  const r = v.result;
  if (r !== null && (!isObj(r) || !isStr(r.winner) || !isStr(r.reason) || !isNum(r.time)))
    bad('the end record has a bad result');
  return v as unknown as EndRecord;
}

/** Decode one record's body; a msgpack error or a bad shape is a {@link ReplayError}. */
function decodeBody(body: Uint8Array): unknown {
  try {
    return packr.unpack(body);
  } catch (e) {
    throw new ReplayError(`a record does not decode (${String((e as Error)?.message ?? e).slice(0, 80)})`);
  }
}

/**
 * Reads records as their bytes arrive (the spectators' feed, a file read in
 * pieces): {@link push} returns the records completed so far, header first,
 * with the checks and limits of {@link readReplay}, which reads a whole file
 * through one of these. A file is the magic then this stream; a stream made
 * with `magic: true` expects the magic first.
 *
 * A stream refusing what it was sent at all (no magic, no header, oversize)
 * throws {@link ReplayError}; a damaged record after the header stops it
 * with {@link truncated} set (the records before it stand), and later
 * pushes return nothing. {@link end} says whether the bytes stopped inside a
 * record.
 */
export class RecordStream {
  header: HeaderRecord | null = null;
  /** Why the stream stopped early (a damaged or cut record), or null. */
  truncated: string | null = null;
  /** Records read (the header included). */
  count = 0;
  /** The end record was read: nothing may follow it. */
  ended = false;
  private pending = new Uint8Array(0);
  private pendingLen = 0;
  /** Bytes received in all, and the offset in the file of the first byte not yet read. */
  private total = 0;
  private at: number;
  private magicLeft: number;
  private stopped = false;

  constructor(opts: { magic?: boolean } = {}) {
    this.magicLeft = opts.magic ? MAGIC.length : 0;
    this.at = 0;
  }

  /**
   * Adds bytes; the records they complete, in order. `onRecord` sees each
   * as it is read (return false to stop the stream there, as a reader that
   * has what it wanted).
   */
  push(bytes: Uint8Array, onRecord?: (r: ReplayRecord) => boolean | undefined): ReplayRecord[] {
    if (!(bytes instanceof Uint8Array)) bad('not a file');
    const out: ReplayRecord[] = [];
    if (this.stopped || this.truncated !== null) return out;
    this.total += bytes.length;
    if (this.total > LIMITS.fileBytes) bad(`the file is larger than ${LIMITS.fileBytes} bytes`);
    let src = bytes;
    const fromPending = this.pendingLen > 0;
    if (fromPending) {
      // Only the part of a record not yet complete is kept: at most one record's bytes.
      const need = this.pendingLen + bytes.length;
      if (this.pending.length < need) {
        const grown = new Uint8Array(Math.max(need, this.pending.length * 2));
        grown.set(this.pending.subarray(0, this.pendingLen));
        this.pending = grown;
      }
      this.pending.set(bytes, this.pendingLen);
      src = this.pending.subarray(0, need);
    }
    const used = this.read(src, out, onRecord, fromPending);
    const rest = src.length - used;
    if (rest === 0 || this.stopped || this.truncated !== null) {
      this.pendingLen = 0;
      if (this.pending.length > 1 << 20) this.pending = new Uint8Array(0);
    } else if (fromPending) {
      this.pending.copyWithin(0, used, src.length);
      this.pendingLen = rest;
    } else {
      if (this.pending.length < rest) this.pending = new Uint8Array(Math.max(rest, 1024));
      this.pending.set(src.subarray(used));
      this.pendingLen = rest;
    }
    return out;
  }

  /**
   * The bytes are over: null when they ended on a record's boundary, else
   * what was cut (and {@link truncated} says it too). Throws when no header
   * was read.
   */
  end(): string | null {
    if (this.magicLeft > 0) bad('not a Liquid Metal replay (no magic)');
    if (this.pendingLen > 0 && this.truncated === null && !this.stopped) {
      if (!this.header && this.pendingLen >= RECORD_HEAD) bad('the header is cut short');
      this.truncated = `${this.where()} is cut short`;
    }
    if (!this.header) bad('the file has no header');
    return this.truncated;
  }

  private where(): string {
    return `record ${this.count + 1} (byte ${this.at})`;
  }

  /** Reads whole records from `b`; how many bytes they took. */
  private read(
    b: Uint8Array,
    out: ReplayRecord[],
    onRecord: ((r: ReplayRecord) => boolean | undefined) | undefined,
    reused: boolean,
  ): number {
    let at = 0;
    if (this.magicLeft > 0) {
      const magic = magicBytes();
      const from = magic.length - this.magicLeft;
      const n = Math.min(this.magicLeft, b.length);
      for (let i = 0; i < n; i++) if (b[i] !== magic[from + i]) bad('not a Liquid Metal replay (no magic)');
      this.magicLeft -= n;
      this.at += n;
      at = n;
      if (this.magicLeft > 0) return at;
    }
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    while (at < b.length) {
      if (this.count >= LIMITS.records) bad(`more than ${LIMITS.records} records`);
      if (b.length - at < RECORD_HEAD) break;
      const len = dv.getUint32(at, true);
      if (len > LIMITS.recordBytes) {
        if (!this.header) bad(`the header claims ${len} bytes, more than ${LIMITS.recordBytes}`);
        this.truncated = `${this.where()} claims ${len} bytes, more than ${LIMITS.recordBytes}`;
        return at;
      }
      if (b.length - at - RECORD_HEAD < len) break;
      // Decoded binary fields are views of the body: a body in the reused buffer is copied first.
      const body = (reused ? b.slice : b.subarray).call(b, at + RECORD_HEAD, at + RECORD_HEAD + len);
      if (crc32(body) !== dv.getUint32(at + 4, true)) {
        if (!this.header) bad('the header is damaged (CRC mismatch)');
        this.truncated = `${this.where()} is damaged (CRC mismatch)`;
        return at;
      }
      const where = this.where();
      at += RECORD_HEAD + len;
      this.at += RECORD_HEAD + len;
      let rec: ReplayRecord | null;
      try {
        rec = this.record(body);
      } catch (e) {
        if (!this.header || !(e instanceof ReplayError))
          throw e instanceof ReplayError ? e : new ReplayError(String(e));
        this.truncated = `${where}: ${e.message}`;
        return at;
      }
      if (rec === null) continue;
      this.count++;
      out.push(rec);
      if (onRecord && onRecord(rec) === false) {
        this.stopped = true;
        return at;
      }
    }
    return at;
  }

  /** One record's body checked; null for a record type of a later minor version (skipped, as documented). */
  private record(body: Uint8Array): ReplayRecord | null {
    const v = decodeBody(body);
    if (!this.header) {
      this.header = checkHeader(v);
      return this.header;
    }
    if (!isObj(v)) bad('a record is not a map');
    if (this.ended) bad('a record follows the end record');
    const fields = this.header.fields.length;
    if (v.t === 'S') return checkChunk(v, fields);
    if (v.t === 'K') return checkKeyframe(v, fields);
    if (v.t === 'E') {
      const r = checkEnd(v);
      this.ended = true;
      return r;
    }
    if (v.t === 'H') bad('a second header');
    return null;
  }
}

/**
 * Read a whole file. Throws {@link ReplayError} when the file is not a
 * replay at all (magic, header, version, oversize); a damaged tail (a record
 * cut short by a kill, or failing its CRC) ends the reading with `truncated`
 * set, and the good records before it are returned. `onRecord` sees each
 * record as it is read (return false to stop).
 */
export function readReplay(
  bytes: Uint8Array,
  onRecord?: (r: ReplayRecord) => boolean | undefined,
): ReadResult {
  if (!(bytes instanceof Uint8Array)) bad('not a file');
  if (bytes.length > LIMITS.fileBytes) bad(`the file is larger than ${LIMITS.fileBytes} bytes`);
  const magic = magicBytes();
  if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b))
    bad('not a Liquid Metal replay (no magic)');
  const stream = new RecordStream({ magic: true });
  const records = stream.push(bytes, onRecord);
  const truncated = stream.end();
  return { header: stream.header as HeaderRecord, records, truncated };
}
