/**
 * The page's side of the HTTP contract. Tokens live in this module's variables only, never in
 * localStorage, sessionStorage or a cookie that script can read, so a reload forgets them. With
 * AUTH_COOKIES=true the server also keeps the refresh token in an HttpOnly cookie: the page then
 * holds no copy of it and refreshes with that cookie and the double-submit CSRF header, which is
 * what lets a reload keep the person signed in.
 */

const CSRF_COOKIE = 'csrf_token';

let accessToken = null;
let refreshToken = null;
let pendingRefresh = null;

/** An answer other than 2xx, carrying its problem document. */
export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem?.detail ?? `The request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof problem?.code === 'string' ? problem.code : null;
    this.detail = typeof problem?.detail === 'string' ? problem.detail : null;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No answer at all: the service or the network is down. */
export class NetworkError extends Error {
  constructor() {
    super('The service cannot be reached');
    this.name = 'NetworkError';
  }
}

/** The tokens no longer work (expired and not renewable, revoked, or signed out elsewhere). */
export class SessionEndedError extends Error {
  constructor() {
    super('The session has ended');
    this.name = 'SessionEndedError';
  }
}

function readCookie(name) {
  for (const pair of document.cookie.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Retry-After as whole seconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function send(method, path, { body, headers = {} } = {}) {
  const init = {
    method,
    headers: { Accept: 'application/json, application/problem+json', ...headers },
    credentials: 'same-origin',
    cache: 'no-store',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new NetworkError();
  }
  const payload = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, payload, retryAfterSeconds(response));
  return payload;
}

/**
 * Asks for a token response and keeps its tokens. A token response in cookie mode always sets a
 * new `csrf_token` cookie, which is how the page tells that the server holds the refresh token.
 */
async function obtainTokens(path, request) {
  const csrfBefore = readCookie(CSRF_COOKIE);
  const tokens = await send('POST', path, request);
  const csrfAfter = readCookie(CSRF_COOKIE);
  const cookieMode = csrfAfter !== null && csrfAfter !== csrfBefore;
  accessToken = tokens.access_token;
  refreshToken = cookieMode ? null : tokens.refresh_token;
  return tokens.user;
}

export function signIn(username, password) {
  return obtainTokens('/api/auth/login', { body: { username, password } });
}

export function signUp(account) {
  return obtainTokens('/api/auth/register', { body: account });
}

function forget() {
  accessToken = null;
  refreshToken = null;
}

async function rotate() {
  const csrf = readCookie(CSRF_COOKIE);
  let request;
  if (refreshToken !== null) request = { body: { refresh_token: refreshToken } };
  else if (csrf !== null) request = { headers: { 'X-CSRF-Token': csrf } };
  else throw new SessionEndedError();
  try {
    return await obtainTokens('/api/auth/refresh', request);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    forget();
    throw new SessionEndedError();
  }
}

/** One refresh at a time: calls that find the token expired together share it. */
function refresh() {
  pendingRefresh ??= rotate().finally(() => {
    pendingRefresh = null;
  });
  return pendingRefresh;
}

/** In cookie mode, the refresh cookie of an earlier visit signs the person in again. */
export async function resume() {
  if (readCookie(CSRF_COOKIE) === null) return null;
  try {
    return await refresh();
  } catch (error) {
    if (error instanceof SessionEndedError) return null;
    throw error;
  }
}

async function sendWithAccessToken(method, path) {
  if (accessToken === null) throw new SessionEndedError();
  try {
    return await send(method, path, { headers: { Authorization: `Bearer ${accessToken}` } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && error.code !== 'token_expired') {
      forget();
      throw new SessionEndedError();
    }
    throw error;
  }
}

/** A call that needs the access token; an expired one is refreshed once, then the call retried. */
export async function authorized(method, path) {
  try {
    return await sendWithAccessToken(method, path);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'token_expired') throw error;
  }
  await refresh();
  try {
    return await sendWithAccessToken(method, path);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'token_expired') {
      forget();
      throw new SessionEndedError();
    }
    throw error;
  }
}

/** Ends this session on the server (which also clears the cookies) and forgets the tokens. */
export async function signOut() {
  try {
    await authorized('POST', '/api/auth/logout');
  } catch (error) {
    if (!(error instanceof SessionEndedError)) throw error;
  } finally {
    forget();
  }
}
