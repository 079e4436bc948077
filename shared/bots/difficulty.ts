/**
 * How hard the bots play: the host picks it in the lobby, quick play uses
 * {@link DEFAULT_DIFFICULTY}. What each level changes (reaction time, aim
 * error, attention) is in shared/tuning.ts.
 */
export const BOT_DIFFICULTIES = ['easy', 'normal', 'hard'] as const;
export type BotDifficulty = (typeof BOT_DIFFICULTIES)[number];
export const DEFAULT_DIFFICULTY: BotDifficulty = 'normal';

export const isBotDifficulty = (v: unknown): v is BotDifficulty =>
  typeof v === 'string' && (BOT_DIFFICULTIES as readonly string[]).includes(v);
