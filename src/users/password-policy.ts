import { AppError } from '../common/errors/app-error.js';
import { isCommonPassword } from './common-passwords.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from './password.js';
import { usernameKey } from './username.js';

/** NIST SP 800-63B: no composition rules, but nothing commonly used and not the username. */
function weakness(password: string, username: string): string | undefined {
  if (password.normalize('NFKC').toLowerCase() === usernameKey(username)) {
    return 'The password must not be the username';
  }
  if (isCommonPassword(password)) {
    return 'The password is on a list of commonly used passwords; choose another';
  }
  return undefined;
}

export function assertAcceptablePassword(password: string, username: string): void {
  const reason = weakness(password, username);
  if (reason) throw new AppError('weak_password', { detail: reason });
}

/**
 * Every password rule, the length too (which requests check in their DTOs), for passwords that
 * come from elsewhere than a request: why `password` is refused, or `undefined`.
 */
export function passwordRefusal(password: string, username: string): string | undefined {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `The password must be from ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;
  }
  return weakness(password, username);
}
