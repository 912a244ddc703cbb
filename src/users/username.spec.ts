import { canPrefixUsernameKey, usernameKey, usernameKeyPrefixBound } from './username.js';

describe('usernameKey', () => {
  it('ignores case', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('alice'));
  });

  it('folds full-width look-alikes onto the plain letters (NFKC)', () => {
    expect(usernameKey('ａｄｍｉｎ')).toBe('admin');
  });
});

describe('canPrefixUsernameKey', () => {
  it.each(['', 'a', 'z9', 'a.b-c_d'])('accepts %j, made of key characters', (prefix) => {
    expect(canPrefixUsernameKey(prefix)).toBe(true);
  });

  it.each(['A', '%', 'a/', 'a b', 'é', '\u0000'])('refuses %j, which no key holds', (prefix) => {
    expect(canPrefixUsernameKey(prefix)).toBe(false);
  });
});

describe('usernameKeyPrefixBound', () => {
  it.each([
    ['ab-', 'ab.'],
    ['ab.', 'ab/'],
    ['ab_', 'ab`'],
    ['abz', 'ab{'],
    ['ab9', 'ab:'],
    ['a', 'b'],
  ])('bounds the keys starting with %j by %j', (prefix, bound) => {
    expect(usernameKeyPrefixBound(prefix)).toBe(bound);
  });

  it('sorts above every key that starts with the prefix and below every later key', () => {
    const keyCharacters = '-.0123456789_abcdefghijklmnopqrstuvwxyz';
    for (const last of keyCharacters) {
      const prefix = `ab${last}`;
      const bound = usernameKeyPrefixBound(prefix);
      for (const next of keyCharacters) {
        const longer = `${prefix}${next}${'z'.repeat(29)}`;
        expect(longer >= prefix && longer < bound).toBe(true);
        const sibling = `ab${next}`;
        if (next > last) expect(sibling >= bound).toBe(true);
      }
    }
  });
});
