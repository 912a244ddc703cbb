import { Ajv, type ErrorObject } from 'ajv';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv, promisify } from 'node:util';
import type { Response } from 'supertest';
import { api, type Api, uniqueUsername } from './support/api.js';
import {
  apiOperations,
  bearerSchemeNames,
  componentSchema,
  exampleBody,
  METHODS,
  type Method,
  type OpenApiDocument,
  type Operation,
  type ParameterObject,
  PROBLEM_JSON,
  requiresBearer,
  routeName,
  type Schema,
} from './support/openapi-document.js';
import { createTestApp, type TestApp, useTestApp } from './support/test-app.js';

interface ContractRoute {
  method: Method;
  path: string;
  /** Needs an access token. */
  bearer: boolean;
  success: number;
  /** The failure statuses the contract names for the route (401 for every protected one). */
  failures: number[];
}

/** Every `/api` route of the contract (API.md, Routes), as OpenAPI spells its path. */
const CONTRACT_ROUTES: ContractRoute[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    bearer: false,
    success: 201,
    failures: [400, 403, 409, 429, 503],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    bearer: false,
    success: 200,
    failures: [400, 401, 429, 503],
  },
  { method: 'post', path: '/api/auth/refresh', bearer: false, success: 200, failures: [401] },
  { method: 'post', path: '/api/auth/logout', bearer: true, success: 204, failures: [401] },
  { method: 'post', path: '/api/auth/logout-all', bearer: true, success: 204, failures: [401] },
  { method: 'get', path: '/api/auth/sessions', bearer: true, success: 200, failures: [401] },
  {
    method: 'delete',
    path: '/api/auth/sessions/{id}',
    bearer: true,
    success: 204,
    failures: [401, 404],
  },
  {
    method: 'post',
    path: '/api/auth/change-password',
    bearer: true,
    success: 204,
    failures: [400, 401, 429, 503],
  },
  { method: 'get', path: '/api/users/me', bearer: true, success: 200, failures: [401] },
  { method: 'patch', path: '/api/users/me', bearer: true, success: 200, failures: [400, 401] },
  { method: 'delete', path: '/api/users/me', bearer: true, success: 204, failures: [401, 409] },
  { method: 'get', path: '/api/users', bearer: true, success: 200, failures: [400, 401, 403] },
  {
    method: 'post',
    path: '/api/users',
    bearer: true,
    success: 201,
    failures: [400, 401, 403, 409, 503],
  },
  { method: 'get', path: '/api/users/{id}', bearer: true, success: 200, failures: [401, 403, 404] },
  {
    method: 'patch',
    path: '/api/users/{id}',
    bearer: true,
    success: 200,
    failures: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'delete',
    path: '/api/users/{id}',
    bearer: true,
    success: 204,
    failures: [401, 403, 404, 409],
  },
];

const PROBLEM_REF = '#/components/schemas/ProblemDto';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The development defaults the README documents (`.env`). */
const DEVELOPMENT_ENV = parseEnv(readFileSync(new URL('../.env', import.meta.url), 'utf8')) as {
  SEED_ADMIN_USERNAME: string;
  SEED_ADMIN_PASSWORD: string;
};
const REDOCLY = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));

function operationOf(document: OpenApiDocument, route: ContractRoute): Operation | undefined {
  return document.paths[route.path]?.[route.method];
}

function documentedSchema(
  document: OpenApiDocument,
  method: Method,
  path: string,
  status: number,
  contentType: string,
): Schema {
  const schema =
    document.paths[path]?.[method]?.responses?.[String(status)]?.content?.[contentType]?.schema;
  if (!schema)
    throw new Error(`${method.toUpperCase()} ${path} documents no ${status} ${contentType} schema`);
  return schema;
}

