import { PasswordHasher } from './password-hasher.js';

function hasherAt(bcryptCost: number): PasswordHasher {
  return new PasswordHasher({ bcryptCost }, { threads: 1, queueLimit: 8 });
}

describe('PasswordHasher', () => {
  const hasher = hasherAt(4);
  afterAll(() => hasher.close());

  it('stores a bcrypt hash at the configured cost, not the password', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain('correct');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', hash)).resolves.toBe(false);
  });

  it('counts every character, beyond the 72 bytes bcrypt reads', async () => {
    const prefix = 'x'.repeat(72);
    const hash = await hasher.hash(`${prefix}-one`);
    await expect(hasher.verify(`${prefix}-two`, hash)).resolves.toBe(false);
  });

  it('matches no password with the dummy hash', async () => {
    const dummy = await hasher.createDummyHash();
    expect(dummy).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.verify('', dummy)).resolves.toBe(false);
  });

  it('hashes on its worker threads and counts the work there', async () => {
    const before = hasher.work();
    const hash = await hasher.hash('correct horse battery staple');
    await hasher.verify('correct horse battery staple', hash);
    expect(hasher.work()).toEqual({
      hashes: before.hashes + 1,
      compares: before.compares + 1,
      rounds: before.rounds + 2 * 2 ** 4,
    });
  });

  it('tells a hash made at another cost from one made at the current cost', async () => {
    const current = await hasher.hash('correct horse battery staple');
    const hasherAt5 = hasherAt(5);
    try {
      expect(hasher.isOutdated(current)).toBe(false);
      expect(hasherAt5.isOutdated(current)).toBe(true);
      expect(hasherAt5.isOutdated(await hasherAt5.hash('correct horse battery staple'))).toBe(
        false,
      );
    } finally {
      await hasherAt5.close();
    }
  });

  it('spends on a wrong password against a cheaper hash the work of a check at the current cost', async () => {
    const cheap = await hasher.hash('correct horse battery staple');
    const hasherAt6 = hasherAt(6);
    try {
      const dummy = await hasherAt6.createDummyHash();
      const workOf = async (hash: string) => {
        const before = hasherAt6.work().rounds;
        await hasherAt6.verify('wrong horse battery staple', hash);
        return hasherAt6.work().rounds - before;
      };
      expect(await workOf(cheap)).toBe(await workOf(dummy));
      expect(await workOf(dummy)).toBe(2 ** 6);
    } finally {
      await hasherAt6.close();
    }
  });
});
