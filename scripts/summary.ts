import { PLAYER_ROLES, ROLE_NAMES } from '../shared/roles.js';
import type { PlayerStats, World } from '../shared/sim/types.js';

export interface MatchSummary {
  winner: string;
  reason: string;
  noFate: boolean;
  gameSeconds: number;
  act: number;
  stats: Record<string, PlayerStats>;
}

/** The figures of a finished match. */
export function matchSummary(w: World): MatchSummary {
  const round = (v: number) => Math.round(v * 100) / 100;
  const stats: Record<string, PlayerStats> = {};
  for (const role of PLAYER_ROLES) {
    const s = w.stats[role];
    if (!s) continue;
    stats[role] = Object.fromEntries(
      Object.entries(s).map(([k, v]) => [k, round(v)]),
    ) as unknown as PlayerStats;
  }
  return {
    winner: w.result?.winner ?? 'none',
    reason: w.result?.reason ?? 'unfinished',
    noFate: w.result?.noFate ?? false,
    gameSeconds: round(w.result?.time ?? w.time),
    act: w.act,
    stats,
  };
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** A human-readable table of a match. */
export function formatMatch(s: MatchSummary & { seed: number; map: string }): string {
  const lines = [
    `match seed ${s.seed} on ${s.map}`,
    `winner: ${s.winner} (${s.reason})${s.noFate ? ' — no fate' : ''} after ${mmss(s.gameSeconds)} game time, act ${s.act}`,
    '',
    `${'player'.padEnd(14)}${['distance', 'hits', 'taken', 'downs', 'revives', 'objectives', 'disguised', 'liquid'].map((h) => h.padStart(11)).join('')}`,
  ];
  for (const [role, st] of Object.entries(s.stats)) {
    const cols = [
      st.distance.toFixed(0),
      st.hitsDealt,
      st.hitsTaken,
      st.downs,
      st.revives,
      st.objectives,
      `${st.timeDisguised.toFixed(0)}s`,
      `${st.timeLiquid.toFixed(0)}s`,
    ];
    lines.push(
      `${ROLE_NAMES[role as keyof typeof ROLE_NAMES].padEnd(14)}${cols.map((c) => String(c).padStart(11)).join('')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
