import { describe, expect, it } from 'vitest';
import { generateToken, hashInvitationToken, hashPasswordResetToken, hmacSha256Hex, sameDigest, sha256Hex } from './tokens.js';

describe('tokens', () => {
  it('generates distinct URL-safe 256-bit tokens', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken()));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('hashes invitation and reset tokens to 64 hex characters, deterministically', () => {
    const token = generateToken();
    expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(token)).toBe(hashInvitationToken(token));
    expect(hashInvitationToken(token)).not.toBe(hashInvitationToken(generateToken()));
    expect(hashPasswordResetToken(token)).toBe(sha256Hex(token));
    // Known SHA-256 vector, so another process (or SQL: encode(sha256(...), 'hex')) can agree.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keys refresh-token hashes with the secret', () => {
    const token = generateToken();
    const one = hmacSha256Hex('secret-one-secret-one-secret-one!', token);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(one).not.toBe(hmacSha256Hex('secret-two-secret-two-secret-two!', token));
    expect(one).not.toBe(sha256Hex(token));
  });

  it('compares digests', () => {
    expect(sameDigest(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(sameDigest(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(sameDigest('abc', 'abcd')).toBe(false);
  });
});
