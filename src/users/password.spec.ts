import { createDummyHash, hashPassword, passwordLength, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('stores a bcrypt hash at the given cost, not the password', async () => {
    const hash = await hashPassword('correct horse battery staple', 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain('correct');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple', 4);
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', hash)).resolves.toBe(false);
  });

  it('counts every character, beyond the 72 bytes bcrypt reads', async () => {
    const prefix = 'x'.repeat(72);
    const hash = await hashPassword(`${prefix}-one`, 4);
    await expect(verifyPassword(`${prefix}-two`, hash)).resolves.toBe(false);
  });

  it('matches no password with the dummy hash', async () => {
    const dummy = await createDummyHash(4);
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
  });

  it('measures length in code points', () => {
    expect(passwordLength('😀😀😀😀😀😀😀😀')).toBe(8);
  });
});
