/**
 * An entity as a viewer sees it, declared once. {@link LOOK} lists the
 * visible fields and how each goes on the wire; the schema class
 * (shared/schema/EntityState.ts), the server's copy into it
 * (server/sync/copyEntity.ts), the bots' {@link SeenEntity} and the client's
 * frame all derive from it, and {@link lookOf} is the one rule of what an
 * entity looks like to a viewer (the disguise mapping included).
 *
 * Adding a visible field: a line in {@link LOOK}, its value in
 * {@link lookOf}, and the renderer that draws it.
 */
import type { Role } from '../roles.js';
import { isFullySolid } from './entity.js';
import type { ActionKind, Entity, Life } from './types.js';

/** Whose eyes: the escort team (shared vision), the hunter, or a spectator (sees all). */
export type Viewer = 'escort' | 'hunter' | 'spectator';

/** How a field goes on the wire; shared/schema maps each kind to a schema type. */
export interface WireKinds {
  role: Role;
  /** A role, or '' for none. */
  roleOrNone: Role | '';
  life: Life;
  action: ActionKind;
  string: string;
  /** 0xRRGGBB and other unsigned numbers. */
  uint32: number;
  uint16: number;
  /** A position in tiles, quantised (see POS_MAX). */
  pos: number;
  /** An angle in radians, 8 bits. */
  angle: number;
  boolean: boolean;
}
export type WireKind = keyof WireKinds;

export interface FieldSpec {
  kind: WireKind;
  /** Sent only while this boolean field is true; otherwise the wire keeps the last value sent. */
  sentWhile?: string;
}

/**
 * The fields every viewer is sent of an entity it sees, in wire order (the
 * order is the schema's field order: keep it).
 */
export const LOOK = {
  /** The role it looks like (a disguised T-1000 shows the mimicked role to escorts). */
  role: { kind: 'role' },
  name: { kind: 'string' },
  /** 0xRRGGBB. */
  color: { kind: 'uint32' },
  x: { kind: 'pos' },
  y: { kind: 'pos' },
  facing: { kind: 'angle' },
  /** healthy | injured | downed | eliminated | destroyed */
  life: { kind: 'life' },
  /** A liquid T-1000 (also while melting or reforming). */
  liquid: { kind: 'boolean' },
  /** The blade wind-up telegraph is showing, aimed at `windupAim`. */
  windup: { kind: 'boolean' },
  windupAim: { kind: 'angle', sentWhile: 'windup' },
  stunned: { kind: 'boolean' },
  /** The action being channelled ('' for none): hack, pick, plant, wipe, revive, terminate, keycard. */
  action: { kind: 'action' },
} as const satisfies Record<string, FieldSpec>;

/**
 * What the hunter and spectators are told on top of the look: the truth
 * behind it. Never sent to escorts.
 */
export const TRUTH = {
  /** The simulation's opaque id (the T-1000's is re-drawn with each look). */
  publicId: { kind: 'uint32' },
  /** Internal entity id. */
  entityId: { kind: 'uint16' },
  /** The T-1000's disguise: the role, name and colour it wears ('' when none). */
  mimicRole: { kind: 'roleOrNone' },
  mimicName: { kind: 'string' },
  mimicColor: { kind: 'uint32' },
  /** The health the disguise shows escorts (its `life` in their look). */
  mimicLife: { kind: 'life' },
  /** Melting or reforming (the look's `liquid` covers both and full liquid): a side's view is derived with it. */
  morphing: { kind: 'boolean' },
} as const satisfies Record<string, FieldSpec>;

/** The plain values of a field table. */
export type ValuesOf<T extends Record<string, FieldSpec>> = {
  -readonly [K in keyof T]: WireKinds[T[K]['kind']];
};

/** One entity as a viewer is sent it. */
export type Look = ValuesOf<typeof LOOK>;
/** The truth behind a look (hunter and spectators only). */
export type Truth = ValuesOf<typeof TRUTH>;

export const LOOK_KEYS = Object.keys(LOOK) as (keyof Look)[];
export const TRUTH_KEYS = Object.keys(TRUTH) as (keyof Truth)[];

/**
 * One entity as `viewer` sees it. For escorts a disguised T-1000 is exactly
 * the character it mimics (role, name, colour, health; never the hunter's
 * own channel); the hunter and spectators see it as it is, with its disguise
 * in {@link truthOf}.
 */
export function lookOf(e: Entity, viewer: Viewer, into?: Look): Look {
  const asLook = viewer === 'escort' && e.role === 't1000' && e.mimicRole !== '';
  const l = into ?? blankLook();
  l.role = asLook ? (e.mimicRole as Role) : e.role;
  l.name = asLook ? e.mimicName : e.name;
  l.color = asLook ? e.mimicColor : e.color;
  l.x = e.x;
  l.y = e.y;
  l.facing = e.facing;
  l.life = asLook ? e.mimicLife : e.life;
  l.liquid = e.role === 't1000' && !isFullySolid(e);
  l.windup = e.windup > 0;
  l.windupAim = e.windup > 0 ? e.windupAim : 0;
  l.stunned = e.stun > 0;
  // Only the hunter terminates: a disguise showing that channel would name it.
  l.action = asLook && e.action === 'terminate' ? '' : e.action;
  return l;
}

/** The truth behind an entity's look, for the hunter and spectators (written into `into` when given). */
export function truthOf(e: Entity, into?: Truth): Truth {
  const t = into ?? blankTruth();
  t.publicId = e.publicId;
  t.entityId = e.id;
  t.mimicRole = e.mimicRole;
  t.mimicName = e.mimicName;
  t.mimicColor = e.mimicColor;
  t.mimicLife = e.mimicLife;
  t.morphing = e.morph > 0;
  return t;
}

/**
 * A look to write into, every field present in declaration order (one
 * object shape for every look). A caller that reads looks at every patch
 * passes one back to {@link lookOf} rather than making garbage of one per
 * entity.
 */
export function blankLook(): Look {
  return {
    role: 'civilian',
    name: '',
    color: 0,
    x: 0,
    y: 0,
    facing: 0,
    life: 'healthy',
    liquid: false,
    windup: false,
    windupAim: 0,
    stunned: false,
    action: '',
  };
}

/** The same for {@link truthOf}. */
export function blankTruth(): Truth {
  return {
    publicId: 0,
    entityId: 0,
    mimicRole: '',
    mimicName: '',
    mimicColor: 0,
    mimicLife: 'healthy',
    morphing: false,
  };
}

/** Copy the look's fields from `src` (a schema instance, a {@link SeenEntity}) into `into`. */
export function readLook<T extends object>(src: Look, into: T): T & Look {
  const d = into as Record<string, unknown>;
  for (const k of LOOK_KEYS) d[k] = src[k];
  return into as T & Look;
}

/**
 * How an entity is drawn from what the viewer was sent: the hunter and
 * spectators (who are sent the `truth`) see a disguise as the look it wears,
 * told by `trueRole`; escorts (`truth` null) are sent only the look.
 */
export function showLook<T extends Look & { trueRole: Role | null }>(
  look: T,
  truth: Pick<Truth, 'mimicRole' | 'mimicName' | 'mimicColor'> | null,
): T {
  look.trueRole = truth === null ? null : look.role;
  if (truth !== null && truth.mimicRole !== '') {
    look.role = truth.mimicRole;
    look.name = truth.mimicName;
    look.color = truth.mimicColor;
  }
  return look;
}
