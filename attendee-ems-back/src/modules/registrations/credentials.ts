import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 256 random bits, URL-safe: the QR code payload and the key of the personal page. Not derived from any id. */
export const newCredential = () => randomBytes(32).toString('base64url');

// Crockford base32 without I, L, O, U: readable over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** e.g. `K7M2-QX94`: what people read out at the door or quote in an email. */
export function newConfirmationNumber(): string {
  let value = '';
  for (let index = 0; index < 8; index++) value += ALPHABET[randomInt(ALPHABET.length)];
  return `${value.slice(0, 4)}-${value.slice(4)}`;
}

/** Stable hash of a JSON body for Idempotency-Key reuse detection (key order does not matter). */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/** Public key of an attendee type on the form: readable, stable, no internal id. Letters of any script are kept (日本 stays 日本, not a shared fallback). */
export function attendeeTypeKey(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'type'
  );
}
