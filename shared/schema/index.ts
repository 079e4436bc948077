export { EntityState, POS_MAX, TrueEntityState, trueKey } from './EntityState.js';
export { MatchState, ObjectivesState, OptionsState, PlayerSlot } from './MatchState.js';
export { PrivateState } from './PrivateState.js';
