import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import {
  expectProblem,
  strongPassword,
  type TokenResponse,
  uniqueUsername,
} from './support/api.js';
import {
  chromiumUnavailable,
  collectCspViolations,
  launchChromium,
  listenForBrowser,
  screenshots,
} from './support/browser.js';
import { useTestApp } from './support/test-app.js';
import type { TestClock } from './support/test-clock.js';
import { decodeJwt } from './support/tokens.js';

/** No clock skew: moving the service's clock just past a token's expiry expires it. */
const PAGE_ENV = {
  JWT_CLOCK_SKEW: '0',
  THROTTLE_LOGIN_LIMIT: '3',
};

const unavailable = chromiumUnavailable();
const titled = (name: string) => (unavailable ? `${name} (skipped: ${unavailable})` : name);

function parts(page: Page) {
  return {
    signIn: page.getByRole('region', { name: 'Sign in' }),
    signUp: page.getByRole('region', { name: 'Create an account' }),
    profile: page.getByRole('region', { name: 'Your profile' }),
    sessions: page.getByRole('region', { name: 'Your sessions' }),
    sessionRows: page.getByRole('region', { name: 'Your sessions' }).getByRole('listitem'),
    status: page.getByRole('status'),
  };
}

async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  const { signIn } = parts(page);
  await signIn.getByLabel('Username').fill(username);
  await signIn.getByLabel('Password').fill(password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
}

async function signUpWithForm(page: Page, username: string, password: string): Promise<void> {
  const { signUp } = parts(page);
  await signUp.getByLabel('Username').fill(username);
  await signUp.getByLabel('Password').fill(password);
  await signUp.getByRole('button', { name: 'Create account' }).click();
}

/** Signed in: the profile shows `username` and the sessions list has arrived. */
async function expectSignedIn(page: Page, username: string): Promise<void> {
  const { profile, signIn, sessionRows } = parts(page);
  await profile.getByText(username, { exact: true }).waitFor();
  await sessionRows.first().waitFor();
  expect(await signIn.isVisible()).toBe(false);
}

async function expectSignedOut(page: Page): Promise<void> {
  const { profile, signIn } = parts(page);
  await signIn.getByLabel('Username').waitFor();
  expect(await profile.isVisible()).toBe(false);
}

/*
 * What the page's own script could see. Written as expressions evaluated in the page, since the
 * project's TypeScript setup has no DOM types.
 */
function activeElementId(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>('document.activeElement?.id');
}

interface ScriptVisibleStorage {
  localStorage: number;
  sessionStorage: number;
  cookie: string;
}

function scriptVisibleStorage(page: Page): Promise<ScriptVisibleStorage> {
  return page.evaluate<ScriptVisibleStorage>(
    '({ localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookie: document.cookie })',
  );
}

function isApiCall(response: PageResponse, method: string, path: string): boolean {
  return response.request().method() === method && new URL(response.url()).pathname === path;
}

/** Moves the service's clock past `accessToken`'s expiry instead of waiting for it. */
function expire(clock: TestClock, accessToken: string): void {
  const { exp } = decodeJwt(accessToken).payload as { exp: number };
  clock.advance(Math.max(0, exp - clock.now().getTime() / 1000) + 1);
}

/** Signs in through the form and answers the access token the page received. */
async function signInCapturingToken(
  page: Page,
  username: string,
  password: string,
): Promise<string> {
  const login = page.waitForResponse((response) => isApiCall(response, 'POST', '/api/auth/login'));
  await signInWithForm(page, username, password);
  const tokens = (await (await login).json()) as TokenResponse;
  await expectSignedIn(page, username);
  return tokens.access_token;
}

/** The `/api` calls the page makes from now on, as `path status`. */
function recordApiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/')) calls.push(`${path} ${response.status()}`);
  });
  return calls;
}

