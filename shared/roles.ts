/** The roles of GAME.md: five player roles and three kinds of NPC. */
export type PlayerRole = 't1000' | 'john' | 'sarah' | 't800' | 'dyson';
export type EscortRole = Exclude<PlayerRole, 't1000'>;
/** The escorts who carry a gun: Sarah's pistol, the T-800's shotgun. */
export type GunnerRole = Extract<EscortRole, 'sarah' | 't800'>;
export type NpcRole = 'police' | 'guard' | 'civilian';
export type Role = PlayerRole | NpcRole;

export const PLAYER_ROLES: readonly PlayerRole[] = ['t1000', 'john', 'sarah', 't800', 'dyson'];
export const ESCORT_ROLES: readonly EscortRole[] = ['john', 'sarah', 't800', 'dyson'];
export const NPC_ROLES: readonly NpcRole[] = ['police', 'guard', 'civilian'];

export const isEscortRole = (r: Role): r is EscortRole =>
  r === 'john' || r === 'sarah' || r === 't800' || r === 'dyson';
export const isPlayerRole = (r: Role): r is PlayerRole => r === 't1000' || isEscortRole(r);
export const isGunnerRole = (r: Role | null): r is GunnerRole => r === 'sarah' || r === 't800';
export const isNpcRole = (r: Role): r is NpcRole => r === 'police' || r === 'guard' || r === 'civilian';

/** The two sides of a match: the T-1000 hunts, the others escort John. */
export type Side = 'hunter' | 'escort';
/** The side a player role is on. */
export const sideOf = (role: PlayerRole): Side => (role === 't1000' ? 'hunter' : 'escort');

/** Display names of the player characters. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  t1000: 'T-1000',
  john: 'John Connor',
  sarah: 'Sarah Connor',
  t800: 'T-800',
  dyson: 'Miles Dyson',
  police: 'Police officer',
  guard: 'Guard',
  civilian: 'Civilian',
};
