import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, type Api, expectRefusedAccess } from './support/api.js';
import { createTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { type DecodedJwt, decodeJwt, type Json } from './support/tokens.js';

const CLOCK_SKEW = 30;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function encode(part: Json): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
}

function without(part: Json, member: string): Json {
  return Object.fromEntries(Object.entries(part).filter(([key]) => key !== member));
}

function signHs256(header: Json, payload: Json, secret: string | Buffer): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function signRs256(header: Json, payload: Json, privateKey: KeyObject): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

describe('hostile access tokens (HS256)', () => {
  const secret = process.env.JWT_SECRET as string;
  const { client } = useTestApp({ JWT_CLOCK_SKEW: String(CLOCK_SKEW) });

  /** A fresh user's real access token, decoded, to forge variants of. */
  async function realToken(): Promise<DecodedJwt & { token: string }> {
    const { response, tokens } = await client.register();
    expect(response.status).toBe(201);
    return { token: tokens.access_token, ...decodeJwt(tokens.access_token) };
  }

  const me = (token: string) => client.get('/api/users/me', token);

  it('accepts a token re-signed with our secret and unchanged claims (the forgery helper works)', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(header, payload, secret));
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(payload.sub);
  });

  it.each(['none', 'None', 'NONE'])('refuses an unsigned token with alg %s', async (alg) => {
    const { header, payload } = await realToken();
    const response = await me(`${encode({ ...header, alg })}.${encode(payload)}.`);
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a tampered payload (roles changed to admin) with the original signature', async () => {
    const { header, payload, signature } = await realToken();
    const tampered = `${encode(header)}.${encode({ ...payload, roles: ['admin'] })}.${signature}`;
    const response = await me(tampered);
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token whose signature was stripped', async () => {
    const { token } = await realToken();
    const [header, payload] = token.split('.');
    const response = await me(`${header}.${payload}.`);
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token with the signature segment removed entirely', async () => {
    const { token } = await realToken();
    const [header, payload] = token.split('.');
    const response = await me(`${header}.${payload}`);
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token from another issuer (wrong iss)', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(header, { ...payload, iss: 'evil-issuer' }, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token meant for another audience (wrong aud)', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(header, { ...payload, aud: 'another-service' }, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token whose typ header is JWT instead of at+jwt', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256({ ...header, typ: 'JWT' }, payload, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token without a typ header', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(without(header, 'typ'), payload, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token without exp', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(header, without(payload, 'exp'), secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token that expired longer ago than the clock skew with token_expired', async () => {
    const { header, payload } = await realToken();
    const expired = { ...payload, iat: now() - 1000, exp: now() - CLOCK_SKEW - 60 };
    const response = await me(signHs256(header, expired, secret));
    expectRefusedAccess(response, 'token_expired');
  });

  it('accepts a token that expired within the clock skew', async () => {
    const { header, payload } = await realToken();
    const justExpired = { ...payload, iat: now() - 1000, exp: now() - (CLOCK_SKEW - 20) };
    const response = await me(signHs256(header, justExpired, secret));
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(payload.sub);
  });

  it('refuses a token whose nbf is further in the future than the clock skew', async () => {
    const { header, payload } = await realToken();
    const early = { ...payload, nbf: now() + CLOCK_SKEW + 120 };
    const response = await me(signHs256(header, early, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token whose iat is further in the future than the clock skew', async () => {
    const { header, payload } = await realToken();
    const issuedLater = { ...payload, iat: now() + CLOCK_SKEW + 120, exp: now() + 3600 };
    const response = await me(signHs256(header, issuedLater, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token with a crit header', async () => {
    const { header, payload } = await realToken();
    const critical = { ...header, crit: ['exp'] };
    const response = await me(signHs256(critical, payload, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it.each([
    ['path traversal', '../../etc/passwd'],
    ['SQL injection', "' OR 1=1 --"],
  ])('refuses a token whose kid carries %s text', async (_attack, kid) => {
    const { header, payload } = await realToken();
    const response = await me(signHs256({ ...header, kid }, payload, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('refuses a token whose kid is not a string', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256({ ...header, kid: { $ne: null } }, payload, secret));
    expectRefusedAccess(response, 'token_invalid');
  });

  it('answers a 100 kB token with a 4xx, never a 5xx', async () => {
    const huge = `${'a'.repeat(100 * 1024)}.${'b'.repeat(10)}.${'c'.repeat(10)}`;
    const response = await me(huge);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it.each(['access_token', 'token'])(
    'ignores a valid token sent in the query string as ?%s (401 token_missing)',
    async (parameter) => {
      const { token } = await realToken();
      const response = await client.http().get(`/api/users/me?${parameter}=${token}`);
      expectRefusedAccess(response, 'token_missing');
    },
  );

  it('refuses the token of a user that was deleted', async () => {
    const { tokens, body } = await client.register();
    const other = await client.login(body.username, body.password);
    expect(other.response.status).toBe(200);
    const deleted = await client.send('delete', '/api/users/me', tokens.access_token);
    expect(deleted.status).toBe(204);
    const response = await me(other.tokens.access_token);
    expectRefusedAccess(response, 'token_revoked');
  });

  it('refuses a token signed with our secret for a user that never existed', async () => {
    const { header, payload } = await realToken();
    const response = await me(signHs256(header, { ...payload, sub: randomUUID() }, secret));
    expect(response.status).toBe(401);
    expect(['token_invalid', 'token_revoked']).toContain(response.body.code);
    expectRefusedAccess(response, response.body.code as string);
  });

  it("refuses 'Bearer' with no token (token_missing)", async () => {
    const response = await client.http().get('/api/users/me').set('Authorization', 'Bearer');
    expectRefusedAccess(response, 'token_missing');
  });

  it("refuses the 'Basic' scheme (token_missing)", async () => {
    const response = await client.http().get('/api/users/me').set('Authorization', 'Basic xyz');
    expectRefusedAccess(response, 'token_missing');
  });
});

describe('hostile access tokens (RS256)', () => {
  let dir: string;
  let publicPem: string;
  let ourPrivateKey: KeyObject;
  let testApp: TestApp;
  let client: Api;
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-rs256-'));
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    publicPem = pair.publicKey;
    ourPrivateKey = createPrivateKey(pair.privateKey);
    writeFileSync(join(dir, 'private.pem'), pair.privateKey);
    writeFileSync(join(dir, 'public.pem'), pair.publicKey);
    testApp = await createTestApp({
      JWT_ALGORITHM: 'RS256',
      JWT_PRIVATE_KEY_FILE: join(dir, 'private.pem'),
      JWT_PUBLIC_KEY_FILE: join(dir, 'public.pem'),
    });
    client = api(testApp.server);
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function realToken(): Promise<DecodedJwt> {
    const { response, tokens } = await client.register();
    expect(response.status).toBe(201);
    return decodeJwt(tokens.access_token);
  }

  const me = (token: string) => client.get('/api/users/me', token);

  it('accepts a token re-signed with our private key (the forgery helper works)', async () => {
    const { header, payload } = await realToken();
    expect(header.alg).toBe('RS256');
    const response = await me(signRs256(header, payload, ourPrivateKey));
    expect(response.status).toBe(200);
  });

  it('refuses an HS256 token signed with the RS256 public key (key confusion)', async () => {
    const { header, payload } = await realToken();
    const confused = signHs256({ ...header, alg: 'HS256' }, payload, publicPem);
    const response = await me(confused);
    expectRefusedAccess(response, 'token_invalid');
  });

  it.each([
    ['jku', { jku: 'https://attacker.example/.well-known/jwks.json' }],
    ['x5u', { x5u: 'https://attacker.example/cert.pem' }],
    ['jwk', { jwk: { ...attacker.publicKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' } }],
  ])(
    'ignores a %s header pointing at an attacker key that signed the token',
    async (_header, extra) => {
      const { header, payload } = await realToken();
      const forged = signRs256({ ...header, ...extra }, payload, attacker.privateKey);
      const response = await me(forged);
      expectRefusedAccess(response, 'token_invalid');
    },
  );
});
