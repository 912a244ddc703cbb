export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

/**
 * NFKC first, so that look-alike forms (full-width letters, ligatures) become the plain letters
 * they stand for and then collide with the account that really has that name.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC');
}

/** The key under which usernames are unique and looked up: case is ignored. */
export function usernameKey(username: string): string {
  return normalizeUsername(username).toLowerCase();
}

/** Every character a username key can hold (USERNAME_PATTERN, lowercased). */
const USERNAME_KEY_CHARACTERS = /^[a-z0-9_.-]*$/;

/** False when `prefix` holds a character no username key has: then no username starts with it. */
export function canPrefixUsernameKey(prefix: string): boolean {
  return USERNAME_KEY_CHARACTERS.test(prefix);
}

/**
 * The least string, in byte order, above every key that starts with `prefix` (a non-empty string
 * of key characters): its last character one code point up (`ab-` → `ab.`, `abz` → `ab{`). The
 * keys starting with `prefix` are then exactly those in [`prefix`, bound), one range of the
 * unique index.
 */
export function usernameKeyPrefixBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
