import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MapError } from '../shared/map/loadMap.js';

/**
 * Command-line plumbing shared by the scripts: strict flags, and bad input
 * reported as one line with exit code 2 instead of a stack trace.
 */

export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** Parse flags strictly; an unknown flag or a missing value stops with exit 2. */
export function flags<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    fail((err as Error).message.split('\n')[0]);
  }
}

/** An integer flag within [min, max], or the default. */
export function intFlag(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (!/^-?\d+$/.test(v.trim())) fail(`--${name} must be an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) fail(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Run `fn`, turning a map error into one line and exit 2. */
export function orMapError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MapError) fail(err.message);
    throw err;
  }
}
