import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  contextAddress,
  pinForwardingHeaders,
  requestAddress,
  UNKNOWN_ADDRESS,
} from '../../../server/net/address.js';

const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;

describe('addressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('unwraps an IPv4-mapped IPv6 address, in either spelling', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('::FFFF:7f00:1')).toBe('127.0.0.1');
  });

  it('groups IPv6 addresses by their /64', () => {
    const a = addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::1')).toBe(a);
    expect(addressKey('2001:db8:1:2::ffff:1')).toBe(a);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(a);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('gives anything that is not an address one shared key', () => {
    for (const junk of ['', 'localhost', '1.2.3', '999.1.1.1', 'a:b:c', '<script>'])
      expect(addressKey(junk)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('requestAddress', () => {
  it('without a trusted proxy, is the socket address whatever the headers say', () => {
    const r = req('198.51.100.1', { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' });
    expect(requestAddress(r, false)).toBe('198.51.100.1');
  });

  it('behind a trusted proxy, is the last X-Forwarded-For entry (the one the proxy appended)', () => {
    expect(requestAddress(req('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), true)).toBe(
      '203.0.113.9',
    );
    expect(requestAddress(req('10.0.0.1', { 'x-forwarded-for': '203.0.113.9:4711' }), true)).toBe(
      '203.0.113.9',
    );
    expect(requestAddress(req('10.0.0.1', { 'x-forwarded-for': '[2001:db8::1]:443' }), true)).toBe(
      '2001:db8::1',
    );
  });

  it('behind a trusted proxy, falls back to the socket when the header is missing or not an address', () => {
    expect(requestAddress(req('10.0.0.1'), true)).toBe('10.0.0.1');
    expect(requestAddress(req('10.0.0.1', { 'x-forwarded-for': 'unknown' }), true)).toBe('10.0.0.1');
  });
});

describe('pinForwardingHeaders and contextAddress', () => {
  it('leaves one X-Forwarded-For with the resolved address, so Colyseus sees it as context.ip', () => {
    const r = req('198.51.100.1', {
      'x-forwarded-for': '6.6.6.6',
      'x-real-ip': '7.7.7.7',
      'x-client-ip': '8.8.8.8',
    });
    pinForwardingHeaders(r, '198.51.100.1');
    expect(r.headers).toEqual({ 'x-forwarded-for': '198.51.100.1' });
  });

  it('keys a Colyseus auth context by its ip', () => {
    expect(contextAddress({ ip: '::ffff:192.0.2.4' })).toBe('192.0.2.4');
    expect(contextAddress({ ip: '2001:db8:9:9::5' })).toBe('2001:db8:9:9::/64');
    expect(contextAddress({ ip: undefined })).toBe(UNKNOWN_ADDRESS);
    expect(contextAddress(undefined)).toBe(UNKNOWN_ADDRESS);
  });
});
