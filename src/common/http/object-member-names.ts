/**
 * Names every plain object has without being given them (`__proto__`, `constructor`,
 * `toString`, `hasOwnProperty`, ...), and `prototype`. As keys of untrusted input they could
 * reach a prototype, and class-transformer silently drops the ones that name functions, so
 * validation would never see them: bodies and queries refuse them as the unknown fields they are.
 */
const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

export function isObjectMemberName(key: string): boolean {
  return OBJECT_MEMBER_NAMES.has(key);
}
