import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  chromiumUnavailable,
  launchChromium,
  listenForBrowser,
  screenshots,
} from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The development admin that `.env` seeds and the login example names. */
const DEVELOPMENT_ENV = parseEnv(readFileSync(new URL('../.env', import.meta.url), 'utf8'));
const shot = screenshots('swagger-ui');

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
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  /** Console errors and CSP violations the page reported. */
  const problems: string[] = [];

  beforeAll(async () => {
    if (chromiumUnavailable()) return;
    testApp = await createTestApp({
      SEED_ADMIN_USERNAME: DEVELOPMENT_ENV.SEED_ADMIN_USERNAME,
      SEED_ADMIN_PASSWORD: DEVELOPMENT_ENV.SEED_ADMIN_PASSWORD,
    });
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: await listenForBrowser(testApp.app) });
    page = await context.newPage();
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
    await browser?.close();
    await testApp?.close();
  });

  // Chromium is a Debian package, not a project dependency; `.ci/run` installs it when missing.
  it.skipIf(chromiumUnavailable() !== undefined)(
    'logs in with the example through "Try it out", then GET /api/users/me answers 200 without pasting the token, under the CSP (needs /usr/bin/chromium)',
    async () => {
      await page.goto('/docs');
      await page.locator('.swagger-ui .information-container').waitFor();
      await shot(page, '1-docs');

      const login = await tryItOut(page, 'login', 'auth');
      expect(await login.locator('.response-col_status').first().innerText()).toBe('200');
      // The Authorize button shows the bearer scheme as authorized.
      await page.locator('.auth-wrapper .authorize.locked').waitFor();
      await login.scrollIntoViewIfNeeded();
      await shot(page, '2-login-executed');

      const me = await tryItOut(page, 'getMe', 'me');
      expect(await me.locator('.response-col_status').first().innerText()).toBe('200');
      expect(await me.locator('.response-col_description').first().innerText()).toContain(
        `"username": "${DEVELOPMENT_ENV.SEED_ADMIN_USERNAME}"`,
      );
      await me.scrollIntoViewIfNeeded();
      await shot(page, '3-me-authorized');

      expect(problems).toEqual([]);
    },
    120_000,
  );
});
