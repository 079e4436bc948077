import { describe, expect, it } from 'vitest';
import { addressFor, endpointFor, parseUrl, withoutPassword } from '../../../client/src/app/urlParams.js';

describe('the page address', () => {
  it('the shareable quick-play link starts quick play under a name', () => {
    const p = parseUrl('?quickplay=1&name=Kyle%20Reese');
    expect(p.intent).toEqual({ kind: 'quickplay' });
    expect(p.name).toBe('Kyle Reese');
  });

  it('a six-character code joins a private room; a room id joins it; watch spectates', () => {
    expect(parseUrl('?join=ab3k9q').intent).toEqual({ kind: 'code', code: 'AB3K9Q' });
    expect(parseUrl('?join=xYz_123456').intent).toEqual({ kind: 'join', roomId: 'xYz_123456' });
    expect(parseUrl('?watch=r1').intent).toEqual({ kind: 'spectate', roomId: 'r1' });
  });

  it('no intent without a flag; quickplay=0 is off', () => {
    expect(parseUrl('').intent).toBeNull();
    expect(parseUrl('?quickplay=0').intent).toBeNull();
  });

  it('room options pass through as numbers; junk is dropped', () => {
    expect(parseUrl('?matchSeconds=30&police=0&seed=abc&bots=0').roomOptions).toEqual({
      matchSeconds: 30,
      police: 0,
      bots: false,
    });
  });

  it('names are trimmed and cut to the allowed length', () => {
    expect(parseUrl(`?name=${'x'.repeat(50)}`).name).toHaveLength(20);
    expect(parseUrl('?name=%20%20').name).toBeNull();
  });

  it('a role preference and a sandbox role are read, unknown ones ignored', () => {
    expect(parseUrl('?pref=hunter').pref).toBe('hunter');
    expect(parseUrl('?pref=god').pref).toBeNull();
    expect(parseUrl('?pref=sarah').pref).toBe('sarah');
    expect(parseUrl('?sandbox=t1000').sandbox).toBe('t1000');
    expect(parseUrl('?sandbox=1').sandbox).toBe('john');
  });

  it('connects to the page host unless told otherwise', () => {
    expect(endpointFor(null, { protocol: 'http:', host: 'localhost:2567' })).toBe('ws://localhost:2567');
    expect(endpointFor(null, { protocol: 'https:', host: 'game.example' })).toBe('wss://game.example');
    expect(endpointFor('http://10.0.0.2:2567', { protocol: 'https:', host: 'x' })).toBe('ws://10.0.0.2:2567');
  });

  it('the invite address ?code= joins the private match', () => {
    expect(parseUrl('?code=ab3k9q').intent).toEqual({ kind: 'code', code: 'AB3K9Q' });
    expect(parseUrl('?code=nope').intent).toBeNull();
  });

  it('in a private match the address carries its code; elsewhere no join key, never a password', () => {
    expect(addressFor('?name=Ann&quickplay=1', 'AB3K9Q')).toBe('?name=Ann&code=AB3K9Q');
    expect(addressFor('?code=AB3K9Q&server=ws%3A%2F%2Fh', null)).toBe('?server=ws%3A%2F%2Fh');
    expect(addressFor('?join=x&watch=y&password=s3cret', null)).toBe('');
    expect(parseUrl(addressFor('', 'ZZ9PQ2')).intent).toEqual({ kind: 'code', code: 'ZZ9PQ2' });
    // A spectator's address watches the same room again after a reload.
    expect(parseUrl(addressFor('?quickplay=1', 'ZZ9PQ2', 'ZZ9PQ2')).intent).toEqual({
      kind: 'spectate',
      roomId: 'ZZ9PQ2',
    });
  });

  it('the password is read once and taken out of the address', () => {
    expect(parseUrl('?password=s3cret&quickplay=1').password).toBe('s3cret');
    expect(withoutPassword('?password=s3cret&quickplay=1')).toBe('?quickplay=1');
    expect(withoutPassword('?password=x')).toBe('');
    expect(withoutPassword('?quickplay=1')).toBe('?quickplay=1');
  });
});