function browserSuite(env: Record<string, string>) {
  const { testApp, client, clock } = useTestApp(env);
  const state = {} as { browser: Browser; baseUrl: string; context: BrowserContext; page: Page };

  beforeAll(async () => {
    state.baseUrl = await listenForBrowser(testApp.app);
    state.browser = await launchChromium();
  });
  afterAll(() => state.browser?.close());
  beforeEach(async () => {
    state.context = await state.browser.newContext();
    state.context.setDefaultTimeout(10_000);
    state.page = await state.context.newPage();
  });
  afterEach(() => state.context?.close());

  return {
    client,
    clock,
    state,
    async open(): Promise<Page> {
      await state.page.goto(`${state.baseUrl}/`);
      return state.page;
    },
    async registered(): Promise<{ username: string; password: string; tokens: TokenResponse }> {
      const { response, body, tokens } = await client.register();
      expect(response.status).toBe(201);
      return { username: body.username, password: body.password, tokens };
    },
    /** A new account, signed in through the form on a freshly opened page. */
    async signedIn(): Promise<{ username: string; password: string; page: Page }> {
      const { username, password } = await this.registered();
      const page = await this.open();
      await signInWithForm(page, username, password);
      await expectSignedIn(page, username);
      return { username, password, page };
    },
  };
}

