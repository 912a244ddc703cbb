import fc from 'fast-check';
import { expectJson, expectProblem, expectValidationError } from './support/api.js';
import { useTestApp } from './support/test-app.js';

const OBJECT_MEMBERS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__lookupSetter__',
];

/** UTF-8 escapes of lone surrogates (U+D800 to U+DFFF), which no valid UTF-8 text holds. */
const loneSurrogateEscape = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) =>
    [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
      .map((byte) => `%${byte.toString(16).toUpperCase()}`)
      .join(''),
  );

describe('query parameters follow the rules of bodies (GET /api/users)', () => {
  const { client } = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = (await client.loginAsAdmin()).access_token;
  });

  function list(query: string) {
    return client.get(`/api/users?${query}`, admin);
  }

  it('lists users with plain parameters', async () => {
    expectJson(await list('limit=5&q=adm'), 200);
  });

  it('refuses an unknown parameter with 400 validation_failed naming it', async () => {
    expectValidationError(await list('foo=1'), 'foo');
  });

  it.each(OBJECT_MEMBERS)(
    'refuses a parameter named like an object member (%s) as it refuses foo',
    async (name) => {
      expectValidationError(await list(`${encodeURIComponent(name)}=1`), name);
    },
  );

  it('refuses object member names however they are written beside valid parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OBJECT_MEMBERS),
        fc.boolean(),
        fc.constantFrom('', '1', 'x', '%7B%7D'),
        async (name, escaped, value) => {
          const key = escaped
            ? [...name].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
            : name;
          expectValidationError(await list(`limit=2&${key}=${value}`), name);
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each(['1', '20', '100'])('accepts limit=%s', async (limit) => {
    const response = await list(`limit=${limit}`);
    expectJson(response, 200);
    expect(response.body.items.length).toBeLessThanOrEqual(Number(limit));
  });

  it.each([
    '0',
    '101',
    '0x10',
    '1e1',
    '%2B5',
    '-5',
    '%205',
    '5%20',
    '5.0',
    '05',
    '',
    'five',
    '1&limit=2',
    '9999999999999999999999',
  ])('refuses limit=%s with 400 validation_failed', async (limit) => {
    expectValidationError(await list(`limit=${limit}`), 'limit');
  });

  it('refuses q holding a lone surrogate with 400 validation_failed naming q', async () => {
    await fc.assert(
      fc.asyncProperty(loneSurrogateEscape, fc.constantFrom('', 'a', 'ad'), async (escape, at) => {
        expectValidationError(await list(`q=${at}${escape}`), 'q');
      }),
      { numRuns: 30 },
    );
  });

  it.each(['%FF', '%C3', '%C0%AF', '%F8%88%80%80%80', 'a%80'])(
    'refuses q holding bytes that are not UTF-8 (%s) with 400 validation_failed',
    async (bytes) => {
      expectValidationError(await list(`q=${bytes}`), 'q');
    },
  );

  it('refuses a key that is not UTF-8 with 400 validation_failed', async () => {
    expectProblem(await list('%ED%A0%80=1'), 400, 'validation_failed');
  });

  it('refuses a broken percent escape in the query with 400 bad_request', async () => {
    expectProblem(await list('q=%zz'), 400, 'bad_request');
  });

  it('accepts q with any valid Unicode text, escaped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 10 }), async (q) => {
        const response = await list(`q=${encodeURIComponent(q)}`);
        expect(response.status).not.toBe(500);
        if (response.status !== 200) expectValidationError(response, 'q');
      }),
      { numRuns: 40 },
    );
  });
});
