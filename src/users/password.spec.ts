import { bcryptCost, passwordLength, preHashPassword } from './password.js';

describe('password rules', () => {
  it('gives bcrypt the SHA-256 digest of the password in base64: 44 bytes, no NUL', () => {
    const secret = preHashPassword('correct horse battery staple');
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(secret).not.toContain('\0');
  });

  it('counts every character, beyond the 72 bytes bcrypt reads', () => {
    const prefix = 'x'.repeat(72);
    expect(preHashPassword(`${prefix}-one`)).not.toBe(preHashPassword(`${prefix}-two`));
  });

  it('reads the same password in composed and decomposed forms alike', () => {
    expect(preHashPassword('caf\u00e9 au lait')).toBe(preHashPassword('cafe\u0301 au lait'));
  });

  it('measures length in code points', () => {
    expect(passwordLength('😀😀😀😀😀😀😀😀')).toBe(8);
  });

  it('reads the cost a bcrypt hash was made at', () => {
    expect(bcryptCost('$2b$05$abcdefghijklmnopqrstuv')).toBe(5);
    expect(bcryptCost('$2a$12$abcdefghijklmnopqrstuv')).toBe(12);
    expect(bcryptCost('not a hash')).toBeUndefined();
  });
});
