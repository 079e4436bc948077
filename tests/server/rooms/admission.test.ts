import { describe, expect, it } from 'vitest';
import { admission } from '../../../server/rooms/admission.js';
import { Roster } from '../../../server/rooms/Roster.js';
import type { RoomHost } from '../../../server/rooms/roomHost.js';
import { JoinError } from '../../../shared/protocol.js';
import { MatchState } from '../../../shared/schema/MatchState.js';

/** The hashes of two browsers' keys. */
const ANN = 'ann-browser';
const OTHER = 'another-browser';

/** A public match in play with one person from 1.2.3.4 whose seat is held for a reconnection. */
function publicMatch(): RoomHost {
  const state = new MatchState();
  state.phase = 'playing';
  const roster = new Roster(state);
  roster.join('old', {
    name: 'Ann',
    pref: 'any',
    spectator: false,
    role: 'john',
    address: '1.2.3.4',
    device: ANN,
  });
  roster.setConnected('old', false);
  return {
    state,
    roster,
    settings: { private: false } as RoomHost['settings'],
    clients: [],
    hunterHistory: { hunted: new Map(), last: null },
  };
}
const LIMITS = { sameAddressSpectators: false, maxSeatsPerAddress: 1 };

describe('admission of a person taking their held seat back', () => {
  it('the held seat is theirs: it does not count against their address', () => {
    const room = publicMatch();
    expect(room.roster.heldPlaceOf('Ann', '1.2.3.4', ANN, true)).toBe('old');
    expect(admission(room, LIMITS, '1.2.3.4', false, 'old')).toBeNull();
  });

  it('anyone else from that address is still refused past the limit', () => {
    const room = publicMatch();
    expect(room.roster.heldPlaceOf('Bob', '1.2.3.4', ANN, true)).toBeUndefined();
    expect(admission(room, LIMITS, '1.2.3.4', false)?.message).toMatch(/already plays/);
  });

  it('a seat is taken back only by the same name from the same address and browser, and only while it waits', () => {
    const room = publicMatch();
    expect(room.roster.heldPlaceOf('Ann', '5.6.7.8', ANN, true)).toBeUndefined();
    // Someone else behind the same address (a household, a campus) who picks the same name: not Ann.
    expect(room.roster.heldPlaceOf('Ann', '1.2.3.4', OTHER, true)).toBeUndefined();
    // A join without a browser key takes nothing back.
    expect(room.roster.heldPlaceOf('Ann', '1.2.3.4', '', true)).toBeUndefined();
    room.roster.setConnected('old', true);
    expect(room.roster.heldPlaceOf('Ann', '1.2.3.4', ANN, true)).toBeUndefined();
  });

  it('in play only a seat with a role is taken back; in the lobby any held place is', () => {
    const room = publicMatch();
    room.roster.join('lob', {
      name: 'Cy',
      pref: 'any',
      spectator: false,
      role: null,
      address: '7.7.7.7',
      device: OTHER,
    });
    room.roster.setConnected('lob', false);
    expect(room.roster.heldPlaceOf('Cy', '7.7.7.7', OTHER, true)).toBeUndefined();
    expect(room.roster.heldPlaceOf('Cy', '7.7.7.7', OTHER, false)).toBe('lob');
    expect(room.roster.heldPlaceOf('Cy', '7.7.7.8', OTHER, false)).toBeUndefined();
  });
});

describe('admission to the match room, and spectators', () => {
  it('nobody plays from an address that watches the match through its watch room, unless the rule is off', () => {
    const room = publicMatch();
    const refusal = admission(room, LIMITS, '5.6.7.8', true);
    expect(refusal?.code).toBe(JoinError.sameAddress);
    expect(refusal?.message).toMatch(/someone at your address watches this match/);
    expect(admission(room, LIMITS, '5.6.7.8', false)).toBeNull();
    expect(admission(room, { ...LIMITS, sameAddressSpectators: true }, '5.6.7.8', true)).toBeNull();
  });

  it('nobody plays from the address of a person watching from the room (left without a role), unless the rule is off', () => {
    const room = publicMatch();
    room.roster.join('w', { name: 'Wes', pref: 'any', spectator: false, role: null, address: '9.9.9.9' });
    room.roster.watch('w');
    expect(admission(room, LIMITS, '9.9.9.9', false)?.code).toBe(JoinError.sameAddress);
    expect(admission(room, { ...LIMITS, sameAddressSpectators: true }, '9.9.9.9', false)).toBeNull();
    room.state.phase = 'ended';
    expect(admission(room, LIMITS, '9.9.9.9', false)).toBeNull();
  });
});
