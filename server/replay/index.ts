/**
 * The server's recordings: one file per match in the configured folder,
 * retention applied when each closes.
 */
import type { ServerConfig } from '../config.js';
import type { MatchRun } from '../match/MatchRun.js';
import { Recorder, type RecordOut } from './Recorder.js';
import { applyRetention } from './retention.js';

/** Start recording a match that has just been built (before its first step); null when recording is off or fails. */
export function startRecording(
  config: ServerConfig,
  run: MatchRun,
  onRecord?: (r: RecordOut) => void,
  /** A private match: its replay is kept but not listed. */
  unlisted = false,
): Recorder | null {
  if (config.replayKeep <= 0) return null;
  const dir = config.replayDir;
  const rec = Recorder.open({
    dir,
    world: run.world,
    roles: [...run.seats.values()].map((s) => ({ role: s.role, name: s.name, bot: s.sessionId === null })),
    startedAt: Date.now(),
    unlisted,
    onRecord,
    onClosed: () => {
      applyRetention(dir, config.replayKeep, config.replayMaxMb * 1024 * 1024);
    },
  });
  run.recorder = rec;
  return rec;
}
