import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { ADMIN, type Api } from './support/api.js';
import {
  apiOperations,
  type DocumentedOperation,
  documentedCodes,
  type OpenApiDocument,
  requiresBearer,
  routeName,
} from './support/openapi-document.js';
import { useTestApp } from './support/test-app.js';

/** A request that provokes one error code wherever a route can give it. */
interface Probe {
  code: string;
  /** The operations the probe is sent to; among them, exactly those documenting `code` must answer it. */
  sendsTo(operation: DocumentedOperation): boolean;
  send(operation: DocumentedOperation): Promise<Response>;
}

interface Outcome {
  operation: DocumentedOperation;
  route: string;
  status: number;
  code: string;
  documented: boolean;
}

const UNSAFE = new Set(['post', 'patch', 'delete']);
const JSON_TYPE = 'application/json';

/** An `{id}` that exists nowhere. */
function concretePath({ path }: DocumentedOperation): string {
  return path.replace('{id}', randomUUID());
}

function documentsCode({ operation }: DocumentedOperation, code: string): boolean {
  return Object.keys(operation.responses ?? {}).some((status) =>
    documentedCodes(operation, Number(status)).includes(code),
  );
}

function takesBody({ operation }: DocumentedOperation): boolean {
  return operation.requestBody !== undefined;
}

function request(client: Api, operation: DocumentedOperation, accessToken?: string): Test {
  const call = client.http()[operation.method](concretePath(operation));
  return accessToken ? call.set('Authorization', `Bearer ${accessToken}`) : call;
}

async function outcomes(probe: Probe, operations: DocumentedOperation[]): Promise<Outcome[]> {
  const sent = operations.filter((operation) => probe.sendsTo(operation));
  expect(sent.length).toBeGreaterThan(0);
  return Promise.all(
    sent.map(async (operation) => {
      const response = await probe.send(operation);
      const code = String(response.body?.code ?? '');
      return {
        operation,
        route: routeName(operation),
        status: response.status,
        code,
        documented: documentedCodes(operation.operation, response.status).includes(code),
      };
    }),
  );
}

/**
 * Every error the probe draws from a route is documented for it, and the probe's code comes back
 * from exactly the routes whose document lists it: the document neither misses nor invents one.
 */
async function expectDocumentedExactly(
  probe: Probe,
  operations: DocumentedOperation[],
): Promise<void> {
  const results = await outcomes(probe, operations);
  const undocumented = results
    .filter((result) => result.status >= 400 && !result.documented)
    .map(({ route, status, code }) => `${route} ${status} ${code}`);
  expect(undocumented).toEqual([]);
  const answering = results.filter((result) => result.code === probe.code);
  const documenting = results.filter((result) => documentsCode(result.operation, probe.code));
  expect(answering.map((result) => result.route)).toEqual(
    documenting.map((result) => result.route),
  );
}

describe('each route documents the error codes it sends', () => {
  const { client } = useTestApp();
  let document: OpenApiDocument;
  let operations: DocumentedOperation[];
  let adminToken: string;

  beforeAll(async () => {
    document = (await client.get('/docs-json')).body as OpenApiDocument;
    operations = apiOperations(document);
    adminToken = (await client.loginAsAdmin()).access_token;
  });

  const protectedRoute = ({ operation }: DocumentedOperation) =>
    requiresBearer(document, operation);

  it('answers token_missing where it is documented: every protected route called without a token', async () => {
    await expectDocumentedExactly(
      {
        code: 'token_missing',
        sendsTo: protectedRoute,
        send: (operation) => request(client, operation),
      },
      operations,
    );
  });

  it('answers token_invalid where it is documented, to an access token that is not a JWT', async () => {
    await expectDocumentedExactly(
      {
        code: 'token_invalid',
        sendsTo: protectedRoute,
        send: (operation) => request(client, operation, 'not-a-jwt'),
      },
      operations,
    );
  });

  it('answers token_revoked where it is documented, to the access token of a logged-out session', async () => {
    const { tokens } = await client.register();
    await client.send('post', '/api/auth/logout', tokens.access_token);
    await expectDocumentedExactly(
      {
        code: 'token_revoked',
        sendsTo: protectedRoute,
        send: (operation) => request(client, operation, tokens.access_token),
      },
      operations,
    );
  });

  it('answers forbidden where it is documented, to a user who is not an admin', async () => {
    await expectDocumentedExactly(
      {
        code: 'forbidden',
        sendsTo: protectedRoute,
        // A user of its own for each route: logout or account deletion must not end another's.
        send: async (operation) =>
          request(client, operation, (await client.register()).tokens.access_token),
      },
      operations,
    );
  });

  it('answers not_found where it is documented, for an id that does not exist', async () => {
    await expectDocumentedExactly(
      {
        code: 'not_found',
        sendsTo: ({ path }) => path.includes('{id}'),
        send: (operation) => request(client, operation, adminToken),
      },
      operations,
    );
  });

  it('answers malformed_json where it is documented, to a body that is not valid JSON', async () => {
    await expectDocumentedExactly(
      {
        code: 'malformed_json',
        sendsTo: takesBody,
        send: (operation) =>
          request(client, operation, adminToken).set('content-type', JSON_TYPE).send('{"a":'),
      },
      operations,
    );
  });

  it('answers validation_failed where it is documented, to a body with an unknown field', async () => {
    await expectDocumentedExactly(
      {
        code: 'validation_failed',
        sendsTo: takesBody,
        send: (operation) => request(client, operation, adminToken).send({ unknownField: 1 }),
      },
      operations,
    );
  });

  it('answers unsupported_media_type where it is documented, to a body that is not JSON', async () => {
    await expectDocumentedExactly(
      {
        code: 'unsupported_media_type',
        sendsTo: takesBody,
        send: (operation) =>
          request(client, operation, adminToken).set('content-type', 'text/plain').send('hello'),
      },
      operations,
    );
  });

  it('answers payload_too_large where it is documented, to a body over 100 KiB', async () => {
    const oversized = JSON.stringify({ padding: 'x'.repeat(102_400) });
    await expectDocumentedExactly(
      {
        code: 'payload_too_large',
        sendsTo: takesBody,
        send: (operation) =>
          request(client, operation, adminToken).set('content-type', JSON_TYPE).send(oversized),
      },
      operations,
    );
  });
});

describe('each route documents the error codes it sends in cookie mode', () => {
  const { client } = useTestApp({ AUTH_COOKIES: 'true' });

  it('answers csrf_failed where it is documented: every unsafe request authenticated by cookie without the CSRF header', async () => {
    const document = (await client.get('/docs-json')).body as OpenApiDocument;
    const { response } = await client.login(ADMIN.username, ADMIN.password);
    const cookies = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .map((cookie) => cookie.split(';')[0])
      .filter((cookie) => /^(access_token|refresh_token)=/.test(cookie));
    expect(cookies).toHaveLength(2);
    await expectDocumentedExactly(
      {
        code: 'csrf_failed',
        sendsTo: ({ method }) => UNSAFE.has(method),
        send: (operation) => request(client, operation).set('Cookie', cookies.join('; ')),
      },
      apiOperations(document),
    );
  });
});
