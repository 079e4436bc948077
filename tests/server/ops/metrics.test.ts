/**
 * `/metrics` on a real server without an admin password: Prometheus text
 * that parses strictly, names in base units with `_total` on counters, the
 * step histogram growing while a match plays, rooms by type, no label that
 * could be a room id, session id or address; served to loopback only.
 */
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterStatus } from '../../../server/cluster/status.js';
import { ROOM } from '../../../shared/protocol.js';
import { leaveAll, QUIET_MATCH, startServer, type TestServer, until } from '../helpers.js';
import { type Exposition, familyOf, parseExposition, sampleValue } from './prom.js';

const PORT = 2701;
const base = `http://127.0.0.1:${PORT}`;
let server: TestServer;
let proxied: TestServer;
const opened: SDKRoom[] = [];

beforeAll(async () => {
  server = await startServer(PORT);
  // Behind a (pretend) reverse proxy on this machine: the client's address is the forwarded one.
  proxied = await startServer(PORT + 1, { trustProxy: true });
});
afterAll(async () => {
  await leaveAll(opened);
  await server.close();
  await proxied.close();
});

async function scrape(): Promise<Exposition> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

describe('/metrics', () => {
  it('is strict Prometheus text: base units, _total on counters, the fixed liquid_metal_ set and Node’s defaults', async () => {
    const e = await scrape();
    const ours = [...e.types].filter(([name]) => name.startsWith('liquid_metal_'));
    for (const [name, type] of ours) {
      if (type === 'counter') expect(name).toMatch(/_total$/);
      else expect(name).not.toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
      // No milliseconds, no kilobytes: base units only.
      expect(name).not.toMatch(/_(ms|milliseconds|kb|mb|kilobytes|megabytes)(_|$)/);
    }
    expect(Object.fromEntries(ours)).toMatchObject({
      liquid_metal_rooms_open: 'gauge',
      liquid_metal_clients_connected: 'gauge',
      liquid_metal_spectators_watching: 'gauge',
      liquid_metal_matches_started_total: 'counter',
      liquid_metal_matches_ended_total: 'counter',
      liquid_metal_step_duration_seconds: 'histogram',
      liquid_metal_patch_duration_seconds: 'histogram',
      liquid_metal_sent_bytes_total: 'counter',
      liquid_metal_recorder_cpu_seconds_total: 'counter',
      liquid_metal_inputs_dropped_total: 'counter',
      liquid_metal_clients_dropped_total: 'counter',
      liquid_metal_room_faults_total: 'counter',
      liquid_metal_draining: 'gauge',
      liquid_metal_redis_up: 'gauge',
      liquid_metal_ready: 'gauge',
    });
    // Every sample belongs to a declared family, and every family has its help.
    for (const s of e.samples) expect(familyOf(s.name, e.types), s.name).toBeDefined();
    for (const name of e.types.keys()) expect(e.help.get(name), name).toBeTruthy();
    // Node's default process metrics, the event-loop delay among them.
    expect(e.types.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    expect(e.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(sampleValue(e, 'liquid_metal_draining')).toBe(0);
    expect(sampleValue(e, 'liquid_metal_ready')).toBe(1);
    // Alone (no Redis): the gauge is declared but has no sample.
    expect(e.samples.some((s) => s.name === 'liquid_metal_redis_up')).toBe(false);
    // Fixed series exist from the start, at zero.
    expect(
      sampleValue(e, 'liquid_metal_clients_dropped_total', { reason: 'bad_frame' }),
    ).toBeGreaterThanOrEqual(0);
    expect(sampleValue(e, 'liquid_metal_matches_ended_total', { reason: 'aborted' })).toBe(0);
  });

  it('counts while a match plays: steps, patches, rooms by type, clients, spectators, bytes; no label is an id', async () => {
    const before = await scrape();
    const steps0 = sampleValue(before, 'liquid_metal_step_duration_seconds_count') ?? 0;
    const bytes0 = sampleValue(before, 'liquid_metal_sent_bytes_total') ?? 0;
    const recorder0 = sampleValue(before, 'liquid_metal_recorder_cpu_seconds_total') ?? 0;

    const host = await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true, private: true });
    opened.push(host);
    host.send('start');
    await until('the match to start', () => server.room(host.roomId).run !== null);
    const watcher = await server.client().joinOrCreate(ROOM.watch, { match: host.roomId, name: 'Watcher' });
    opened.push(watcher);
    await new Promise((r) => setTimeout(r, 500));

    const text = await (await fetch(`${base}/metrics`)).text();
    const e = parseExposition(text);
    const steps = sampleValue(e, 'liquid_metal_step_duration_seconds_count') ?? 0;
    expect(steps).toBeGreaterThan(steps0 + 5);
    expect(sampleValue(e, 'liquid_metal_step_duration_seconds_bucket', { le: '+Inf' })).toBe(steps);
    expect(sampleValue(e, 'liquid_metal_step_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sampleValue(e, 'liquid_metal_patch_duration_seconds_count')).toBeGreaterThan(0);
    expect(sampleValue(e, 'liquid_metal_rooms_open', { type: 'match' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_rooms_open', { type: 'watch' })).toBe(1);
    expect(sampleValue(e, 'liquid_metal_clients_connected')).toBe(2);
    expect(sampleValue(e, 'liquid_metal_spectators_watching')).toBe(1);
    expect(sampleValue(e, 'liquid_metal_sent_bytes_total')).toBeGreaterThan(bytes0);
    // The match is recorded: its worker thread's CPU (starting, restoring the world, re-simulating) is counted apart.
    expect(sampleValue(e, 'liquid_metal_recorder_cpu_seconds_total')).toBeGreaterThan(recorder0);

    // Labels come from small fixed sets: no value is an id, a code or an address.
    const ids = [host.roomId, watcher.roomId, host.sessionId, watcher.sessionId, '127.0.0.1'];
    for (const id of ids) expect(text).not.toContain(id);
    for (const s of e.samples) {
      for (const [k, v] of Object.entries(s.labels)) {
        expect([
          'type',
          'reason',
          'le',
          'quantile',
          'kind',
          'space',
          'version',
          'major',
          'minor',
          'patch',
        ]).toContain(k);
        if (s.name.startsWith('liquid_metal_') && k !== 'le') expect(v).toMatch(/^[a-z][a-z0-9_-]*$/);
      }
    }
    await leaveAll([watcher, host]);
  });

  it('a client dropped at a room’s door is counted by reason', async () => {
    const reason = { reason: 'bad_frame' };
    const dropped0 = sampleValue(await scrape(), 'liquid_metal_clients_dropped_total', reason) ?? 0;
    const host = await server.client().create(ROOM.match, QUIET_MATCH);
    opened.push(host);
    const left = new Promise((resolve) => host.onLeave(resolve));
    host.connection.send(Uint8Array.from([99]));
    await left;
    expect(sampleValue(await scrape(), 'liquid_metal_clients_dropped_total', reason)).toBe(dropped0 + 1);
  });

  it('inputs lost to a full buffer, and a client past the frame rate, are counted', async () => {
    const host = await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true });
    opened.push(host);
    host.send('start');
    await until('the match to start', () => server.room(host.roomId).run !== null);
    const full = { reason: 'buffer_full' };
    const rate = { reason: 'rate' };
    const before = await scrape();
    // 60 inputs at once: the room's buffer holds 16, Colyseus drops the oldest of the rest.
    const input = host.input<{ moveX: number }>();
    for (let i = 0; i < 60; i++) {
      input.data.moveX = i % 2 ? 1 : -1;
      input.send();
    }
    await new Promise((r) => setTimeout(r, 200));
    const after = await scrape();
    const lost =
      (sampleValue(after, 'liquid_metal_inputs_dropped_total', full) ?? 0) -
      (sampleValue(before, 'liquid_metal_inputs_dropped_total', full) ?? 0);
    expect(lost).toBeGreaterThanOrEqual(60 - 16 - 10);
    expect(lost).toBeLessThanOrEqual(60 - 16);
    // Past MAX_MESSAGES_PER_SECOND in a second: Colyseus drops the client, the door counts it once.
    const left = new Promise((resolve) => host.onLeave(resolve));
    for (let i = 0; i < server.config.maxMessagesPerSecond + 20; i++) host.send('ready', { ready: true });
    await left;
    const dropped = await scrape();
    expect(sampleValue(dropped, 'liquid_metal_clients_dropped_total', rate)).toBe(
      (sampleValue(after, 'liquid_metal_clients_dropped_total', rate) ?? 0) + 1,
    );
  });

  it('draining and a Redis that does not answer show in the gauges', async () => {
    try {
      clusterStatus.draining = true;
      clusterStatus.redis = 'down';
      const e = await scrape();
      expect(sampleValue(e, 'liquid_metal_draining')).toBe(1);
      expect(sampleValue(e, 'liquid_metal_redis_up')).toBe(0);
      expect(sampleValue(e, 'liquid_metal_ready')).toBe(0);
      clusterStatus.draining = false;
      clusterStatus.redis = 'up';
      const up = await scrape();
      expect(sampleValue(up, 'liquid_metal_redis_up')).toBe(1);
      expect(sampleValue(up, 'liquid_metal_ready')).toBe(1);
    } finally {
      clusterStatus.draining = false;
      clusterStatus.redis = 'none';
    }
  });

  it('without an admin password, only this machine is served (a forwarded client is not)', async () => {
    const local = await fetch(`http://127.0.0.1:${PORT + 1}/metrics`);
    expect(local.status).toBe(200);
    const forwarded = await fetch(`http://127.0.0.1:${PORT + 1}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.text()).not.toContain('liquid_metal_');
  });
});
