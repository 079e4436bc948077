import { schema, t } from '@colyseus/schema';
import type { Life } from '../sim/types.js';

/** Health as {@link PrivateState}'s `life` carries it: the index in this list. */
export const LIVES: readonly Life[] = ['healthy', 'injured', 'downed', 'eliminated', 'destroyed'];

/** Timers are sent in quarter seconds up to a minute. */
const secs = () => t.quantized({ min: 0, max: 63.75, bits: 8 }).default(0);
/**
 * A timer the movement kernel reads, sent exactly: the input seq on whose
 * step it runs out (`timerEnd` in shared/sim/playerMove.ts), 0 when not
 * running. It changes only when the timer is set while inputs arrive one a
 * step, and `end - ack` is the steps left.
 */
const end = () => t.number().default(0);

/**
 * What only one player may know about its own character: exact position,
 * cooldowns, ammo, channel progress and the input acknowledgement, and
 * everything else its movement depends on, exactly, so that the client's
 * prediction runs the server's movement rule on the server's numbers. Keyed
 * by session id in {@link MatchState.private}; each client's view holds only its own.
 */
export const PrivateState = schema(
  {
    /** The player's role ('' before roles are assigned). */
    role: t.string().default(''),
    /** Key of the own entity: in `entities` for escorts, in `trueEntities` for the hunter. */
    entity: t.string().default(''),
    /**
     * Inputs the server has consumed into the simulation (one per step): the
     * seq of the last input applied, matching the SDK's `input.sentCount`.
     * Replay unacknowledged inputs on top of the own state to reconcile.
     */
    ack: t.uint32().default(0),
    /** Exact position of the own character (the shared state carries it quantised). */
    x: t.float32().default(0),
    y: t.float32().default(0),
    /** Blade hits taken since last revived. */
    hits: t.uint8().default(0),
    ammo: t.uint8().default(0),
    cooldown: secs(),
    /** Sprint boost and its recharge, stun, police slow, T-1000 melt or reform: see {@link end}. */
    sprintEnd: end(),
    sprintCooldownEnd: end(),
    stunEnd: end(),
    slowEnd: end(),
    morphEnd: end(),
    /** T-1000: liquid form, true from the melt's start and false from the reform's (the entity shows both as liquid). */
    liquid: t.boolean().default(false),
    /** Liquid was held in the last input applied: holding it on does not change form again, a new press does. */
    liquidHeld: t.boolean().default(false),
    /**
     * What else movement reads, mirrored here (the entity and the doors carry
     * them too) so that a change rewinds the client's prediction at once:
     * health as an index in {@link LIVES}, whether an action is channelled,
     * and the version of the tiles (bumped when a door opens).
     */
    life: t.uint8().default(0),
    channelling: t.boolean().default(false),
    tilesVersion: t.number().default(0),
    /** Seconds spent downed (bleed-out at 45). */
    downedFor: secs(),
    /** Progress of the channelled action, 0–1. */
    actionProgress: t.quantized({ min: 0, max: 1, bits: 8 }).default(0),
    /** T-1000: disguise time left, mimic cooldown. */
    mimicLeft: secs(),
    mimicCooldown: secs(),
    /** A bot is playing this character (the player is disconnected). */
    botControlled: t.boolean().default(false),
  },
  'Private',
);
export type PrivateState = InstanceType<typeof PrivateState>;
