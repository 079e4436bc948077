import type { Room } from '@colyseus/sdk';
import type { GameMap } from '../../../shared/map/types.js';
import type { EventWire } from '../../../shared/protocol.js';
import { ServerMessage } from '../../../shared/protocol.js';
import { type PlayerRole, ROLE_NAMES, type Role, sideOf } from '../../../shared/roles.js';
import type { EntityState, TrueEntityState } from '../../../shared/schema/EntityState.js';
import type { MatchState } from '../../../shared/schema/MatchState.js';
import type { PrivateState } from '../../../shared/schema/PrivateState.js';
import type { Look, Truth } from '../../../shared/sim/look.js';
import type { Viewer } from '../../../shared/sim/perception.js';
import type { GameEventType } from '../../../shared/sim/types.js';
import { DT } from '../../../shared/tuning.js';
import { feedLine, type Occupant, rosterLines } from '../contract/feedText.js';
import type { FeedLine, FrameEntity, FxEvent, MatchFrame } from '../contract/frame.js';
import { eventFx, keyVariant, shownEntity } from '../contract/spectatorFrame.js';
import type { Controls } from '../input/Controls.js';
import { OwnPlayer } from './OwnPlayer.js';
import { PlaybackClock } from './PlaybackClock.js';
import { type MoveEnv, setDoorTiles } from './predictMove.js';
import { type Pose, SnapshotTrack } from './SnapshotTrack.js';
import { selfStatusOfWire } from './selfStatus.js';

type AnyEntity = EntityState &
  Partial<Pick<TrueEntityState, 'mimicRole' | 'mimicName' | 'mimicColor' | 'publicId'>>;

/**
 * A live match seen through a Colyseus room: keeps a snapshot track per
 * visible entity (stamped with the server step), plays remote entities back
 * a little in the past, puts the own character where the reconciler
 * predicts it, and turns the room's state and event messages into a
 * {@link MatchFrame} per frame.
 */
export class LiveMatch {
  private readonly tracks = new Map<string, SnapshotTrack>();
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  readonly clock = new PlaybackClock();
  readonly tiles: Uint8Array;
  private tilesVersion = 0;
  private doorKey = '';
  private fx: FxEvent[] = [];
  private feed: FeedLine[] = [];
  /** The other players' seats as last seen (by role), for the feed's lines when one leaves or comes back. */
  private occupants = new Map<string, Occupant>();
  private readonly pose: Pose = { x: 0, y: 0, facing: 0 };
  own: OwnPlayer | null = null;
  /** Patches received (for tests and the benchmark). */
  patches = 0;
  private readonly offs: (() => void)[] = [];

  constructor(
    readonly room: Room,
    readonly map: GameMap,
    private readonly controls: Controls,
  ) {
    this.tiles = map.tiles.slice();
    const onPatch = () => this.onPatch();
    room.onStateChange(onPatch);
    this.offs.push(() => room.onStateChange.remove(onPatch));
    this.offs.push(room.onMessage(ServerMessage.events, (list: EventWire[]) => this.onEvents(list)));
  }

  get state(): MatchState {
    return this.room.state as MatchState;
  }

  private get priv(): PrivateState | undefined {
    return this.state.private?.get(this.room.sessionId);
  }

  get viewer(): Viewer {
    // The role is a player role once the match has one ('' before): sideOf's rule, escort until then.
    const role = this.priv?.role;
    return role ? sideOf(role as PlayerRole) : 'escort';
  }

  /** Every entity the client was sent, with its key (one of the two maps is always empty). */
  private forEachEntity(fn: (e: AnyEntity, key: string) => void): void {
    this.state.entities?.forEach((e, k) => {
      fn(e as AnyEntity, k);
    });
    this.state.trueEntities?.forEach((e, k) => {
      fn(e as AnyEntity, k);
    });
  }

  private onPatch(): void {
    this.patches++;
    const s = this.state;
    const serverTime = s.tick * DT;
    this.clock.observe(serverTime, performance.now() / 1000);
    const seen = new Set<string>();
    this.forEachEntity((e, key) => {
      seen.add(key);
      let t = this.tracks.get(key);
      if (!t) {
        t = new SnapshotTrack();
        this.tracks.set(key, t);
        this.ids.set(key, this.nextId++);
      }
      t.push(serverTime, e.x, e.y, e.facing);
    });
    for (const key of this.tracks.keys()) {
      if (!seen.has(key)) {
        this.tracks.delete(key);
        this.ids.delete(key);
      }
    }
    this.syncDoors();
    this.ensureOwn();
    this.rosterChanged();
  }

