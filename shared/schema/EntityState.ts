import { schema, t } from '@colyseus/schema';
import { type FieldSpec, LOOK, TRUTH, type WireKind } from '../sim/look.js';

/** Positions are sent quantised to 16 bits over [0, POS_MAX) tiles: 1/64 tile, half a pixel. */
export const POS_MAX = 1024;

/** The schema type of each wire kind of shared/sim/look.ts. */
const WIRE = {
  role: () => t.string().default(''),
  roleOrNone: () => t.string().default(''),
  life: () => t.string().default(''),
  action: () => t.string().default(''),
  string: () => t.string().default(''),
  uint32: () => t.uint32().default(0),
  uint16: () => t.uint16().default(0),
  pos: () => t.quantized({ min: 0, max: POS_MAX, bits: 16 }).default(0),
  angle: () => t.angle({ bits: 8 }).default(0),
  boolean: () => t.boolean().default(false),
} satisfies Record<WireKind, () => unknown>;

type Fields<T extends Record<string, FieldSpec>> = {
  [K in keyof T]: ReturnType<(typeof WIRE)[T[K]['kind']]>;
};

/** The schema fields of a field table, in its order (the wire's field order). */
function fields<T extends Record<string, FieldSpec>>(table: T): Fields<T> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) out[name] = WIRE[spec.kind]();
  return out as Fields<T>;
}

/**
 * One entity as the escort team sees it: the fields of {@link LOOK}, exactly
 * `lookOf(e, 'escort')`. A disguised T-1000 is an ordinary instance showing
 * the look it wears. Keyed in {@link MatchState.entities} by an opaque key
 * per sighting: every entity that comes into the team's sight (and the
 * T-1000 at each change of look) gets a fresh key and a fresh instance, so
 * neither its fields nor its key nor its place in the stream tell it apart.
 */
export const EntityState = schema(fields(LOOK), 'Entity');
export type EntityState = InstanceType<typeof EntityState>;

/**
 * One entity as the hunter or a spectator sees it: the same fields plus the
 * truth ({@link TRUTH}). Keyed in {@link MatchState.trueEntities} by
 * `entity-<internal id>`, stable for the whole match. Never in an escort's view.
 */
export const TrueEntityState = EntityState.extend(fields(TRUTH), 'TrueEntity');
export type TrueEntityState = InstanceType<typeof TrueEntityState>;

/** Key of an entity in {@link MatchState.trueEntities}. */
export const trueKey = (entityId: number): string => `entity-${entityId}`;
