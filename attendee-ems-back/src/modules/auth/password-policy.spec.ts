import { describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app-exception.js';
import type { AppConfig } from '../../config/app-config.js';
import { passwordPolicyViolation } from './password-policy.js';
import { PasswordService } from './password.service.js';

describe('password policy', () => {
  it.each(['Str0ng-Passw0rd!', 'abcdefghi1', '1234567890a', 'mot de passe 2024', 'Ünïcødé-pässwörd-9'])('accepts %s', (password) => {
    expect(passwordPolicyViolation(password)).toBeNull();
  });

  it.each([
    ['', 'at least 10 characters'],
    ['abc123', 'at least 10 characters'],
    ['abcdefghijkl', 'one digit'],
    ['12345678901', 'one letter'],
    ['!!!!!!!!!!!!!', 'one letter'],
    [`a1${'x'.repeat(127)}`, 'at most 128'],
  ])('refuses %j (%s)', (password, reason) => {
    expect(passwordPolicyViolation(password)).toContain(reason);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordPolicyViolation('😀😀😀😀😀😀😀😀a1')).toBeNull();
    expect(passwordPolicyViolation('😀😀😀😀😀😀😀a1')).toContain('at least 10');
  });
});

describe('PasswordService', () => {
  const service = new PasswordService({ auth: { bcryptCost: 4 } } as AppConfig);

  it('throws WEAK_PASSWORD with a per-field error', () => {
    try {
      service.assertStrong('short', 'newPassword');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppException);
      expect((error as AppException).getResponse()).toMatchObject({
        statusCode: 400,
        code: 'WEAK_PASSWORD',
        errors: [{ field: 'newPassword', code: 'weakPassword' }],
      });
    }
  });

  it('hashes with bcrypt and verifies; an unknown account never matches', async () => {
    const hash = await service.hash('Str0ng-Passw0rd!');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await service.verify('Str0ng-Passw0rd!', hash)).toBe(true);
    expect(await service.verify('Str0ng-Passw0rd?', hash)).toBe(false);
    expect(await service.verify('Str0ng-Passw0rd!', null)).toBe(false);
  });
});
