import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  jwtVerify,
  type JWTVerifyOptions,
} from 'jose';
import { api, expectProblem, type TokenResponse } from './support/api.js';
import { createTestApp, type TestApp, useTestApp } from './support/test-app.js';

type Asymmetric = 'RS256' | 'ES256';

const VERIFY: JWTVerifyOptions = {
  issuer: 'auth-service',
  audience: 'auth-service',
  typ: 'at+jwt',
};

/** Members of an RSA or EC JWK that belong to the private key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Writes a fresh key pair for `algorithm` as PEM files; returns their paths. */
function writeKeyPair(dir: string, algorithm: Asymmetric, name: string) {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding });
  const privateFile = join(dir, `${name}.private.pem`);
  const publicFile = join(dir, `${name}.public.pem`);
  writeFileSync(privateFile, pair.privateKey);
  writeFileSync(publicFile, pair.publicKey);
  return { privateFile, publicFile };
}

function newSecret(): string {
  return randomBytes(48).toString('base64url');
}

async function registerUser(testApp: TestApp) {
  const { response, tokens, body } = await api(testApp.server).register();
  expect(response.status).toBe(201);
  return { tokens, credentials: body as { username: string; password: string } };
}

async function jwksOf(testApp: TestApp): Promise<JSONWebKeySet> {
  const response = await api(testApp.server).get('/.well-known/jwks.json');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response.body as JSONWebKeySet;
}

describe.each<Asymmetric>(['RS256', 'ES256'])('%s signing keys', (algorithm) => {
  let dir: string;
  let testApp: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `keys-${algorithm}-`));
    const { privateFile, publicFile } = writeKeyPair(dir, algorithm, 'current');
    testApp = await createTestApp({
      JWT_ALGORITHM: algorithm,
      JWT_PRIVATE_KEY_FILE: privateFile,
      JWT_PUBLIC_KEY_FILE: publicFile,
    });
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in and calls a protected route with the issued token', async () => {
    const client = api(testApp.server);
    const { credentials } = await registerUser(testApp);
    const { response, tokens } = await client.login(credentials.username, credentials.password);
    expect(response.status).toBe(200);
    const me = await client.get('/api/users/me', tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(tokens.user.id);
  });

  it(`signs access tokens with ${algorithm} and names the key in kid`, async () => {
    const { tokens } = await registerUser(testApp);
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header.alg).toBe(algorithm);
    expect(header.typ).toBe('at+jwt');
    expect(typeof header.kid).toBe('string');
    expect(header.kid).not.toBe('');
  });

  it('lists the signing key in /.well-known/jwks.json under the kid, with no private members', async () => {
    const { tokens } = await registerUser(testApp);
    const { kid } = decodeProtectedHeader(tokens.access_token);
    const jwks = await jwksOf(testApp);
    const key = jwks.keys.find((candidate) => candidate.kid === kid);
    expect(key).toMatchObject({ kty: algorithm === 'RS256' ? 'RSA' : 'EC', alg: algorithm });
    for (const jwk of jwks.keys) {
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
    }
  });

  it('issues access tokens that jose verifies against the published JWKS', async () => {
    const { tokens } = await registerUser(testApp);
    const keySet = createLocalJWKSet(await jwksOf(testApp));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, keySet, {
      ...VERIFY,
      algorithms: [algorithm],
    });
    expect(protectedHeader.alg).toBe(algorithm);
    expect(payload.sub).toBe(tokens.user.id);
  });
});

describe('HS256 keys', () => {
  const { testApp } = useTestApp();

  it('publishes an empty JWKS: the shared secret is never exposed', async () => {
    expect(await jwksOf(testApp)).toEqual({ keys: [] });
  });
});

/**
 * Apps A (old key), B (new key plus the old one as previous) and C (new key only), one after
 * another on one SQLite file, as a deployment rotating its key would run them.
 */