  /** A friend who left, dropped, came back or joined: a line in the feed. */
  private rosterChanged(): void {
    const now = new Map<string, Occupant>();
    this.state.players?.forEach((p, key) => {
      if (p.role && key !== this.room.sessionId)
        now.set(p.role, { name: p.name, bot: p.bot, connected: p.connected });
    });
    if (this.state.phase === 'playing')
      this.feed.push(...rosterLines(this.occupants, now, (r) => ROLE_NAMES[r as Role] ?? r));
    this.occupants = now;
  }

  private syncDoors(): void {
    const doors = this.state.doors;
    if (!doors) return;
    const key = doors.map((o) => (o ? '1' : '0')).join('');
    if (key === this.doorKey) return;
    this.doorKey = key;
    setDoorTiles(this.tiles, this.map, doors);
    this.tilesVersion++;
  }

  /** The own character exists once roles are given out: start predicting it. */
  private ensureOwn(): void {
    if (this.own) return;
    const priv = this.priv;
    if (!priv || priv.role === '' || this.state.phase !== 'playing') return;
    const env: MoveEnv = {
      tiles: this.tiles,
      width: this.map.width,
      height: this.map.height,
      role: priv.role as OwnPlayer['role'],
    };
    this.own = new OwnPlayer(this.room, priv, env, this.controls);
  }

  private ownEntity(): AnyEntity | undefined {
    const key = this.priv?.entity;
    if (!key) return undefined;
    return (this.state.entities?.get(key) ?? this.state.trueEntities?.get(key)) as AnyEntity | undefined;
  }

  private nameOf(key: string): string {
    if (key === '') return '';
    if (key === this.priv?.entity) return 'You';
    const e = (this.state.entities?.get(key) ?? this.state.trueEntities?.get(key)) as AnyEntity | undefined;
    return e ? e.mimicName || e.name : '';
  }

  private onEvents(list: EventWire[]): void {
    if (!Array.isArray(list)) return;
    for (const ev of list) {
      if (!Array.isArray(ev) || ev.length < 6) continue;
      const [type, by, target, x, y, value] = ev;
      const t = type as GameEventType;
      const shooter =
        t !== 'shot' ? undefined : by === this.priv?.entity ? this.priv?.role : this.entityRole(by);
      this.fx.push(eventFx(t, x, y, value, shooter));
      const line = feedLine(t, value, { by: this.nameOf(by), target: this.nameOf(target) });
      if (line) this.feed.push(line);
    }
  }

  private entityRole(key: string): string | undefined {
    return (this.state.entities?.get(key) ?? this.state.trueEntities?.get(key))?.role;
  }

  /**
   * The frame to draw now: sends the due inputs, advances prediction and
   * playback, and samples every entity. `nowMs` is `performance.now()`.
   */
  frame(nowMs: number, aim: number): MatchFrame {
    const s = this.state;
    const own = this.own;
    const mine = this.ownEntity();
    own?.pump(nowMs, s.phase === 'playing' && !own.priv.botControlled);
    const renderTime = this.clock.renderTime(nowMs / 1000);
    const entities: FrameEntity[] = [];
    const selfKey = this.priv?.entity ?? '';
    this.forEachEntity((e, key) => {
      const self = key === selfKey && own !== null;
      let x: number;
      let y: number;
      let facing: number;
      if (self) {
        x = own.x;
        y = own.y;
        facing = e.life === 'healthy' || e.life === 'injured' ? aim : e.facing;
      } else {
        const t = this.tracks.get(key);
        if (!t?.sample(renderTime, this.pose)) return;
        t.prune(renderTime);
        ({ x, y, facing } = this.pose);
      }
      entities.push(
        shownEntity(
          e as unknown as Look & Partial<Truth>,
          undefined,
          'all',
          { id: this.ids.get(key) ?? 0, variant: keyVariant(key), self },
          x,
          y,
          facing,
        ),
      );
    });
    const fx = this.fx;
    const feed = this.feed;
    this.fx = [];
    this.feed = [];
    const o = s.objectives;
    return {
      viewer: this.viewer,
      time: s.tick * DT,
      clockLeft: s.clock,
      act: (s.act || 1) as 1 | 2 | 3,
      objectives: {
        sarahFreed: o?.sarahFreed ?? false,
        vaultOpen: o?.vaultOpen ?? false,
        chipDestroyed: o?.chipDestroyed ?? false,
        terminalsWiped: o?.terminals ? [...o.terminals] : [],
        extraction: o?.extraction ?? 0,
      },
      alarmLeft: s.alarm,
      revealLeft: 0,
      tiles: this.tiles,
      tilesVersion: this.tilesVersion,
      entities,
      self: own && mine ? selfStatusOfWire(own.priv, mine) : null,
      fx,
      feed,
    };
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.own?.dispose();
    this.own = null;
  }
}
