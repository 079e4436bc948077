import { schema, t } from '@colyseus/schema';

/** Positions are sent quantised to 16 bits over [0, POS_MAX) tiles: 1/64 tile, half a pixel. */
export const POS_MAX = 1024;

const pos = () => t.quantized({ min: 0, max: POS_MAX, bits: 16 }).default(0);

/**
 * One entity as the escort team sees it: exactly `seeEntity(world, e, 'escort')`.
 * A disguised T-1000 is an ordinary instance showing the look it wears. Keyed
 * in {@link MatchState.entities} by an opaque key per sighting: every entity
 * that comes into the team's sight (and the T-1000 at each change of look)
 * gets a fresh key and a fresh instance, so neither its fields nor its key
 * nor its place in the stream tell it apart.
 */
export const EntityState = schema(
  {
    /** The role it looks like (a disguised T-1000 shows the mimicked role). */
    role: t.string().default(''),
    name: t.string().default(''),
    /** 0xRRGGBB. */
    color: t.uint32().default(0),
    x: pos(),
    y: pos(),
    facing: t.angle({ bits: 8 }).default(0),
    /** healthy | injured | downed | eliminated | destroyed */
    life: t.string().default(''),
    /** A liquid T-1000 (also while melting or reforming). */
    liquid: t.boolean().default(false),
    /** The blade wind-up telegraph is showing, aimed at `windupAim`. */
    windup: t.boolean().default(false),
    windupAim: t.angle({ bits: 8 }).default(0),
    stunned: t.boolean().default(false),
    /** The action being channelled ('' for none): hack, pick, plant, wipe, revive, terminate, keycard. */
    action: t.string().default(''),
  },
  'Entity',
);
export type EntityState = InstanceType<typeof EntityState>;

/**
 * One entity as the hunter or a spectator sees it: the same fields plus the
 * truth. Keyed in {@link MatchState.trueEntities} by `entity-<internal id>`,
 * stable for the whole match. Never in an escort's view.
 */
export const TrueEntityState = EntityState.extend(
  {
    /** The simulation's opaque id (the T-1000's is re-drawn with each look). */
    publicId: t.uint32().default(0),
    /** Internal entity id. */
    entityId: t.uint16().default(0),
    /** The T-1000's disguise: the role, name and colour it wears ('' when none). */
    mimicRole: t.string().default(''),
    mimicName: t.string().default(''),
    mimicColor: t.uint32().default(0),
  },
  'TrueEntity',
);
export type TrueEntityState = InstanceType<typeof TrueEntityState>;

/** Key of an entity in {@link MatchState.trueEntities}. */
export const trueKey = (entityId: number): string => `entity-${entityId}`;
