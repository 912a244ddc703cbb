import { AppError } from '../common/errors/app-error.js';
import { isCommonPassword } from './common-passwords.js';
import { usernameKey } from './username.js';

/** NIST SP 800-63B: no composition rules, but nothing commonly used and not the username. */
export function assertAcceptablePassword(password: string, username: string): void {
  if (password.normalize('NFKC').toLowerCase() === usernameKey(username)) {
    throw new AppError('weak_password', { detail: 'The password must not be the username' });
  }
  if (isCommonPassword(password)) {
    throw new AppError('weak_password', {
      detail: 'The password is on a list of commonly used passwords; choose another',
    });
  }
}
