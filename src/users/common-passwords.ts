import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The zxcvbn-ts list of commonly used passwords (about 49,000, drawn from breach corpora),
 * compared ignoring case.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].map((password) => password.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.normalize('NFKC').toLowerCase());
}
