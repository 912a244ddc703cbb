import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium: not a dependency of the project (`.ci/run` installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Git-ignored folder for screenshots and other browser artifacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** Why browser tests cannot run on this machine, or `undefined` when they can. */
export function chromiumUnavailable(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is missing (install Debian's chromium package)`;
}

/**
 * Headless Chromium on a fresh profile (Playwright gives every launch a new, temporary
 * user-data-dir). The flags keep it off the network: this machine refuses outside connections,
 * and Chromium's background services would otherwise keep trying.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Starts the app on a loopback port and answers the base URL a browser can open. */
export async function listenForBrowser(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Collects the console messages in which Chromium reports a Content Security Policy violation. */
export function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** A screenshot function writing full-page PNGs to `test-artifacts/<folder>/<name>.png`. */
export function screenshots(folder: string): (page: Page, name: string) => Promise<void> {
  const dir = join(ARTIFACTS_DIR, folder);
  mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  };
}