/**
 * The document's schemas leave `additionalProperties` open; closing every object schema makes a
 * field the document does not describe (a leaked hash, say) fail validation too.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, closed(value)]),
  );
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

/** Validates a body against an OpenAPI 3.0 schema whose `$ref`s point into `components.schemas`. */
function schemaErrors(document: OpenApiDocument, schema: Schema, body: unknown): ErrorObject[] {
  // strict: false lets OpenAPI's `example` keyword through; Ajv knows `nullable` itself.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  const validate = ajv.compile({
    ...(closed(schema) as Schema),
    components: { schemas: closed(document.components?.schemas ?? {}) },
  });
  return validate(body) ? [] : (validate.errors ?? []);
}

/** The response's JSON body matches what the document says of its route and status. */
function expectDocumentedBody(
  document: OpenApiDocument,
  response: Response,
  method: Method,
  path: string,
): void {
  const schema = documentedSchema(document, method, path, response.status, 'application/json');
  expectBodyMatches(document, response, schema);
}

function expectBodyMatches(document: OpenApiDocument, response: Response, schema: Schema): void {
  const errors = schemaErrors(document, schema, response.body).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
  expect(errors).toEqual([]);
}

interface RedoclyReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: Array<{ pointer?: string }>;
  }>;
}

/** Runs `redocly lint --extends=recommended` in an empty directory: no config or ignore file applies. */
async function redoclyLint(document: OpenApiDocument): Promise<RedoclyReport> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    const result = await promisify(execFile)(
      REDOCLY,
      ['lint', '--extends=recommended', file, '--format=json'],
      {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      // redocly exits 1 when it finds errors; the report is still on stdout.
      if (!error.stdout) throw error;
      return { stdout: error.stdout };
    });
    return JSON.parse(result.stdout) as RedoclyReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('OpenAPI document and Swagger UI', () => {
  let testApp: TestApp;
  let client: Api;
  let docsJson: Response;
  let document: OpenApiDocument;

  beforeAll(async () => {
    testApp = await createTestApp();
    client = api(testApp.server);
    docsJson = await client.get('/docs-json');
    document = docsJson.body as OpenApiDocument;
  });
  afterAll(() => testApp.close());

  it('serves Swagger UI as HTML at /docs', async () => {
    const response = await client.get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
  });

  it('serves an OpenAPI 3 document as JSON at /docs-json', () => {
    expect(docsJson.status).toBe(200);
    expect(docsJson.headers['content-type']).toMatch(/^application\/json/);
    expect(document.openapi).toMatch(/^3\./);
    expect(typeof document.paths).toBe('object');
  });

  it('documents every /api route of the contract', () => {
    const documented = apiOperations(document).map(routeName);
    expect(documented).toEqual(expect.arrayContaining(CONTRACT_ROUTES.map(routeName)));
  });

  it('declares an HTTP bearer security scheme', () => {
    expect(bearerSchemeNames(document)).toHaveLength(1);
  });

  it('requires bearer security on every protected route', () => {
    const missing = CONTRACT_ROUTES.filter((route) => route.bearer)
      .filter((route) => {
        const operation = operationOf(document, route);
        return !operation || !requiresBearer(document, operation);
      })
      .map(routeName);
    expect(missing).toEqual([]);
  });

  it('requires no bearer security on register, login and refresh', () => {
    const publicRoutes = CONTRACT_ROUTES.filter((route) => !route.bearer);
    expect(publicRoutes.map(routeName)).toEqual([
      'POST /api/auth/register',
      'POST /api/auth/login',
      'POST /api/auth/refresh',
    ]);
    const secured = publicRoutes
      .filter((route) => {
        const operation = operationOf(document, route);
        return !operation || requiresBearer(document, operation);
      })
      .map(routeName);
    expect(secured).toEqual([]);
  });

  it("documents each route's success status, with a JSON schema unless it is 204", () => {
    const missing = CONTRACT_ROUTES.filter((route) => {
      const response = operationOf(document, route)?.responses?.[String(route.success)];
      if (!response) return true;
      return route.success !== 204 && !response.content?.['application/json']?.schema;
    }).map((route) => `${routeName(route)} ${route.success}`);
    expect(missing).toEqual([]);
  });

  it("documents each route's failure statuses from the contract", () => {
    const missing = CONTRACT_ROUTES.flatMap((route) => {
      const responses = operationOf(document, route)?.responses ?? {};
      return route.failures
        .filter((status) => !responses[String(status)])
        .map((status) => `${routeName(route)} ${status}`);
    });
    expect(missing).toEqual([]);
  });

  it('documents every 4xx response of every /api operation as an application/problem+json ProblemDto', () => {
    const operations = apiOperations(document);
    expect(operations.length).toBeGreaterThan(0);
    const wrong = operations.flatMap(({ method, path, operation }) => {
      const failures = Object.entries(operation.responses ?? {}).filter(([status]) =>
        /^4(\d\d|XX)$/i.test(status),
      );
      if (failures.length === 0) return [`${routeName({ method, path })}: no 4xx response`];
      return failures
        .filter(([, response]) => response.content?.[PROBLEM_JSON]?.schema?.$ref !== PROBLEM_REF)
        .map(([status]) => `${routeName({ method, path })} ${status}`);
    });
    expect(wrong).toEqual([]);
  });

  it('is clean under the Redocly recommended ruleset: no errors, no warnings', async () => {
    const report = await redoclyLint(document);
    const problems = report.problems.map(
      (problem) =>
        `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });
});

describe('the OpenAPI document as generated clients read it', () => {
  const { client } = useTestApp();
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = (await client.get('/docs-json')).body as OpenApiDocument;
  });

  function listUsersParameter(name: string): ParameterObject | undefined {
    return document.paths['/api/users']?.get?.parameters?.find(
      (parameter) => parameter.name === name,
    );
  }

  it('documents limit as an optional integer query parameter from 1 to 100, default 20', () => {
    expect(listUsersParameter('limit')).toEqual(
      expect.objectContaining({
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      }),
    );
  });

  it('has no schema a client cannot type (an empty Object component)', () => {
    expect(Object.keys(document.components?.schemas ?? {})).not.toContain('Object');
    expect(JSON.stringify(document)).not.toContain('"#/components/schemas/Object"');
  });

  it('documents every {id} path parameter as a UUID with a UUID example', () => {
    const idParameters = apiOperations(document)
      .filter(({ path }) => path.includes('{id}'))
      .map(({ method, path, operation }) => ({
        route: routeName({ method, path }),
        parameter: operation.parameters?.find((parameter) => parameter.name === 'id'),
      }));
    expect(idParameters.length).toBeGreaterThan(0);
    for (const { route, parameter } of idParameters) {
      expect({ route, in: parameter?.in, schema: parameter?.schema }).toEqual({
        route,
        in: 'path',
        schema: expect.objectContaining({
          type: 'string',
          format: 'uuid',
          example: expect.stringMatching(UUID),
        }),
      });
    }
  });

  it('says where the bearer token comes from: the access_token of login or register', () => {
    const [name] = bearerSchemeNames(document);
    const description = document.components?.securitySchemes?.[name]?.description ?? '';
    expect(description).toContain('POST /api/auth/login');
    expect(description).toContain('POST /api/auth/register');
    expect(description).toContain('access_token');
  });

  it('describes every response, successes included', () => {
    const undescribed = apiOperations(document).flatMap(({ method, path, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([, response]) => !response.description?.trim())
        .map(([status]) => `${routeName({ method, path })} ${status}`),
    );
    expect(undescribed).toEqual([]);
  });

  it('types expires_in and refresh_expires_in as integers', () => {
    const { properties } = componentSchema(document, 'TokenResponseDto');
    expect(properties.expires_in.type).toBe('integer');
    expect(properties.refresh_expires_in.type).toBe('integer');
  });

  it('names every operation with a unique camelCase operationId that does not repeat its controller', () => {
    const ids = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map(
        (method) => item[method]?.operationId ?? `${routeName({ method, path })} has none`,
      ),
    );
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/.well-known/jwks.json']?.get?.operationId).toBe('getJwks');
  });
});

describe('the OpenAPI examples work as sent', () => {
  // The development admin of `.env`, whom the login example names.
  const { client } = useTestApp({
    SEED_ADMIN_USERNAME: DEVELOPMENT_ENV.SEED_ADMIN_USERNAME,
    SEED_ADMIN_PASSWORD: DEVELOPMENT_ENV.SEED_ADMIN_PASSWORD,
  });
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = (await client.get('/docs-json')).body as OpenApiDocument;
  });

  function example(method: Method, path: string): Record<string, unknown> {
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`${routeName({ method, path })} is not documented`);
    return exampleBody(document, operation);
  }

  it('logs in as the development admin of .env with the login example', async () => {
    const body = example('post', '/api/auth/login');
    expect(body).toEqual({
      username: DEVELOPMENT_ENV.SEED_ADMIN_USERNAME,
      password: DEVELOPMENT_ENV.SEED_ADMIN_PASSWORD,
    });
    const response = await client.http().post('/api/auth/login').send(body);
    expect(response.status).toBe(200);
    expect(response.body.user.roles).toContain('admin');
  });

  it('registers with the register example, and that account logs in', async () => {
    const body = example('post', '/api/auth/register');
    const registered = await client.http().post('/api/auth/register').send(body);
    expect(registered.status).toBe(201);
    const { response } = await client.login(body.username as string, body.password as string);
    expect(response.status).toBe(200);
  });

  it('changes the password of the example account with the change-password example', async () => {
    const account = example('post', '/api/auth/register');
    const { response } = await client.login(account.username as string, account.password as string);
    expect(response.status).toBe(200);
    const change = example('post', '/api/auth/change-password');
    const changed = await client.send(
      'post',
      '/api/auth/change-password',
      response.body.access_token,
      change,
    );
    expect(changed.status).toBe(204);
  });

  it('creates a user with the admin create-user example', async () => {
    const admin = await client.login(
      DEVELOPMENT_ENV.SEED_ADMIN_USERNAME,
      DEVELOPMENT_ENV.SEED_ADMIN_PASSWORD,
    );
    const body = { ...example('post', '/api/users'), username: uniqueUsername('example') };
    const response = await client.send('post', '/api/users', admin.tokens.access_token, body);
    expect(response.status).toBe(201);
  });
});

describe('what the service sends matches its OpenAPI document', () => {
  const { client } = useTestApp();
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = (await client.get('/docs-json')).body as OpenApiDocument;
  });

  it('sends GET /api/users/me as its documented 200 schema', async () => {
    const { tokens } = await client.register({ email: 'me@example.com', name: 'Me' });
    const response = await client.get('/api/users/me', tokens.access_token);
    expect(response.status).toBe(200);
    expectDocumentedBody(document, response, 'get', '/api/users/me');
  });

  it('sends POST /api/auth/register as its documented 201 schema', async () => {
    const { response } = await client.register();
    expect(response.status).toBe(201);
    expectDocumentedBody(document, response, 'post', '/api/auth/register');
  });

  it('sends POST /api/auth/login as its documented 200 schema', async () => {
    const { body } = await client.register();
    const { response } = await client.login(body.username, body.password);
    expect(response.status).toBe(200);
    expectDocumentedBody(document, response, 'post', '/api/auth/login');
  });

  it('sends GET /api/users as its documented 200 schema', async () => {
    await client.register({ email: 'listed@example.com' });
    const admin = await client.loginAsAdmin();
    const response = await client.get('/api/users?limit=5', admin.access_token);
    expect(response.status).toBe(200);
    expectDocumentedBody(document, response, 'get', '/api/users');
  });

  it('sends GET /api/auth/sessions as its documented 200 schema', async () => {
    const { tokens } = await client.register();
    const response = await client.get('/api/auth/sessions', tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expectDocumentedBody(document, response, 'get', '/api/auth/sessions');
  });

  it('sends a 401 from GET /api/users/me as the ProblemDto schema', async () => {
    const response = await client.get('/api/users/me');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectBodyMatches(document, response, { $ref: PROBLEM_REF });
  });
});