describe('the page at / over HTTP', () => {
  const { client } = useTestApp();

  it('serves the page as HTML at / with the strict page CSP', async () => {
    const response = await client.get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.text).toContain('<script type="module" src="/page/app.js"></script>');
  });

  it('has no inline script and no inline event handler', async () => {
    const { text } = await client.get('/');
    expect(text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(text).not.toMatch(/\son[a-z]+\s*=/i);
    expect(text).not.toMatch(/javascript:/i);
  });

  it.each(['/page/app.js', '/page/api-client.js', '/page/app.css'])(
    'serves %s with the strict page CSP',
    async (path) => {
      const response = await client.get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^(application\/javascript|text\/css)/);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it.each(['/page/', '/page/index.html', '/page/missing.js', '/index.html'])(
    'answers %s with a 404 problem document',
    async (path) => {
      expectProblem(await client.get(path), 404, 'not_found');
    },
  );
});

describe.skipIf(unavailable)(titled('the page at / in Chromium, tokens in memory'), () => {
  const suite = browserSuite(PAGE_ENV);
  const shot = screenshots('page-memory');

  it('shows labelled sign-in and sign-up forms', async () => {
    const page = await suite.open();
    const { signIn, signUp } = parts(page);
    await signIn.getByLabel('Username').waitFor();
    await signIn.getByLabel('Password').waitFor();
    await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
    await signUp.getByLabel('Username').waitFor();
    await signUp.getByLabel('Password').waitFor();
    await signUp.getByRole('button', { name: 'Create account' }).waitFor();
    await shot(page, '01-forms');
  });

  it('signs up through the form and shows the new profile', async () => {
    const page = await suite.open();
    const username = uniqueUsername('page');
    await signUpWithForm(page, username, strongPassword());
    await expectSignedIn(page, username);
    expect(await activeElementId(page)).toBe('profile-title');
    await shot(page, '02-signed-up');
  });

  it('signs in with the keyboard alone and moves focus to the profile', async () => {
    const { username, password } = await suite.registered();
    const page = await suite.open();
    await parts(page).signIn.getByLabel('Username').waitFor();
    // The banner's documentation link comes first, then the sign-in form.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await activeElementId(page)).toBe('sign-in-username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await expectSignedIn(page, username);
    expect(await activeElementId(page)).toBe('profile-title');
    await shot(page, '03-signed-in');
  });

  it("lists the person's sessions with this browser's marked", async () => {
    const { page } = await suite.signedIn();
    const { sessionRows } = parts(page);
    await sessionRows.nth(1).waitFor();
    expect(await sessionRows.count()).toBe(2);
    expect(await sessionRows.filter({ hasText: 'This browser' }).count()).toBe(1);
    await shot(page, '04-sessions');
  });

  it('refreshes an expired access token silently and keeps working', async () => {
    const { username, password } = await suite.registered();
    const page = await suite.open();
    const accessToken = await signInCapturingToken(page, username, password);
    expire(suite.clock, accessToken);
    const calls = recordApiCalls(page);
    const listed = page.waitForResponse(
      (response) => isApiCall(response, 'GET', '/api/auth/sessions') && response.ok(),
    );
    await parts(page).sessions.getByRole('button', { name: 'Reload' }).click();
    await listed;
    expect(calls).toEqual([
      '/api/auth/sessions 401',
      '/api/auth/refresh 200',
      '/api/auth/sessions 200',
    ]);
    await expectSignedIn(page, username);
    await shot(page, '05-after-silent-refresh');
  });

  it('returns to the sign-in form when the expired token cannot be refreshed', async () => {
    const { username, password } = await suite.registered();
    const page = await suite.open();
    const accessToken = await signInCapturingToken(page, username, password);
    const { tokens } = await suite.client.login(username, password);
    await suite.client.send('post', '/api/auth/logout-all', tokens.access_token).expect(204);
    expire(suite.clock, accessToken);
    const calls = recordApiCalls(page);
    await parts(page).sessions.getByRole('button', { name: 'Reload' }).click();
    await expectSignedOut(page);
    expect(calls).toEqual(['/api/auth/sessions 401', '/api/auth/refresh 401']);
    await parts(page).status.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await activeElementId(page)).toBe('sign-in-username');
    await shot(page, '06-refresh-failed');
  });

  it('ends another session of the same person', async () => {
    const { username, password, tokens: other } = await suite.registered();
    const page = await suite.open();
    await signInWithForm(page, username, password);
    await expectSignedIn(page, username);
    const { sessionRows, sessions } = parts(page);
    await sessionRows.nth(1).waitFor();
    await shot(page, '07-two-sessions');
    const ended = page.waitForResponse((response) => response.request().method() === 'DELETE');
    await sessions.getByRole('button', { name: /^End the session/ }).click();
    expect((await ended).status()).toBe(204);
    await parts(page).status.getByText('The session has ended.').waitFor();
    expect(await sessionRows.count()).toBe(1);
    expectProblem(await suite.client.refresh(other.refresh_token), 401, 'token_revoked');
    await shot(page, '08-other-session-ended');
  });

  it('signs out, ending the session, and moves focus to the sign-in form', async () => {
    const { page } = await suite.signedIn();
    const loggedOut = page.waitForResponse((response) =>
      isApiCall(response, 'POST', '/api/auth/logout'),
    );
    await parts(page).profile.getByRole('button', { name: 'Sign out' }).click();
    expect((await loggedOut).status()).toBe(204);
    await expectSignedOut(page);
    await parts(page).status.getByText('You are signed out.').waitFor();
    expect(await activeElementId(page)).toBe('sign-in-username');
    await shot(page, '09-signed-out');
  });

  it('asks for the password again after a reload', async () => {
    const { page } = await suite.signedIn();
    await page.reload();
    await expectSignedOut(page);
    await shot(page, '10-reloaded');
  });

  it('says so when the password is wrong', async () => {
    const { username } = await suite.registered();
    const page = await suite.open();
    await signInWithForm(page, username, strongPassword());
    await parts(page)
      .signIn.getByRole('alert')
      .getByText('Wrong username or password.', { exact: true })
      .waitFor();
    await shot(page, '11-wrong-password');
  });

  it('says how long to wait when sign-in is throttled', async () => {
    const { username, password } = await suite.registered();
    for (let attempt = 0; attempt < Number(PAGE_ENV.THROTTLE_LOGIN_LIMIT); attempt++) {
      expectProblem(
        (await suite.client.login(username, strongPassword())).response,
        401,
        'invalid_credentials',
      );
    }
    const page = await suite.open();
    await signInWithForm(page, username, password);
    await parts(page)
      .signIn.getByRole('alert')
      .getByText(/^Too many attempts\. Try again in \d+ seconds?\.$/)
      .waitFor();
    await shot(page, '12-throttled');
  });

  it('explains at the password field why a weak password is refused', async () => {
    const page = await suite.open();
    const username = uniqueUsername('page');
    await signUpWithForm(page, username, username);
    const password = parts(page).signUp.getByLabel('Password');
    await parts(page).signUp.getByText('The password must not be the username').first().waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('sign-up-password-error');
    await shot(page, '13-weak-password');
  });

  it('shows the problem detail and each field error of an invalid sign-up', async () => {
    const page = await suite.open();
    await signUpWithForm(page, 'x!', 'short');
    const { signUp } = parts(page);
    await signUp.getByRole('alert').getByText('The request is not valid').waitFor();
    await signUp
      .locator('#sign-up-username-error')
      .getByText(/username must be/)
      .waitFor();
    await signUp
      .locator('#sign-up-password-error')
      .getByText(/password/i)
      .waitFor();
    expect(await signUp.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await activeElementId(page)).toBe('sign-up-username');
    await shot(page, '14-validation-errors');
  });

  it('keeps no token in web storage or in a cookie that script can read', async () => {
    const { page } = await suite.signedIn();
    expect(await scriptVisibleStorage(page)).toEqual({
      localStorage: 0,
      sessionStorage: 0,
      cookie: '',
    });
    expect(await suite.state.context.cookies()).toEqual([]);
  });

  it('runs under the page CSP without a violation or a script error', async () => {
    const page = suite.state.page;
    const violations = collectCspViolations(page);
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await suite.open();
    const username = uniqueUsername('page');
    await signUpWithForm(page, username, strongPassword());
    await expectSignedIn(page, username);
    await parts(page).profile.getByRole('button', { name: 'Sign out' }).click();
    await expectSignedOut(page);
    expect(violations).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = suite.state.page;
    await page.setViewportSize({ width: 360, height: 740 });
    await suite.open();
    const overflow = () =>
      page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    await parts(page).signIn.getByLabel('Username').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, '15-phone-forms');
    const username = uniqueUsername('page');
    await signUpWithForm(page, username, strongPassword());
    await expectSignedIn(page, username);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, '16-phone-profile');
  });
});

