import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs file URLs with a key derived from JWT_SECRET, so no extra secret has to be configured. */
export class FileUrlSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('attendee-ems:file-url:v1').digest();
  }

  sign(key: string, expiresAtSeconds: number): string {
    return createHmac('sha256', this.key).update(`${key}\n${expiresAtSeconds}`).digest('base64url');
  }

  /** 'ok', or why the URL is refused. The signature is checked before the expiry so a forged URL never learns anything. */
  verify(key: string, expires: unknown, signature: unknown, nowSeconds = Math.floor(Date.now() / 1000)): 'ok' | 'invalid' | 'expired' {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string' || signature.length === 0) return 'invalid';
    const expected = Buffer.from(this.sign(key, Number(expires)));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return Number(expires) < nowSeconds ? 'expired' : 'ok';
  }
}
