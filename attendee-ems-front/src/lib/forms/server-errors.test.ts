import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { translate } from '@/lib/i18n/i18n';
import { applyServerErrors } from './server-errors';

type Values = { email: string; roleId: string };

describe('applyServerErrors', () => {
  it('puts each field error on its field, translating known codes, and says nothing more', () => {
    const setError = vi.fn();
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Validation failed', [
      { field: 'email', code: 'EMAIL_TAKEN', message: 'email already used' },
      { field: 'roleId', code: 'someNewRule', message: 'roleId breaks a rule' },
      { field: 'unknownField', code: 'x', message: 'ignored' },
    ]);

    const formMessage = applyServerErrors<Values>(error, setError, { fields: ['email', 'roleId'] }, translate);

    expect(formMessage).toBeNull();
    expect(setError).toHaveBeenCalledWith('email', { type: 'server', message: 'Cette adresse e-mail est déjà utilisée.' }, { shouldFocus: true });
    expect(setError).toHaveBeenCalledWith('roleId', { type: 'server', message: 'roleId breaks a rule' }, { shouldFocus: false });
    expect(setError).toHaveBeenCalledTimes(2);
  });

  it('maps a top-level code onto the field it concerns', () => {
    const setError = vi.fn();
    const error = new ApiError(409, 'EMAIL_TAKEN', 'taken');

    const formMessage = applyServerErrors<Values>(error, setError, { fields: ['email'], codeToField: { EMAIL_TAKEN: 'email' } }, translate);

    expect(formMessage).toBeNull();
    expect(setError).toHaveBeenCalledWith('email', { type: 'server', message: 'Cette adresse e-mail est déjà utilisée.' }, { shouldFocus: true });
  });

  it('returns a translated form-level message for codes that are not about one field', () => {
    const setError = vi.fn();
    const formMessage = applyServerErrors<Values>(new ApiError(429, 'TOO_MANY_ATTEMPTS', 'slow down'), setError, { fields: ['email'] }, translate);
    expect(formMessage).toBe('Trop de tentatives. Patientez quelques minutes avant de réessayer.');
    expect(setError).not.toHaveBeenCalled();
  });

  it('stays silent on 5xx (the client already toasted) and is generic for unknown codes', () => {
    const setError = vi.fn();
    expect(applyServerErrors<Values>(new ApiError(500, 'INTERNAL_ERROR', 'boom'), setError, { fields: [] }, translate)).toBeNull();
    expect(applyServerErrors<Values>(new ApiError(418, 'TEAPOT', 'tea'), setError, { fields: [] }, translate)).toBe(
      'Une erreur inattendue est survenue. Réessayez.',
    );
  });
});
