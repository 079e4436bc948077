import { type PlayerRole, ROLE_NAMES } from '../../../shared/roles.js';
import { INTERACT, MILL } from '../../../shared/tuning.js';
import { type KeyAction, keysFor, moveKeysLabel } from '../input/keymap.js';

/** The role briefing's content: who you are, your side, your goal in this act, your keys. */
export interface Briefing {
  role: PlayerRole;
  name: string;
  side: string;
  goal: string;
  /** What the team has done of this act already and what is next, for an escort who comes in mid-act. */
  progress?: string | null;
  /** Keys as shown (what is bound now) and what they do, for this role only. */
  keys: { keys: string; what: string }[];
}

const s = (v: number) => `${Math.round(v)} s`;

/** The act's goal in the role's words. */
function goalOf(role: PlayerRole, act: 1 | 2 | 3): string {
  const pick = s(INTERACT.lockPick * INTERACT.sarahFactor);
  const extract = s(MILL.extractionSeconds);
  const goals: Record<PlayerRole, [string, string, string]> = {
    t1000: [
      'Terminate John Connor. The escort is freeing Sarah from her cell in Pescadero: cut them off before they reach the streets.',
      'Terminate John Connor. They are in Cyberdyne to destroy the chip and the files: hunt them there; an alarm shows you every escort.',
      `Terminate John Connor. He needs ${extract} in the extraction zone: stand in it to stop his count — and stay out of the molten steel.`,
    ],
    john: [
      `Hack Sarah's cell open (${s(INTERACT.hackDoor)}), then get out of the hospital together. If you go down and are finished, the match is lost.`,
      `Hack the Cyberdyne doors and the vault (${s(INTERACT.hackVault)}), plant the charge on the chip and wipe the three terminals.`,
      `Stand in the extraction zone for ${extract} in all. Your escort keeps the T-1000 off you.`,
    ],
    sarah: [
      `You are locked in your cell: pick the lock (${pick}) or wait for John's hack. Then get out of the hospital with him.`,
      'Plant the charge on the chip once the vault is open, and wipe the terminals: your hands are fast. Your pistol stuns the T-1000.',
      'Keep John alive in the extraction zone, and shoot the T-1000 toward the molten steel.',
    ],
    t800: [
      "Protect John. Go with him to Sarah's cell and out of the hospital. Your shotgun knocks the T-1000 back.",
      'Guard John while the others work; refill shells at the ammo crates.',
      'Knock the T-1000 into the molten steel, or hold the extraction zone with John.',
    ],
    dyson: [
      'Wait for John and Sarah at the hospital gate, then take them to Cyberdyne.',
      'Your keycard opens Cyberdyne doors and the vault at once. Then plant the charge and wipe the terminals.',
      'Hold the extraction zone with John until he has done his time.',
    ],
  };
  return goals[role][act - 1];
}

const bound = (a: KeyAction): string => {
  const k = keysFor(a);
  // Commas between a key's alternatives: a slash would read as one more key (the help key is /).
  return k.length ? k.join(', ') : 'unbound';
};

/** The briefing for a role in an act, with the keys bound now. */
export function briefingFor(role: PlayerRole, act: 1 | 2 | 3): Briefing {
  const hunter = role === 't1000';
  const keys: Briefing['keys'] = [
    { keys: moveKeysLabel(), what: 'move' },
    { keys: 'mouse', what: 'aim' },
  ];
  const primary: Partial<Record<PlayerRole, string>> = {
    t1000: 'blade: wind up, then cut everyone in front',
    sarah: 'pistol: stuns the T-1000',
    t800: 'shotgun: knocks the T-1000 back',
  };
  if (primary[role]) keys.push({ keys: `click / ${bound('primary')}`, what: primary[role] });
  const interact: Record<PlayerRole, string> = {
    t1000: 'mimic whoever you touch · hold over a downed John to terminate him',
    john: 'hold: hack doors, cells and the vault · plant · wipe · revive',
    sarah: 'hold: pick locks · plant · wipe · revive',
    t800: 'hold: revive · refill shells at a crate',
    dyson: 'keycard on Cyberdyne doors and the vault · plant · wipe · revive',
  };
  keys.push({ keys: `${bound('interact')} / right click`, what: interact[role] });
  if (hunter) keys.push({ keys: bound('liquid'), what: 'liquid: slide through bars and under doors' });
  else keys.push({ keys: bound('sprint'), what: 'sprint' });
  keys.push({ keys: bound('chat'), what: 'chat' });
  keys.push({ keys: bound('help'), what: 'all keys' });
  keys.push({ keys: 'Esc', what: 'menu · this briefing again' });
  return {
    role,
    name: ROLE_NAMES[role],
    side: hunter ? 'THE HUNTER' : role === 'john' ? 'THE ESCORT — the one they protect' : 'THE ESCORT',
    goal: goalOf(role, act),
    keys,
  };
}
