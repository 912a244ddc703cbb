export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The same set of roles, in whatever order. */
export function sameRoles(current: readonly Role[], other: readonly unknown[]): boolean {
  return current.length === other.length && current.every((role) => other.includes(role));
}
