import { schema, t } from '@colyseus/schema';

/** Timers are sent in quarter seconds up to a minute. */
const secs = () => t.quantized({ min: 0, max: 63.75, bits: 8 }).default(0);

/**
 * What only one player may know about its own character: exact position,
 * cooldowns, ammo, channel progress and the input acknowledgement. Keyed by
 * session id in {@link MatchState.private}; each client's view holds only its own.
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
    sprintLeft: secs(),
    sprintCooldown: secs(),
    stun: secs(),
    slow: secs(),
    /** Seconds spent downed (bleed-out at 45). */
    downedFor: secs(),
    /** Progress of the channelled action, 0–1. */
    actionProgress: t.quantized({ min: 0, max: 1, bits: 8 }).default(0),
    /** T-1000: disguise time left, mimic cooldown, melt/reform time left. */
    mimicLeft: secs(),
    mimicCooldown: secs(),
    morph: secs(),
    /** A bot is playing this character (the player is disconnected). */
    botControlled: t.boolean().default(false),
  },
  'Private',
);
export type PrivateState = InstanceType<typeof PrivateState>;
