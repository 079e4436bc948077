/**
 * A recording played as a spectator sees a match: the match view's
 * {@link MatchSource} for the replay viewer and (in live mode, a little
 * behind the newest frame received) for watching a match. Entities are
 * interpolated between the two recorded frames around the playhead (15
 * frames a second); the side views, the roster, effects and feed lines are
 * built by the same code as the live spectator's (contract/spectatorFrame.ts,
 * contract/roster.ts, contract/feedText.ts, shared/sim/sideView.ts).
 */
import type { GameMap } from '../../../shared/map/types.js';
import type { Role } from '../../../shared/roles.js';
import { trueKey } from '../../../shared/schema/EntityState.js';
import { type SideEntity, SideView, type SpectatorEntity } from '../../../shared/sim/sideView.js';
import type { Objectives } from '../../../shared/sim/types.js';
import { feedLine } from '../contract/feedText.js';
import type { FeedLine, FrameEntity, FxEvent, MatchFrame, SpectatorSide } from '../contract/frame.js';
import { rosterRows } from '../contract/roster.js';
import { eventFx, keyVariant, shownEntity, sideSees } from '../contract/spectatorFrame.js';
import type { MatchSource } from '../match/MatchView.js';
import { setDoorTiles } from '../net/predictMove.js';
import { alarmLeft, type Recording } from './Recording.js';

/** Playback speeds offered (the viewer's buttons). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
/** Live mode: seconds behind the newest frame received (smooths the feed's arrival each second). */
export const LIVE_BEHIND = 1.5;
/** Live mode: further behind than this, the playhead jumps to the live point instead of catching up. */
const LIVE_JUMP = 4;
/** An entity moving further than this (tiles) between two frames is placed, not slid. */
const TELEPORT = 3;
/** At most this many frames' effects and feed lines are shown at once (fast play). */
const MAX_FX_FRAMES = 8;

const TURN = Math.PI * 2;
const lerpAngle = (a: number, b: number, t: number): number => {
  let d = (b - a) % TURN;
  if (d > Math.PI) d -= TURN;
  if (d < -Math.PI) d += TURN;
  return a + d * t;
};

/** The frame id a recorded entity is followed by (stable over the whole replay). */
export const frameIdOf = (entityId: number): number => entityId + 1;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Objectives from recorded facts of any shape (defaults for what is missing). */
function objectivesOf(v: unknown): Objectives {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const t = Array.isArray(o.terminalsWiped) ? o.terminalsWiped.slice(0, 16).map((x) => x === true) : [];
  return {
    sarahFreed: o.sarahFreed === true,
    vaultOpen: o.vaultOpen === true,
    chipDestroyed: o.chipDestroyed === true,
    terminalsWiped: t,
    extraction: isNum(o.extraction) ? Math.max(0, Math.floor(o.extraction)) : 0,
  };
}

export class RecordingSource implements MatchSource {
  /** Playing (false: paused). */
  playing = true;
  speed = 1;
  /** Follow the newest frame received, {@link liveBehind} seconds behind it. */
  live = false;
  /** Seconds behind the newest frame received that live mode plays (the watch room's sends set it). */
  liveBehind: number = LIVE_BEHIND;
  side: SpectatorSide = 'all';
  readonly tiles: Uint8Array;
  private tilesVersion = 0;
  private doorKey = '';
  private head: number;
  private lastNow: number | null = null;
  /** Frame index of the entities in {@link a} and {@link b} (b is a + 1). */
  private at = -1;
  private a: SpectatorEntity[] = [];
  private b: SpectatorEntity[] = [];
  private facts: Record<string, unknown> = {};
  private bFacts: Record<string, unknown> = {};
  /** The last frame whose effects were shown. */
  private shownUpTo = -1;
  private sideView: SideView | null = null;
  /** Called after each frame is built (the viewer's controls bar). */
  onFrame: (() => void) | null = null;

  constructor(
    readonly recording: Recording,
    readonly map: GameMap,
  ) {
    this.tiles = map.tiles.slice();
    this.head = recording.firstTick;
  }

  /** The playhead (world tick, fractional between frames). */
  get tick(): number {
    return this.head;
  }

