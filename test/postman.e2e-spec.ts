import newman from 'newman';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COLLECTION_FILE,
  collectionRequests,
  ENVIRONMENT_FILE,
  matchTemplate,
  type PostmanCollection,
  type PostmanEnvironment,
  readJson,
  referencedVariables,
} from './support/postman-collection.js';
import { useTestApp } from './support/test-app.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

function runCollection(baseUrl: string): Promise<newman.RunSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: COLLECTION_FILE,
        environment: ENVIRONMENT_FILE,
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'adminUsername', value: process.env.SEED_ADMIN_USERNAME ?? '' },
          { key: 'adminPassword', value: process.env.SEED_ADMIN_PASSWORD ?? '' },
        ],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

/** One line per failure: the request, where in it, and the message. */
function describeFailures(failures: newman.RunFailure[]): string[] {
  return failures.map(
    ({ source, at, error }) =>
      `${source?.name ?? '(collection)'} [${at}] ${error.test ? `"${error.test}": ` : ''}${error.message}`,
  );
}

describe('Postman collection', () => {
  // Its failed logins (two, none of them the admin's) stay under the default THROTTLE_LOGIN_LIMIT.
  const { testApp, client } = useTestApp();
  const collection = readJson<PostmanCollection>(COLLECTION_FILE);
  const requests = collectionRequests(collection.item);

  let baseUrl: string;
  beforeAll(async () => {
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = await testApp.app.getUrl();
  });

  async function documentedOperations(): Promise<Array<{ method: string; path: string }>> {
    const response = await client.get('/docs-json');
    expect(response.status).toBe(200);
    const paths = response.body.paths as Record<string, Partial<Record<Method, unknown>>>;
    return Object.entries(paths).flatMap(([path, operations]) =>
      METHODS.filter((method) => operations[method]).map((method) => ({ method, path })),
    );
  }

  it('runs every request against the server with no failed assertion', async () => {
    const summary = await runCollection(baseUrl);

    expect(describeFailures(summary.run.failures)).toEqual([]);
    const { requests: sent, assertions, testScripts, prerequestScripts } = summary.run.stats;
    expect({ sent, testScripts, prerequestScripts }).toMatchObject({
      sent: { total: requests.length, failed: 0 },
      testScripts: { failed: 0 },
      prerequestScripts: { failed: 0 },
    });
    expect(assertions.failed).toBe(0);
    expect(assertions.total).toBeGreaterThanOrEqual(requests.length);
  });

  it('has a request for every operation of the OpenAPI document', async () => {
    const operations = await documentedOperations();
    const covered = new Set(
      requests.map((request) => {
        const templates = operations.filter((op) => op.method === request.method);
        return `${request.method} ${matchTemplate(
          request.path,
          templates.map((op) => op.path),
        )}`;
      }),
    );

    const missing = operations
      .map(({ method, path }) => `${method} ${path}`)
      .filter((operation) => !covered.has(operation));
    expect(missing).toEqual([]);
  });

  it('sends no request to an /api route the OpenAPI document does not have', async () => {
    const operations = await documentedOperations();

    const undocumented = requests
      .filter((request) => request.path.startsWith('/api/') || request.path === '/api')
      .filter((request) => {
        const templates = operations.filter((op) => op.method === request.method);
        return !matchTemplate(
          request.path,
          templates.map((op) => op.path),
        );
      })
      .map((request) => `${request.name}: ${request.method} ${request.path}`);
    expect(undocumented).toEqual([]);
  });

  it('defines every variable the collection uses', () => {
    const environment = readJson<PostmanEnvironment>(ENVIRONMENT_FILE);
    const defined = new Set([
      ...(collection.variable ?? []).map((variable) => variable.key),
      ...environment.values.map((variable) => variable.key),
    ]);

    const undefinedNames = referencedVariables(readFileSync(COLLECTION_FILE, 'utf8')).filter(
      (name) => !defined.has(name),
    );
    expect(undefinedNames).toEqual([]);
  });

  it('ships the development admin login of .env in the environment file', () => {
    const dotenv = readFileSync(fileURLToPath(new URL('../.env', import.meta.url)), 'utf8');
    const fromDotenv = (key: string) => dotenv.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
    const environment = readJson<PostmanEnvironment>(ENVIRONMENT_FILE);
    const fromEnvironment = (key: string) =>
      environment.values.find((variable) => variable.key === key)?.value;

    expect(fromEnvironment('adminUsername')).toBe(fromDotenv('SEED_ADMIN_USERNAME'));
    expect(fromEnvironment('adminPassword')).toBe(fromDotenv('SEED_ADMIN_PASSWORD'));
    expect(fromEnvironment('baseUrl')).toBe(`http://localhost:${fromDotenv('PORT')}`);
  });
});
