/**
 * Copy what a viewer sees of an entity into its schema instance, field by
 * field of the declaration in shared/sim/look.ts, touching only the fields
 * whose value changes (the schema quantises positions and angles; a write
 * that rounds to the same value sends nothing).
 */
import type { EntityState, TrueEntityState } from '../../shared/schema/EntityState.js';
import { LOOK, LOOK_KEYS, type Look, TRUTH_KEYS, type Truth } from '../../shared/sim/look.js';

type Fields = Record<string, unknown>;

/** The look every viewer shares ({@link lookOf}). */
export function copyLook(dst: EntityState, look: Look): void {
  const d = dst as unknown as Fields;
  const s = look as unknown as Fields;
  for (const k of LOOK_KEYS) {
    const only = (LOOK[k] as { sentWhile?: string }).sentWhile;
    if (only !== undefined && !s[only]) continue;
    if (d[k] !== s[k]) d[k] = s[k];
  }
}

/** The truth the hunter and spectators may know on top of the look ({@link truthOf}). */
export function copyTruth(dst: TrueEntityState, truth: Truth): void {
  const d = dst as unknown as Fields;
  const s = truth as unknown as Fields;
  for (const k of TRUTH_KEYS) if (d[k] !== s[k]) d[k] = s[k];
}