describe.each([
  {
    algorithm: 'HS256',
    keys(_dir: string) {
      const [k1, k2] = [newSecret(), newSecret()];
      const verify = (token: string, secret: string) =>
        jwtVerify(token, new TextEncoder().encode(secret), { ...VERIFY, algorithms: ['HS256'] });
      return {
        a: { JWT_SECRET: k1 },
        b: { JWT_SECRET: k2, JWT_PREVIOUS_SECRET: k1 },
        c: { JWT_SECRET: k2 },
        async expectSignedWithNewKeyOnly(token: string) {
          await expect(verify(token, k2)).resolves.toBeTruthy();
          await expect(verify(token, k1)).rejects.toThrow();
        },
      };
    },
  },
  ...(['RS256', 'ES256'] as const).map((algorithm) => ({
    algorithm,
    keys(dir: string) {
      const k1 = writeKeyPair(dir, algorithm, 'k1');
      const k2 = writeKeyPair(dir, algorithm, 'k2');
      const files = (pair: typeof k1) => ({
        JWT_ALGORITHM: algorithm,
        JWT_PRIVATE_KEY_FILE: pair.privateFile,
        JWT_PUBLIC_KEY_FILE: pair.publicFile,
      });
      return {
        a: files(k1),
        b: { ...files(k2), JWT_PREVIOUS_PUBLIC_KEY_FILE: k1.publicFile },
        c: files(k2),
        async expectSignedWithNewKeyOnly(token: string, appB: TestApp, oldKid: string) {
          const jwks = await jwksOf(appB);
          const { kid } = decodeProtectedHeader(token);
          expect(jwks.keys.map((key) => key.kid).sort()).toEqual([oldKid, kid].sort());
          const only = (wanted: string) =>
            createLocalJWKSet({ keys: jwks.keys.filter((key) => key.kid === wanted) });
          await expect(jwtVerify(token, only(kid as string), VERIFY)).resolves.toBeTruthy();
          await expect(jwtVerify(token, only(oldKid), VERIFY)).rejects.toThrow();
        },
      };
    },
  })),
])('$algorithm key rotation', ({ keys }) => {
  let dir: string;
  let env: ReturnType<typeof keys>;
  let database: Record<string, string>;
  let before: { tokens: TokenResponse; credentials: { username: string; password: string } };
  let running: TestApp | undefined;

  async function start(which: 'a' | 'b' | 'c'): Promise<TestApp> {
    running = await createTestApp({ ...database, ...env[which] });
    return running;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keys-rotation-'));
    env = keys(dir);
    // A reuse interval long enough to outlast the restart between the apps.
    database = {
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      JWT_REFRESH_REUSE_INTERVAL: '300',
    };
    const appA = await start('a');
    try {
      before = await registerUser(appA);
    } finally {
      await appA.close();
      running = undefined;
    }
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a token signed with the previous key after the rotation', async () => {
    const appB = await start('b');
    const response = await api(appB.server).get('/api/users/me', before.tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(before.tokens.user.id);
  });

  it('signs new tokens with the new key, never the previous one', async () => {
    const appB = await start('b');
    const client = api(appB.server);
    const { response, tokens } = await client.login(
      before.credentials.username,
      before.credentials.password,
    );
    expect(response.status).toBe(200);
    const oldKid = decodeProtectedHeader(before.tokens.access_token).kid as string;
    expect(decodeProtectedHeader(tokens.access_token).kid).not.toBe(oldKid);
    await env.expectSignedWithNewKeyOnly(tokens.access_token, appB, oldKid);
    expect((await client.get('/api/users/me', tokens.access_token)).status).toBe(200);
  });

  it('refreshes a session begun before the rotation', async () => {
    const appB = await start('b');
    const client = api(appB.server);
    const response = await client.refresh(before.tokens.refresh_token);
    expect(response.status).toBe(200);
    const refreshed = response.body as TokenResponse;
    expect(decodeProtectedHeader(refreshed.access_token).kid).not.toBe(
      decodeProtectedHeader(before.tokens.access_token).kid,
    );
    expect((await client.get('/api/users/me', refreshed.access_token)).status).toBe(200);
  });

  /** A session whose refresh token app A rotated just before it stopped: both tokens. */
  async function rotatedBeforeTheKeyRotation() {
    const appA = await start('a');
    try {
      const { tokens } = await registerUser(appA);
      const response = await api(appA.server).refresh(tokens.refresh_token);
      expect(response.status).toBe(200);
      return {
        rotated: tokens.refresh_token,
        successor: (response.body as TokenResponse).refresh_token,
      };
    } finally {
      await appA.close();
      running = undefined;
    }
  }

  it('answers a token rotated just before the key rotation with the same successor within the reuse interval', async () => {
    const { rotated, successor } = await rotatedBeforeTheKeyRotation();
    const client = api((await start('b')).server);
    const replayed = await client.refresh(rotated);
    expect(replayed.status).toBe(200);
    expect((replayed.body as TokenResponse).refresh_token).toBe(successor);
    expect((await client.get('/api/users/me', replayed.body.access_token)).status).toBe(200);
    expect((await client.refresh(successor)).status).toBe(200);
  });

  it('keeps neither a refresh token nor its successor in the database, in any form it could hand out', async () => {
    const { rotated, successor } = await rotatedBeforeTheKeyRotation();
    const files = readdirSync(dir).filter((name) => name.startsWith('db.sqlite'));
    const stored = files.map((name) => readFileSync(join(dir, name)).toString('latin1')).join('');
    for (const token of [rotated, successor]) expect(stored).not.toContain(token.slice(3));
  });

  it('answers concurrent replays of a token rotated just before the key rotation all with one successor', async () => {
    const { rotated, successor } = await rotatedBeforeTheKeyRotation();
    const client = api((await start('b')).server);
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.refresh(rotated)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    const successors = new Set(responses.map((response) => response.body.refresh_token));
    expect([...successors]).toEqual([successor]);
  });

  it('refuses a token signed with a retired key once the previous key is dropped', async () => {
    const appC = await start('c');
    const response = await api(appC.server).get('/api/users/me', before.tokens.access_token);
    expectProblem(response, 401, 'token_invalid');
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });
});
