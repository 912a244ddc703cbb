/** A page cursor is the opaque form of the last username key on the page. */
export function encodeCursor(usernameKey: string): string {
  return Buffer.from(usernameKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[a-z0-9_.-]{1,32}$/.test(key) && encodeCursor(key) === cursor ? key : undefined;
}