describe.skipIf(unavailable)(titled('the page at / in Chromium, AUTH_COOKIES=true'), () => {
  const suite = browserSuite({ ...PAGE_ENV, AUTH_COOKIES: 'true' });
  const shot = screenshots('page-cookies');

  it('keeps the person signed in across a reload, refreshing with the cookie and CSRF header', async () => {
    const { username, page } = await suite.signedIn();
    await shot(page, '01-signed-in');
    const refresh = page.waitForRequest((request) => request.url().endsWith('/api/auth/refresh'));
    await page.reload();
    const request = await refresh;
    expect(request.postData()).toBeNull();
    expect(request.headers()['x-csrf-token']).toMatch(/^[\w-]{20,}$/);
    expect((await request.response())?.status()).toBe(200);
    await expectSignedIn(page, username);
    await shot(page, '02-reloaded-still-signed-in');
  });

  it('leaves only the csrf_token cookie readable by script, and nothing in web storage', async () => {
    const { page } = await suite.signedIn();
    const stored = await scriptVisibleStorage(page);
    expect(stored.localStorage).toBe(0);
    expect(stored.sessionStorage).toBe(0);
    expect(stored.cookie).toMatch(/^csrf_token=[^;]+$/);
    const cookies = await suite.state.context.cookies();
    for (const cookie of cookies.filter(({ name }) => name !== 'csrf_token')) {
      expect(cookie.httpOnly).toBe(true);
    }
  });

  it('refreshes an expired access token silently with the cookie and CSRF header', async () => {
    const { username, password } = await suite.registered();
    const page = await suite.open();
    const accessToken = await signInCapturingToken(page, username, password);
    expire(suite.clock, accessToken);
    const calls = recordApiCalls(page);
    const refresh = page.waitForRequest((request) => request.url().endsWith('/api/auth/refresh'));
    const listed = page.waitForResponse(
      (response) => isApiCall(response, 'GET', '/api/auth/sessions') && response.ok(),
    );
    await parts(page).sessions.getByRole('button', { name: 'Reload' }).click();
    await listed;
    expect(calls).toEqual([
      '/api/auth/sessions 401',
      '/api/auth/refresh 200',
      '/api/auth/sessions 200',
    ]);
    const request = await refresh;
    expect(request.postData()).toBeNull();
    expect(request.headers()['x-csrf-token']).toMatch(/^[\w-]{20,}$/);
    await expectSignedIn(page, username);
  });

  it('signs out for good: a reload afterwards asks for the password', async () => {
    const { page } = await suite.signedIn();
    await parts(page).profile.getByRole('button', { name: 'Sign out' }).click();
    await expectSignedOut(page);
    await page.reload();
    await expectSignedOut(page);
    expect((await scriptVisibleStorage(page)).cookie).toBe('');
    await shot(page, '03-signed-out-reloaded');
  });
});
