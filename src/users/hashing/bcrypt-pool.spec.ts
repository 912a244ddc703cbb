import { AppError } from '../../common/errors/app-error.js';
import { BcryptPool } from './bcrypt-pool.js';

describe('BcryptPool', () => {
  it('refuses a job at once with service_unavailable when queueLimit jobs already wait', async () => {
    const pool = new BcryptPool({ threads: 1, queueLimit: 1 });
    try {
      const jobs = [1, 2, 3].map((n) => pool.hash(`secret ${n}`, 8));
      const outcomes = await Promise.allSettled(jobs);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      const refusal = (outcomes[2] as PromiseRejectedResult).reason as AppError;
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal.code).toBe('service_unavailable');
      expect(refusal.retryAfter).toBeGreaterThan(0);
      expect(pool.work().hashes).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('takes jobs again once the queue has room', async () => {
    const pool = new BcryptPool({ threads: 1, queueLimit: 1 });
    try {
      await Promise.allSettled([1, 2, 3].map((n) => pool.hash(`secret ${n}`, 4)));
      await expect(pool.hash('secret 4', 4)).resolves.toMatch(/^\$2[aby]\$04\$/);
    } finally {
      await pool.close();
    }
  });

  it('refuses jobs once closed, starting no thread again', async () => {
    const pool = new BcryptPool({ threads: 1, queueLimit: 1 });
    await pool.hash('secret', 4);
    await pool.close();
    await expect(pool.hash('secret', 4)).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});
