/** Rules for every new password (sign-up through an invitation, reset, change). */
export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt only reads the first 72 bytes; a generous cap keeps hashing cheap and predictable. */
export const PASSWORD_MAX_LENGTH = 128;

/** Why `password` breaks the policy, or null when it is acceptable. */
export function passwordPolicyViolation(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (!/\p{L}/u.test(password)) return 'The password needs at least one letter.';
  if (!/\p{Nd}/u.test(password)) return 'The password needs at least one digit.';
  return null;
}
