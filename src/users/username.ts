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
