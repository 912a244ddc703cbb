import { newRefreshToken } from './refresh-token-codec.js';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

describe('sealed successors', () => {
  it('open with the token they were sealed under', () => {
    const [token, successor] = [newRefreshToken(), newRefreshToken()];
    expect(openSuccessor(token, sealSuccessor(token, successor))).toBe(successor);
  });

  it('do not open with another token', () => {
    const [token, successor] = [newRefreshToken(), newRefreshToken()];
    expect(openSuccessor(newRefreshToken(), sealSuccessor(token, successor))).toBeUndefined();
  });

  it('do not open once altered', () => {
    const token = newRefreshToken();
    const seal = Buffer.from(sealSuccessor(token, newRefreshToken()), 'base64url');
    seal[20] ^= 1;
    expect(openSuccessor(token, seal.toString('base64url'))).toBeUndefined();
    expect(openSuccessor(token, 'short')).toBeUndefined();
  });

  it('never hold the successor in plain text, and differ each time', () => {
    const [token, successor] = [newRefreshToken(), newRefreshToken()];
    const seal = sealSuccessor(token, successor);
    expect(seal).not.toContain(successor.slice(3));
    expect(Buffer.from(seal, 'base64url').toString('latin1')).not.toContain(successor);
    expect(sealSuccessor(token, successor)).not.toBe(seal);
  });

  it('fit the 128 characters stored for them', () => {
    expect(sealSuccessor(newRefreshToken(), newRefreshToken()).length).toBeLessThanOrEqual(128);
  });
});
