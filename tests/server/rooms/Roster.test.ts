import { describe, expect, it } from 'vitest';
import { botKey, type Member, Roster } from '../../../server/rooms/Roster.js';
import { MatchState } from '../../../shared/schema/MatchState.js';

const person = (name: string, o: Partial<Member> = {}): Member => ({
  name,
  pref: 'any',
  spectator: false,
  role: null,
  address: '127.0.0.1',
  ticket: '',
  device: '',
  ...o,
});

describe('Roster: who is in the room, in one place', () => {
  it('the first person hosts; the host passes to the longest present when they leave', () => {
    const state = new MatchState();
    const r = new Roster(state);
    r.join('a', person('A'));
    r.join('b', person('B'));
    r.join('c', person('C'));
    expect(r.isHost('a')).toBe(true);
    r.leave('a');
    expect(r.isHost('b')).toBe(true);
    expect(r.people().map(([sid]) => sid)).toEqual(['b', 'c']);
    expect(r.get('a')).toBeUndefined();
  });

  it('whoever joins is a person with a slot; the spectator count is the watch room’s, never the roster’s', () => {
    const state = new MatchState();
    const r = new Roster(state);
    // The watch room (server/watch) counts its watchers into the state.
    state.spectators = 3;
    r.join('a', person('A', { spectator: true }));
    r.join('b', person('B'));
    expect(r.get('a')!.spectator).toBe(false);
    expect([...state.players.keys()]).toEqual(['a', 'b']);
    expect(state.spectators).toBe(3);
    r.leave('a');
    r.leave('b');
    expect(state.spectators).toBe(3);
  });

  it('a person seated in a bot’s role replaces the bot in the roster; a lobby player left without a role watches, and leaving counts no spectator', () => {
    const state = new MatchState();
    const r = new Roster(state);
    r.showBot('sarah');
    r.join('p', person('P', { role: 'sarah' }));
    expect(state.players.has(botKey('sarah'))).toBe(false);
    expect(state.players.get('p')).toMatchObject({ role: 'sarah', ready: true });
    expect(r.get('p')!.role).toBe('sarah');
    r.join('q', person('Q'));
    r.watch('q');
    expect(r.get('q')!.spectator).toBe(true);
    state.spectators = 2;
    r.leave('q');
    expect(state.spectators).toBe(2);
    expect(state.players.has('q')).toBe(false);
  });

  it('back in the lobby, a person who watched for want of a role plays again; bots go', () => {
    const state = new MatchState();
    const r = new Roster(state);
    r.join('p', person('P'));
    r.join('q', person('Q'));
    r.seat('p', 'john');
    r.watch('q');
    r.showBot('sarah');
    r.backToLobby();
    expect(r.get('q')).toMatchObject({ spectator: false, role: null });
    expect(r.get('p')).toMatchObject({ spectator: false, role: null });
    expect([...state.players.keys()]).toEqual(['p', 'q']);
    expect(state.players.get('p')).toMatchObject({ role: '', ready: false });
  });

  it('profile, readiness and connection change the member and the slot together', () => {
    const state = new MatchState();
    const r = new Roster(state);
    r.join('a', person('A'));
    r.setProfile('a', { name: 'Kyle', pref: 'hunter' });
    r.setReady('a', true);
    r.setConnected('a', false);
    expect(r.get('a')).toMatchObject({ name: 'Kyle', pref: 'hunter' });
    expect(state.players.get('a')).toMatchObject({
      name: 'Kyle',
      pref: 'hunter',
      ready: true,
      connected: false,
    });
    expect(r.allReady()).toBe(true);
  });
});
