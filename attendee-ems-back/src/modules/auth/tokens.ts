import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque bearer secrets (refresh tokens, password-reset links, invitation links). Only their
 * hash is stored, so a database leak does not hand out working links.
 */

/** 32 random bytes as base64url (43 characters), safe in URLs and cookies. */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256 (64 characters): fits the `char(64)` token_hash columns. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Hex HMAC-SHA256 keyed with a server secret (refresh tokens). */
export function hmacSha256Hex(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

/**
 * What `invitations.token_hash` stores. Invitation tokens carry 256 bits of entropy, so a plain
 * SHA-256 is enough (no secret needed) and lets any process or SQL script find the row.
 */
export function hashInvitationToken(token: string): string {
  return sha256Hex(token);
}

/** What `password_reset_tokens.token_hash` stores. */
export function hashPasswordResetToken(token: string): string {
  return sha256Hex(token);
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
