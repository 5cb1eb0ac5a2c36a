import { describe, expect, it } from 'vitest';
import { clientKey } from './public-rate-limit.guard.js';

describe('clientKey', () => {
  it('counts IPv4 clients by address, including IPv4-mapped IPv6', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey(undefined)).toBe('unknown');
  });

  it('counts IPv6 clients by their /64, however they write or rotate the rest', () => {
    const key = clientKey('2001:db8:85a3:8d3::1');
    expect(key).toBe('2001:db8:85a3:8d3::/64');
    expect(clientKey('2001:0DB8:85A3:08D3:1319:8a2e:0370:7344')).toBe(key);
    expect(clientKey('2001:db8:85a3:8d3:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientKey('2001:db8:85a3:8d4::1')).not.toBe(key);
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});
