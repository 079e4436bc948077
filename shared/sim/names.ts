import type { NpcRole } from '../roles.js';

/** Names and colours NPCs are drawn from; a disguised T-1000 takes one of these looks. */
const SURNAMES = [
  'Alvarez',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hayes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Morales',
  'Nguyen',
  'Okafor',
  'Park',
  'Quinn',
  'Reyes',
  'Silva',
  'Tanaka',
  'Usman',
  'Vargas',
  'Walsh',
  'Young',
  'Zimmer',
];
const GIVEN = [
  'Ana',
  'Ben',
  'Carla',
  'Dev',
  'Elena',
  'Frank',
  'Grace',
  'Hector',
  'Iris',
  'Jamal',
  'Kim',
  'Luis',
  'Maya',
  'Nora',
  'Omar',
  'Paula',
  'Ray',
  'Sofia',
  'Tom',
  'Uma',
  'Vic',
  'Wes',
  'Yara',
  'Zoe',
];
/** The crowd's clothes (the client's colour-blind palette maps each to a safe one). */
export const CIVILIAN_COLORS = [
  0xc0392b, 0xe67e22, 0xf1c40f, 0x27ae60, 0x16a085, 0x2980b9, 0x8e44ad, 0xd35400, 0x7f8c8d, 0xbdc3c7,
  0xe84393, 0x6c5ce7,
];

export const ROLE_COLORS = {
  t1000: 0x9fb4c8,
  john: 0x3498db,
  sarah: 0x2ecc71,
  t800: 0x34495e,
  dyson: 0xf39c12,
  police: 0x1f3a93,
  guard: 0x5d6d7e,
} as const;

/** A name and colour for the n-th NPC of a role, picked with the two random numbers given. */
export function npcLook(role: NpcRole, r1: number, r2: number): { name: string; color: number } {
  const surname = SURNAMES[Math.floor(r1 * SURNAMES.length)];
  if (role === 'police') return { name: `Officer ${surname}`, color: ROLE_COLORS.police };
  if (role === 'guard') return { name: `Guard ${surname}`, color: ROLE_COLORS.guard };
  const given = GIVEN[Math.floor(r2 * GIVEN.length)];
  return {
    name: `${given} ${surname}`,
    color: CIVILIAN_COLORS[Math.floor(((r1 * 7919 + r2 * 104729) % 1) * CIVILIAN_COLORS.length)],
  };
}
