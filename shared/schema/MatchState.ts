import { schema, t } from '@colyseus/schema';
import { EntityState, TrueEntityState } from './EntityState.js';
import { PrivateState } from './PrivateState.js';

/** A seat in the roster: a person (keyed by session id) or a bot (keyed `bot-<role>`). */
export const PlayerSlot = schema(
  {
    name: t.string().default(''),
    /** hunter | escort | any | john | sarah | t800 | dyson */
    pref: t.string().default(''),
    ready: t.boolean().default(false),
    /** Assigned role ('' in the lobby). */
    role: t.string().default(''),
    bot: t.boolean().default(false),
    connected: t.boolean().default(false),
    host: t.boolean().default(false),
  },
  'PlayerSlot',
);
export type PlayerSlot = InstanceType<typeof PlayerSlot>;

/** The host-set options (★ in GAME.md). */
export const OptionsState = schema(
  {
    matchSeconds: t.float32().default(0),
    police: t.uint16().default(0),
    civilians: t.uint16().default(0),
    bots: t.boolean().default(false),
    /** Bot difficulty: easy | normal | hard. */
    difficulty: t.string().default('normal'),
    /** Seconds the spectators' view runs behind (a setting only, for now). */
    spectatorDelay: t.uint16().default(0),
    /** Session id of the host's pick for the hunter; '' = the preferences decide. */
    hunter: t.string().default(''),
    /** The maps the host may choose from (the server's maps folder). */
    maps: t.array('string'),
    /** Play from here: the replay the match starts from ('' = a new match); its map, length and crowd are the replay's. */
    fromReplay: t.string().default(''),
    /** The replay's tick the match starts from (the moment actually used). */
    fromTick: t.uint32().default(0),
    /** Why the moment differs from the one asked for (a replay of another game version), '' when it does not. */
    fromNote: t.string().default(''),
  },
  'Options',
);
export type OptionsState = InstanceType<typeof OptionsState>;

export const ObjectivesState = schema(
  {
    sarahFreed: t.boolean().default(false),
    vaultOpen: t.boolean().default(false),
    chipDestroyed: t.boolean().default(false),
    terminals: t.array('boolean'),
    /** Whole seconds John has stood in the extraction zone. */
    extraction: t.uint8().default(0),
  },
  'Objectives',
);
export type ObjectivesState = InstanceType<typeof ObjectivesState>;

/**
 * The room state. Public fields reach everyone; the three `.view()` maps reach
 * each client only through its StateView:
 * - `entities`: what the escort team sees (escort clients);
 * - `trueEntities`: what the hunter sees, or everything (hunter, spectators);
 * - `private`: the client's own {@link PrivateState}.
 * A client only ever holds entries in one of the two entity maps.
 */
export const MatchState = schema(
  {
    /** lobby | countdown | playing | ended */
    phase: t.string().default(''),
    /** quick | custom */
    mode: t.string().default(''),
    /** Whole seconds left of the lobby countdown. */
    countdown: t.uint16().default(0),
    map: t.string().default(''),
    options: OptionsState,
    /** The roster, keyed by session id (people) or `bot-<role>` (bots). */
    players: t.map(PlayerSlot),
    spectators: t.uint16().default(0),
    /** Simulation step of this state. */
    tick: t.number().default(0),
    /** Whole seconds left on the Judgment Day clock. */
    clock: t.uint16().default(0),
    act: t.uint8().default(0),
    objectives: ObjectivesState,
    /** Whole seconds the police still converge on (alarmX, alarmY). */
    alarm: t.uint8().default(0),
    alarmX: t.float32().default(0),
    alarmY: t.float32().default(0),
    /** Open flag of each door of the map, by door id. */
    doors: t.array('boolean'),
    /** hunter | escort, '' while playing. */
    winner: t.string().default(''),
    reason: t.string().default(''),
    entities: t.map(EntityState).view(),
    trueEntities: t.map(TrueEntityState).view(),
    private: t.map(PrivateState).view(),
  },
  'MatchState',
);
export type MatchState = InstanceType<typeof MatchState>;