  /** The playhead in game seconds. */
  get time(): number {
    return this.head / this.recording.tickHz;
  }

  play(): void {
    if (this.head >= this.recording.lastTick && !this.live) this.seek(this.recording.firstTick);
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Jump to `tick` (clamped to the recording); the effects of the frames skipped are not shown. */
  seek(tick: number): void {
    const r = this.recording;
    this.live = false;
    this.head = Math.max(r.firstTick, Math.min(r.lastTick, isNum(tick) ? tick : r.firstTick));
    this.shownUpTo = r.indexAt(this.head);
  }

  setSpeed(s: number): void {
    if (isNum(s)) this.speed = Math.max(0.25, Math.min(4, s));
  }

  /** One recorded frame forward (+1) or back (-1), paused. */
  step(dir: 1 | -1): void {
    const r = this.recording;
    this.pause();
    this.live = false;
    const i = r.indexAt(this.head);
    const onFrame = r.ticks[i] === this.head;
    const j = dir > 0 ? i + 1 : onFrame ? i - 1 : i;
    const k = r.ticks[Math.max(0, Math.min(r.frameCount - 1, j))];
    this.head = k;
    // Stepping forward shows that frame's effects; back shows none.
    if (dir < 0) this.shownUpTo = r.indexAt(k);
  }

  /** Live mode: play a little behind the newest frame received, as it arrives. */
  setLive(on: boolean): void {
    this.live = on;
    if (on) {
      this.playing = true;
      this.speed = 1;
      this.head = this.livePoint();
      this.shownUpTo = this.recording.indexAt(this.head);
    }
  }

  private livePoint(): number {
    const r = this.recording;
    return Math.max(r.firstTick, r.lastTick - this.liveBehind * r.tickHz);
  }

  setSide(side: SpectatorSide): void {
    this.side = side;
  }

  /** Move the playhead by the time since the last frame. */
  private advance(nowMs: number): void {
    const r = this.recording;
    const dt = this.lastNow === null ? 0 : Math.max(0, Math.min(0.25, (nowMs - this.lastNow) / 1000));
    this.lastNow = nowMs;
    if (!this.playing || r.frameCount === 0) return;
    this.head += dt * r.tickHz * this.speed;
    if (this.live) {
      const target = this.livePoint();
      if (this.head > target) this.head = target;
      else if (target - this.head > (LIVE_JUMP + this.liveBehind - LIVE_BEHIND) * r.tickHz) {
        this.head = target;
        this.shownUpTo = r.indexAt(target);
      }
    } else if (this.head >= r.lastTick) {
      this.head = r.lastTick;
      // The end of a finished recording: stop there. A recording still growing waits for more.
      if (r.finished) this.playing = false;
    }
  }

  /** The entities at frames i and i + 1, read once per frame index. */
  private load(i: number): void {
    if (i === this.at) return;
    const r = this.recording;
    if (i === this.at + 1 && this.b.length > 0) {
      this.a = this.b;
      this.facts = this.bFacts;
    } else {
      const t = r.tableAt(i);
      this.a = r.entities(t.table);
      this.facts = { ...t.facts };
    }
    // The table read moves on one frame from i: no seek from a checkpoint.
    const t = r.tableAt(Math.min(i + 1, r.frameCount - 1));
    this.b = r.entities(t.table);
    this.bFacts = { ...t.facts };
    this.at = i;
  }

  /** The entities at the playhead: positions and facings between the two frames around it. */
  entitiesNow(): SpectatorEntity[] {
    const r = this.recording;
    const i = r.indexAt(this.head);
    this.load(i);
    const k0 = r.ticks[i];
    const k1 = r.ticks[Math.min(i + 1, r.frameCount - 1)];
    const t = k1 > k0 ? Math.max(0, Math.min(1, (this.head - k0) / (k1 - k0))) : 0;
    if (t === 0) return this.a;
    const byId = new Map<number, SpectatorEntity>();
    for (const e of this.b) byId.set(e.entityId, e);
    return this.a.map((e) => {
      const n = byId.get(e.entityId);
      if (!n || Math.hypot(n.x - e.x, n.y - e.y) > TELEPORT) return e;
      return {
        ...e,
        x: e.x + (n.x - e.x) * t,
        y: e.y + (n.y - e.y) * t,
        facing: lerpAngle(e.facing, n.facing, t),
      };
    });
  }

  private syncDoors(): void {
    const doors = this.facts.doors;
    if (!Array.isArray(doors)) return;
    const open = doors
      .slice(0, this.map.doors.length)
      .map((d) => (d === true ? true : d === false ? false : undefined));
    const key = open.map((o) => (o === undefined ? '-' : o ? '1' : '0')).join('');
    if (key === this.doorKey) return;
    this.doorKey = key;
    setDoorTiles(this.tiles, this.map, open);
    this.tilesVersion++;
  }

  frame(nowMs: number, _aim: number): MatchFrame {
    const r = this.recording;
    this.advance(nowMs);
    const all = this.entitiesNow();
    this.syncDoors();
    const facts = this.facts;
    const alarm = (typeof facts.alarm === 'object' && facts.alarm !== null ? facts.alarm : {}) as Record<
      string,
      unknown
    >;
    const reveal = isNum(alarm.reveal) ? Math.max(0, alarm.reveal) : 0;
    let seen: Map<number, SideEntity> | null = null;
    if (this.side !== 'all') {
      this.sideView ??= new SideView(this.map, this.tiles);
      seen = sideSees(this.sideView, this.side, all, reveal);
    }
    const entities: FrameEntity[] = [];
    for (const e of all) {
      let sideLook: SideEntity | undefined;
      if (seen) {
        sideLook = seen.get(e.entityId);
        if (!sideLook) continue;
      }
      const key = trueKey(e.entityId);
      entities.push(
        shownEntity(
          e,
          sideLook,
          this.side,
          { id: frameIdOf(e.entityId), variant: keyVariant(key), self: false },
          e.x,
          e.y,
          e.facing,
        ),
      );
    }
    const { fx, feed } = this.effects(all);
    const time = this.head / r.tickHz;
    const act = isNum(facts.act) ? Math.max(1, Math.min(3, Math.floor(facts.act))) : 1;
    const frame: MatchFrame = {
      viewer: 'spectator',
      time,
      clockLeft: Math.max(0, Math.ceil(r.clockSeconds - time)),
      act: act as 1 | 2 | 3,
      objectives: objectivesOf(facts.objectives),
      alarmLeft: Math.min(255, Math.ceil(Math.max(0, alarmLeft(facts.alarm)))),
      revealLeft: 0,
      tiles: this.tiles,
      tilesVersion: this.tilesVersion,
      entities,
      self: null,
      fx,
      feed,
      side: this.side,
      roster: rosterRows(
        all,
        frameIdOf,
        (id) => seen === null || seen.has(id),
        (role) => r.seat(role),
      ),
    };
    this.onFrame?.();
    return frame;
  }

  /** Effects and feed lines of the frames the playhead passed since the last call (none after a seek). */
  private effects(all: readonly SpectatorEntity[]): { fx: FxEvent[]; feed: FeedLine[] } {
    const r = this.recording;
    const i = r.indexAt(this.head);
    const fx: FxEvent[] = [];
    const feed: FeedLine[] = [];
    if (i <= this.shownUpTo) {
      this.shownUpTo = Math.min(this.shownUpTo, i);
      return { fx, feed };
    }
    const from = Math.max(this.shownUpTo + 1, i - MAX_FX_FRAMES + 1);
    this.shownUpTo = i;
    const byId = new Map<number, SpectatorEntity>();
    for (const e of all) byId.set(e.entityId, e);
    const nameOf = (id: number) => {
      const e = byId.get(id);
      return e ? e.mimicName || e.name : '';
    };
    for (let j = from; j <= i; j++) {
      for (const ev of r.events(j)) {
        if (this.side !== 'all' && this.sideView && !this.sideView.knows(this.side, ev)) continue;
        const shooter: Role | undefined = ev.type === 'shot' ? byId.get(ev.by)?.role : undefined;
        fx.push(eventFx(ev.type, ev.x, ev.y, ev.value, shooter));
        const line = feedLine(ev.type, ev.value, { by: nameOf(ev.by), target: nameOf(ev.target) });
        if (line) feed.push(line);
      }
    }
    return { fx, feed };
  }
}
