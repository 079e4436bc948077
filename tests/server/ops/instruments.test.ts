/**
 * The calls the rooms make (matchStarted, matchEnded, clientDropped,
 * inputDropped), on Metrics of their own: each has its own registry, so
 * several live in one process without clashing.
 */
import { describe, expect, it } from 'vitest';
import { type MatchEndReason, Metrics } from '../../../server/metrics.js';
import { parseExposition, sampleValue } from './prom.js';

describe('Metrics', () => {
  it('counts matches started and ended by reason; an unknown reason is `other`, not a new series', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.matchStarted();
    a.matchStarted();
    a.matchEnded('extraction');
    a.matchEnded('aborted');
    a.matchEnded('a reason nobody listed' as MatchEndReason);
    a.clientDropped('kicked');
    a.inputDropped('backlog', 3);
    a.inputDropped('backlog', 0);
    a.recordStep(1.5);
    const e = parseExposition(await a.prometheus());
    expect(sampleValue(e, 'liquid_metal_matches_started_total')).toBe(2);
    expect(sampleValue(e, 'liquid_metal_matches_ended_total', { reason: 'extraction' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_matches_ended_total', { reason: 'aborted' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_matches_ended_total', { reason: 'other' })).toBe(1);
    expect(e.samples.some((s) => s.labels.reason === 'a reason nobody listed')).toBe(false);
    expect(sampleValue(e, 'liquid_metal_clients_dropped_total', { reason: 'kicked' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_inputs_dropped_total', { reason: 'backlog' })).toBe(3);
    expect(sampleValue(e, 'liquid_metal_step_duration_seconds_sum')).toBeCloseTo(0.0015, 6);
    expect(sampleValue(e, 'liquid_metal_step_duration_seconds_bucket', { le: '0.002' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_step_duration_seconds_bucket', { le: '0.001' })).toBe(0);
    // The other instance saw none of it.
    const other = parseExposition(await b.prometheus());
    expect(sampleValue(other, 'liquid_metal_matches_started_total')).toBe(0);
    expect(sampleValue(other, 'liquid_metal_step_duration_seconds_count')).toBe(0);
  });
});
