import { describe, expect, it, vi } from 'vitest';
import { hearFrame, listenerOf } from '../../../client/src/audio/index.js';
import { type PlannedSound, SOUND_NAMES } from '../../../client/src/audio/planner.js';
import { SoundPlayer, soundStats } from '../../../client/src/audio/player.js';
import type { FrameEntity, MatchFrame } from '../../../client/src/contract/frame.js';
import { TILE } from '../../../client/src/render/palette.js';
import type { EndSummary } from '../../../shared/protocol.js';
import { emptyFrame } from '../fixtures/frame.js';

const frame = (over: Partial<MatchFrame> = {}): MatchFrame => emptyFrame({ time: 1, ...over });

const me = (x: number, y: number) => ({ id: 1, role: 'john', x, y, self: true }) as FrameEntity;
const VIEW = { x: 10 * TILE, y: 20 * TILE, w: 30 * TILE, h: 16 * TILE };

/** A room as the live match exposes it: only its end message matters here. */
function fakeRoom() {
  const handlers = new Map<string, (p: EndSummary) => void>();
  return {
    room: {
      onMessage(type: string, fn: (p: EndSummary) => void) {
        handlers.set(type, fn);
        return () => handlers.delete(type);
      },
    },
    end(winner: 'hunter' | 'escort') {
      handlers.get('end')?.({ winner } as EndSummary);
    },
  };
}

describe('hearFrame', () => {
  it('listens from the own character, else from the camera’s centre', () => {
    expect(listenerOf(frame({ entities: [me(40, 7)] }), VIEW)).toEqual({ x: 40, y: 7 });
    expect(listenerOf(frame({ viewer: 'spectator' }), VIEW)).toEqual({ x: 25, y: 28 });
  });

  it('never throws and stays silent where there is no Web Audio (Node), before any gesture', () => {
    expect(() =>
      hearFrame(frame({ fx: [{ type: 'shot', x: 1, y: 1, value: 0 }], entities: [me(1, 1)] }), VIEW, {}),
    ).not.toThrow();
    expect(soundStats.state).toBe('none');
    expect(soundStats.played).toBe(0);
    expect(soundStats.errors).toBe(0);
  });

  it('a live room’s end summary plays victory or defeat for the side last heard, once a match', () => {
    const play = vi.spyOn(SoundPlayer.prototype, 'play');
    const plays = () => play.mock.calls.flatMap(([plan]) => (plan as PlannedSound[]).map((p) => p.sound));
    const a = fakeRoom();
    hearFrame(frame({ viewer: 'escort' }), VIEW, a);
    play.mockClear();
    a.end('hunter');
    a.end('hunter');
    expect(plays()).toEqual(['defeat']);
    // The next match (a new source) may end again; the hunter's side wins it.
    const b = fakeRoom();
    hearFrame(frame({ viewer: 'hunter' }), VIEW, b);
    play.mockClear();
    b.end('hunter');
    expect(plays()).toEqual(['victory']);
    play.mockRestore();
  });

  it('every sound has a voice', async () => {
    const { VOICES } = await import('../../../client/src/audio/synth.js');
    expect(Object.keys(VOICES).sort()).toEqual([...SOUND_NAMES].sort());
  });
});
