import { z } from 'zod';

// Messages are i18n keys, resolved by fieldError() at render time.
export const requiredText = (max = 200) =>
  z.string().trim().min(1, 'validation.required').max(max, 'validation.tooLong');

export const emailField = () => z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email'));

/** Mirrors the API's policy (password-policy.ts); the API stays the authority (WEAK_PASSWORD). */
export const newPasswordField = () =>
  z
    .string()
    .refine((value) => [...value].length >= 10, 'validation.passwordTooShort')
    .refine((value) => [...value].length <= 128, 'validation.tooLong')
    .regex(/\p{L}/u, 'validation.passwordWeak')
    .regex(/\p{Nd}/u, 'validation.passwordWeak');
