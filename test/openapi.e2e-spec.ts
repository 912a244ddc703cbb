import { Ajv, type ErrorObject } from 'ajv';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Response } from 'supertest';
import { api, type Api } from './support/api.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Method = 'get' | 'post' | 'patch' | 'delete';
type Schema = Record<string, unknown>;

interface MediaType {
  schema?: Schema;
}

interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, ResponseObject>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<Method, Operation>>>;
  security?: Array<Record<string, string[]>>;
  components?: {
    schemas?: Record<string, Schema>;
    securitySchemes?: Record<string, { type: string; scheme?: string }>;
  };
}

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
    failures: [400, 403, 409, 429],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    bearer: false,
    success: 200,
    failures: [400, 401, 429],
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
    failures: [400, 401],
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
    failures: [400, 401, 403, 409],
  },
  { method: 'get', path: '/api/users/{id}', bearer: true, success: 200, failures: [401, 403, 404] },
  {
    method: 'patch',
    path: '/api/users/{id}',
    bearer: true,
    success: 200,
    failures: [400, 401, 403, 404, 409],
  },
  {
    method: 'delete',
    path: '/api/users/{id}',
    bearer: true,
    success: 204,
    failures: [401, 403, 404, 409],
  },
];

const METHODS: Method[] = ['get', 'post', 'patch', 'delete'];
const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/ProblemDto';
const REDOCLY = fileURLToPath(new URL('../node_modules/.bin/redocly', import.meta.url));

function routeName(route: { method: string; path: string }): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** Every operation of the document under `/api`. */
function apiOperations(document: OpenApiDocument) {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/') || path === '/api')
    .flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method,
        path,
        operation: item[method] as Operation,
      })),
    );
}

function operationOf(document: OpenApiDocument, route: ContractRoute): Operation | undefined {
  return document.paths[route.path]?.[route.method];
}

function bearerSchemeNames(document: OpenApiDocument): string[] {
  return Object.entries(document.components?.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer')
    .map(([name]) => name);
}

function requiresBearer(document: OpenApiDocument, operation: Operation): boolean {
  const requirements = operation.security ?? document.security ?? [];
  const bearer = bearerSchemeNames(document);
  return requirements.some((requirement) =>
    Object.keys(requirement).some((name) => bearer.includes(name)),
  );
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

describe('what the service sends matches its OpenAPI document', () => {
  let testApp: TestApp;
  let client: Api;
  let document: OpenApiDocument;

  beforeAll(async () => {
    testApp = await createTestApp();
    client = api(testApp.server);
    document = (await client.get('/docs-json')).body as OpenApiDocument;
  });
  afterAll(() => testApp.close());

  it('sends GET /api/users/me as its documented 200 schema', async () => {
    const { tokens } = await client.register({ email: 'me@example.com', name: 'Me' });
    const response = await client.get('/api/users/me', tokens.access_token);
    expect(response.status).toBe(200);
    expectBodyMatches(
      document,
      response,
      documentedSchema(document, 'get', '/api/users/me', 200, 'application/json'),
    );
  });

  it('sends POST /api/auth/register as its documented 201 schema', async () => {
    const { response } = await client.register();
    expect(response.status).toBe(201);
    expectBodyMatches(
      document,
      response,
      documentedSchema(document, 'post', '/api/auth/register', 201, 'application/json'),
    );
  });

  it('sends POST /api/auth/login as its documented 200 schema', async () => {
    const { body } = await client.register();
    const { response } = await client.login(body.username, body.password);
    expect(response.status).toBe(200);
    expectBodyMatches(
      document,
      response,
      documentedSchema(document, 'post', '/api/auth/login', 200, 'application/json'),
    );
  });

  it('sends GET /api/users as its documented 200 schema', async () => {
    await client.register({ email: 'listed@example.com' });
    const admin = await client.loginAsAdmin();
    const response = await client.get('/api/users?limit=5', admin.access_token);
    expect(response.status).toBe(200);
    expectBodyMatches(
      document,
      response,
      documentedSchema(document, 'get', '/api/users', 200, 'application/json'),
    );
  });

  it('sends GET /api/auth/sessions as its documented 200 schema', async () => {
    const { tokens } = await client.register();
    const response = await client.get('/api/auth/sessions', tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expectBodyMatches(
      document,
      response,
      documentedSchema(document, 'get', '/api/auth/sessions', 200, 'application/json'),
    );
  });

  it('sends a 401 from GET /api/users/me as the ProblemDto schema', async () => {
    const response = await client.get('/api/users/me');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectBodyMatches(document, response, { $ref: PROBLEM_REF });
  });
});
