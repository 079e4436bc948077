/**
 * A server process of nothing but bare rooms (bench/bareRoom.ts), for
 * `bench:load`'s reference: node --import tsx bench/bareServer.ts, with
 * PORT (default 2660) and HOST (127.0.0.1). `GET /bare-stats` on PORT + 1
 * answers `{ steps }` (bare-room steps since start). No IPC channel: with
 * one, Colyseus' PM2 integration would start monitoring the process (more CPU).
 */
import { createServer } from 'node:http';
import { defineRoom, defineServer } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { MAX_FRAME_BYTES } from '../shared/protocol.js';
import { BareRoom, bareStats } from './bareRoom.js';

const port = Number(process.env.PORT ?? 2660);
const host = process.env.HOST ?? '127.0.0.1';
const server = defineServer({
  rooms: { bare: defineRoom(BareRoom) },
  transport: new WebSocketTransport({ maxPayload: MAX_FRAME_BYTES, pingInterval: 5000, pingMaxRetries: 3 }),
  greet: false,
});
await server.listen(port, host);
createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ steps: bareStats.steps }));
}).listen(port + 1, host);
process.on('SIGTERM', () => process.exit(0));
