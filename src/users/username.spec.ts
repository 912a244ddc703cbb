import { usernameKey } from './username.js';

describe('usernameKey', () => {
  it('ignores case', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('alice'));
  });

  it('folds full-width look-alikes onto the plain letters (NFKC)', () => {
    expect(usernameKey('ａｄｍｉｎ')).toBe('admin');
  });
});
