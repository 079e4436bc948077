/**
 * The replays over HTTP on a real server: a finished match is listed and
 * served (and as a download), a match being played is neither, bad ids and
 * bad uploads get their message, an upload of a real replay becomes one of
 * the server's replays, uploads are rate-limited.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndSummary, type ReplayListing, ROOM, ServerMessage } from '../../../shared/protocol.js';
import { readReplay } from '../../../shared/replay/codec.js';
import { leaveAll, nextMessage, QUIET_MATCH, startServer, type TestServer, until } from '../helpers.js';

const PORT = 2620;
const http = `http://127.0.0.1:${PORT}`;
let server: TestServer;
const rooms: SDKRoom[] = [];

beforeAll(async () => {
  server = await startServer(PORT, { replayDir: mkdtempSync(join(tmpdir(), 'lm-replay-http-')) });
});
afterAll(async () => {
  await leaveAll(rooms);
  await server.close();
});

const list = async (): Promise<ReplayListing[]> =>
  ((await (await fetch(`${http}/api/replays`)).json()) as { replays: ReplayListing[] }).replays;

/** A short match with bots played to its end (10 s at 8× speed): its end summary, which names its replay. */
async function playedToTheEnd(extra: Record<string, unknown> = {}): Promise<EndSummary> {
  const room = await server.client().create(ROOM.match, {
    ...QUIET_MATCH,
    bots: true,
    matchSeconds: 10,
    timeScale: 8,
    ...extra,
  });
  rooms.push(room);
  const end = nextMessage<EndSummary>(room, ServerMessage.end, 20_000);
  room.send('start');
  const summary = await end;
  expect(summary.replay).toMatch(/^[A-Za-z0-9_-]+$/);
  return summary;
}

describe('replays over HTTP', () => {
  it('lists and serves a finished match, never one being played', async () => {
    const live = await server.client().create(ROOM.match, { ...QUIET_MATCH, bots: true });
    rooms.push(live);
    live.send('start');
    await until('the live match', () => server.room(live.roomId).run !== null);

    const summary = await playedToTheEnd();

    // The recording is completed a moment after the end (by the recording worker): listed once it is.
    await expect
      .poll(async () => (await list()).map((r) => r.id), { timeout: 10_000 })
      .toEqual([summary.replay]);
    const replays = await list();
    const r = replays[0];
    expect(r.result).toEqual({ winner: summary.winner, reason: summary.reason });
    expect(r.seconds).toBeGreaterThan(9);
    expect(r.roles.find((x) => x.role === 'john')).toMatchObject({ name: 'John', bot: false });
    expect(Date.parse(r.startedAt)).toBeGreaterThan(Date.now() - 60_000);

    const res = await fetch(`${http}/api/replays/${summary.replay}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(r.bytes);
    expect(readReplay(bytes).records.at(-1)?.t).toBe('E');
    const dl = await fetch(`${http}/api/replays/${summary.replay}?download=1`);
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${summary.replay}.lmr"`);
    await dl.arrayBuffer();

    // The live match's file exists on disk but is not served.
    const liveId = (server.room(live.roomId) as unknown as { recorder: { id: string } }).recorder.id;
    const res2 = await fetch(`${http}/api/replays/${liveId}`);
    expect(res2.status).toBe(404);
    expect(await res2.json()).toEqual({ error: 'that match is still being played' });
    expect((await fetch(`${http}/api/replays/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400);
    expect((await fetch(`${http}/api/replays/nope`)).status).toBe(404);
  }, 30_000);

  it('a private match’s replay is served by its id (its players have the link) and never listed', async () => {
    const summary = await playedToTheEnd({ private: true });
    // Served once complete…
    await expect
      .poll(async () => (await fetch(`${http}/api/replays/${summary.replay}`)).status, { timeout: 10_000 })
      .toBe(200);
    const bytes = new Uint8Array(await (await fetch(`${http}/api/replays/${summary.replay}`)).arrayBuffer());
    expect(readReplay(bytes).header.unlisted).toBe(true);
    // …and not in the list, where every visitor of the server would read its players' names.
    expect((await list()).map((r) => r.id)).not.toContain(summary.replay);
  }, 30_000);

  it('takes an uploaded replay, refuses what is not one, and limits uploads', async () => {
    const golden = readFileSync(join(__dirname, '../../fixtures/replays/golden-v1.lmr'));
    const up = await fetch(`${http}/api/replays`, { method: 'POST', body: golden });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    expect((await list()).some((r) => r.id === id)).toBe(true);
    const back = new Uint8Array(await (await fetch(`${http}/api/replays/${id}`)).arrayBuffer());
    expect(Buffer.from(back).equals(golden)).toBe(true);

    const bad = await fetch(`${http}/api/replays`, { method: 'POST', body: 'hello' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: 'not a Liquid Metal replay (no magic)' });
    // A burst of three uploads (the bad one counted), then one a minute.
    const third = await fetch(`${http}/api/replays`, { method: 'POST', body: golden });
    expect(third.status).toBe(201);
    await third.text();
    const limited = await fetch(`${http}/api/replays`, { method: 'POST', body: golden });
    expect(limited.status).toBe(429);
    await limited.text();
  });
});
