import { createClient } from '@hey-api/openapi-ts';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ADMIN, strongPassword, uniqueUsername } from './support/api.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import type { FlowOptions, FlowReport } from './typed-client/flow-report.js';

const TYPED_CLIENT = new URL('./typed-client/', import.meta.url);
const GENERATED = fileURLToPath(new URL('generated', TYPED_CLIENT));
const TSC = fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url));

/** Strict `tsc --noEmit` over the generated client and the flow that uses it. */
async function typeCheck(): Promise<{ exitCode: number; output: string }> {
  const tsconfig = fileURLToPath(new URL('tsconfig.json', TYPED_CLIENT));
  return promisify(execFile)(TSC, ['-p', tsconfig, '--pretty', 'false'])
    .then(({ stdout }) => ({ exitCode: 0, output: stdout }))
    .catch((error: { code?: number; stdout?: string; stderr?: string }) => ({
      exitCode: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }));
}

describe('a TypeScript client generated from /docs-json', () => {
  let testApp: TestApp;
  let typeCheckResult: { exitCode: number; output: string };
  let report: FlowReport;
  const account = { username: uniqueUsername('typed'), password: strongPassword() };

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    const baseUrl = (await testApp.app.getUrl()).replace('[::1]', '127.0.0.1');
    const document: unknown = await (await fetch(`${baseUrl}/docs-json`)).json();

    await rm(GENERATED, { recursive: true, force: true });
    await createClient({
      input: document as Record<string, unknown>,
      output: { path: GENERATED, importFileExtension: '.js' },
      plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
      logs: { level: 'silent' },
    });
    typeCheckResult = await typeCheck();

    // Loaded by path: the flow compiles only once the client has been generated.
    const flow = (await import(new URL('flow.ts', TYPED_CLIENT).href)) as {
      runFlow(options: FlowOptions): Promise<FlowReport>;
    };
    report = await flow.runFlow({ baseUrl, admin: ADMIN, account });
  }, 120_000);
  afterAll(() => testApp?.close());

  it('type-checks, with the flow that uses it, under strict TypeScript', () => {
    expect(typeCheckResult.output).toBe('');
    expect(typeCheckResult.exitCode).toBe(0);
  });

  it('registers through the generated register()', () => {
    expect(report.register).toEqual({ status: 201, username: account.username });
  });

  it('logs in through the generated login()', () => {
    expect(report.login).toEqual({ status: 200, tokenType: 'Bearer' });
  });

  it('reads the profile through the generated getMe() with the access token', () => {
    expect(report.me).toEqual({ status: 200, username: account.username });
  });

  it('lists users a page at a time through listUsers() with a numeric limit', () => {
    expect(report.listUsers).toEqual({
      status: 200,
      items: 1,
      nextCursor: expect.any(String),
    });
  });

  it('rotates the refresh token through the generated refresh()', () => {
    expect(report.refresh).toEqual({ status: 200, rotated: true });
  });

  it('logs out through the generated logout()', () => {
    expect(report.logout).toEqual({ status: 204 });
  });

  it('reads a 401 problem document through the generated error type', () => {
    expect(report.meAfterLogout).toEqual({
      status: 401,
      code: 'token_revoked',
      title: 'Unauthorized',
    });
  });
});
