/** The viewer's addresses: `?replay=ID` and `?replays` read (a bad id refused), dropped once in a room; the API's URLs. */
import { describe, expect, it } from 'vitest';
import { addressFor, parseUrl } from '../../../client/src/app/urlParams.js';
import { httpBase, replayUrl } from '../../../client/src/replay/api.js';

describe('replay addresses', () => {
  it('reads ?replay=ID and ?replays; an id that is not a replay id is ignored', () => {
    expect(parseUrl('?replay=2026-12-04T01-00-00-000Z-ab12').replay).toBe('2026-12-04T01-00-00-000Z-ab12');
    expect(parseUrl('?replay=../../etc/passwd').replay).toBeNull();
    expect(parseUrl('?replay=').replay).toBeNull();
    expect(parseUrl('?replays').replays).toBe(true);
    expect(parseUrl('?name=Ann').replays).toBe(false);
    expect(parseUrl('?name=Ann').replay).toBeNull();
  });

  it('a room joined from the viewer (play from here) takes the replay keys out of the address', () => {
    expect(addressFor('?replay=abc&name=Ann', 'AB3K9Q')).toBe('?name=Ann&code=AB3K9Q');
    expect(addressFor('?replays', null)).toBe('');
  });

  it('the API on the page’s own server or the ?server= one, with the password when there is one', () => {
    expect(httpBase(null)).toBe('');
    expect(httpBase('ws://host:2567/')).toBe('http://host:2567');
    expect(httpBase('wss://host')).toBe('https://host');
    expect(replayUrl('', 'abc')).toBe('/api/replays/abc');
    expect(replayUrl('', 'abc', true)).toBe('/api/replays/abc?download=1');
    expect(replayUrl('http://h', 'abc', true, 'p w')).toBe(
      'http://h/api/replays/abc?download=1&password=p%20w',
    );
    expect(replayUrl('', 'abc', false, 'x')).toBe('/api/replays/abc?password=x');
  });
});
