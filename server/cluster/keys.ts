/**
 * The cluster's own Redis keys (Colyseus keeps its rooms, processes and
 * channels under its own names). One place, so no two readers spell a key
 * twice.
 */

/** Set while a process runs: refreshed every second, gone ~3 s after it died. */
export const aliveKey = (pid: string): string => `lm:alive:${pid}`;
/** Every process that has joined the cluster (crashed ones stay until a survivor takes their matches). */
export const PROCS = 'lm:procs';
/** Processes draining: no new match is placed on them. */
export const DRAINING = 'lm:draining';
/** The matches a process runs (room ids). */
export const procMatchesKey = (pid: string): string => `lm:pm:${pid}`;
/** A match's resume record: who is in it and how it is set up (JSON, {@link MatchMeta}). */
export const metaKey = (roomId: string): string => `lm:m:${roomId}:meta`;
/** A match's world at its last base (msgpack of packWorld). */
export const baseKey = (roomId: string): string => `lm:m:${roomId}:base`;
/** The steps' inputs since the base (a list of msgpack batches). */
export const inputsKey = (roomId: string): string => `lm:m:${roomId}:in`;
/** The process that runs a match now: any other copy of it stops (fencing). */
export const ownerKey = (roomId: string): string => `lm:m:${roomId}:owner`;
/** Taken by the process that resumes a match, so only one does. */
export const claimKey = (roomId: string): string => `lm:claim:${roomId}`;
/** A process's channel for "take this match" requests. */
export const takeChannel = (pid: string): string => `lm:take:${pid}`;
/** Where the answers to a process's take requests go. */
export const takenChannel = (pid: string): string => `lm:taken:${pid}`;

/** Seconds a match's records live without a write (a match ends or moves long before). */
export const RECORD_TTL_SECONDS = 3600;
/** Milliseconds a process's alive key lives: a process is taken for dead this long after its last beat. */
export const ALIVE_MS = 3000;
/** Milliseconds between heartbeats (and between checks for dead processes). */
export const BEAT_MS = 1000;
