import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/swagger-ui/', import.meta.url));
/** The development admin that `.env` seeds and the login example names. */
const DEVELOPMENT_ENV = parseEnv(readFileSync(new URL('../.env', import.meta.url), 'utf8'));

/** Debian's Chromium as root on a machine without network: no sandbox, nothing in the background. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Opens an operation in Swagger UI, presses "Try it out" and "Execute"; returns its live response. */
async function tryItOut(page: Page, operationId: string, tag: string): Promise<Locator> {
  const operation = page.locator(`#operations-${tag}-${operationId}`);
  await operation.locator('.opblock-summary').first().click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  const response = operation.locator('.live-responses-table .response').first();
  await response.waitFor();
  return response;
}

describe('Swagger UI in a real browser', () => {
  let testApp: TestApp | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  /** Console errors and CSP violations the page reported. */
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    testApp = await createTestApp({
      SEED_ADMIN_USERNAME: DEVELOPMENT_ENV.SEED_ADMIN_USERNAME,
      SEED_ADMIN_PASSWORD: DEVELOPMENT_ENV.SEED_ADMIN_PASSWORD,
    });
    await testApp.app.listen(0, '127.0.0.1');
    await rm(ARTIFACTS, { recursive: true, force: true });
    await mkdir(ARTIFACTS, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      baseURL: (await testApp.app.getUrl()).replace('[::1]', '127.0.0.1'),
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.exposeFunction('reportCspViolation', (directive: string, blocked: string) =>
      problems.push(`CSP violation: ${directive} blocked ${blocked}`),
    );
    // Runs in the page before its own scripts (added by the browser, so the CSP does not apply).
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) =>" +
        ' reportCspViolation(event.violatedDirective, event.blockedURI));',
    );
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await testApp?.close();
  });

  // Chromium is a Debian package, not a project dependency; `.ci/run` installs it when missing.
  it.skipIf(!existsSync(CHROMIUM))(
    'logs in with the example through "Try it out", then GET /api/users/me answers 200 without pasting the token, under the CSP (needs /usr/bin/chromium)',
    async () => {
      await page.goto('/docs');
      await page.locator('.swagger-ui .information-container').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, '1-docs.png'), fullPage: false });

      const login = await tryItOut(page, 'login', 'auth');
      expect(await login.locator('.response-col_status').first().innerText()).toBe('200');
      // The Authorize button shows the bearer scheme as authorized.
      await page.locator('.auth-wrapper .authorize.locked').waitFor();
      await login.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, '2-login-executed.png') });

      const me = await tryItOut(page, 'getMe', 'me');
      expect(await me.locator('.response-col_status').first().innerText()).toBe('200');
      expect(await me.locator('.response-col_description').first().innerText()).toContain(
        `"username": "${DEVELOPMENT_ENV.SEED_ADMIN_USERNAME}"`,
      );
      await me.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, '3-me-authorized.png') });

      expect(problems).toEqual([]);
    },
    120_000,
  );
});
