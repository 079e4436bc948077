import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinError } from '../../shared/protocol.js';
import { startServer, type TestServer } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer(2615, { password: 'judgment', devOptions: false });
});
afterAll(async () => {
  await server.close();
});

describe('a server with a password and no test options', () => {
  it('refuses a join without the password, and with a wrong one', async () => {
    await expect(server.client().joinOrCreate('match', { name: 'A' })).rejects.toMatchObject({
      code: JoinError.badPassword,
    });
    await expect(server.client().joinOrCreate('match', { name: 'A', password: 'day' })).rejects.toMatchObject(
      {
        code: JoinError.badPassword,
      },
    );
  });

  it('lets in a player with the password', async () => {
    const room = await server.client().joinOrCreate('match', { name: 'A', password: 'judgment' });
    expect(room.roomId).toBeTruthy();
    await room.leave();
  });

  it('refuses test-only room options from clients', async () => {
    await expect(
      server.client().create('match', { name: 'A', password: 'judgment', timeScale: 64 }),
    ).rejects.toMatchObject({
      code: JoinError.badOptions,
      message: 'timeScale is a test option this server does not accept',
    });
  });
});
