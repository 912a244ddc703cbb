import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request, { type Response } from 'supertest';

export const ADMIN = { username: 'admin', password: 'test-admin-password-9f2c' };

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  user: {
    id: string;
    username: string;
    roles: string[];
    email: string | null;
    name: string | null;
    createdAt: string;
    updatedAt: string;
  };
}

export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A password no common-password list has. */
export function strongPassword(): string {
  return `pw-${randomBytes(9).toString('base64url')}`;
}

/**
 * Thin helpers over supertest for the calls most tests make (`server` may be given lazily, or as
 * the base URL of a service running in another process).
 */
export function api(server: Server | string | (() => Server)) {
  const http = () => request(typeof server === 'function' ? server() : server);
  return {
    http,
    async register(overrides: Record<string, unknown> = {}) {
      const body = { username: uniqueUsername(), password: strongPassword(), ...overrides };
      const response = await http().post('/api/auth/register').send(body);
      return { response, body, tokens: response.body as TokenResponse };
    },
    async login(username: string, password: string, headers: Record<string, string> = {}) {
      const response = await http()
        .post('/api/auth/login')
        .set(headers)
        .send({ username, password });
      return { response, tokens: response.body as TokenResponse };
    },
    async loginAsAdmin() {
      const { response, tokens } = await this.login(ADMIN.username, ADMIN.password);
      if (response.status !== 200) throw new Error(`admin login failed: ${response.status}`);
      return tokens;
    },
    refresh(refreshToken: string) {
      return http().post('/api/auth/refresh').send({ refresh_token: refreshToken });
    },
    get(path: string, accessToken?: string) {
      const call = http().get(path);
      return accessToken ? call.set('Authorization', `Bearer ${accessToken}`) : call;
    },
    send(method: 'post' | 'patch' | 'delete', path: string, accessToken?: string, body?: object) {
      const call = http()[method](path);
      if (accessToken) call.set('Authorization', `Bearer ${accessToken}`);
      return body === undefined ? call : call.send(body);
    },
  };
}

export type Api = ReturnType<typeof api>;

/** The checks every error response must pass: problem document, no secrets. */
export function expectProblem(response: Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'about:blank', status, code });
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  expectNoSecrets(response);
}

/** A protected route refusing an access token: problem document plus the RFC 6750 challenge. */
export function expectRefusedAccess(response: Response, code: string): void {
  expectProblem(response, 401, code);
  expect(response.headers['www-authenticate']).toBe(
    code === 'token_missing' ? 'Bearer' : 'Bearer error="invalid_token"',
  );
}

/** No password hash, no stack trace in any body. */
export function expectNoSecrets(response: Response): void {
  const text = response.text ?? '';
  expect(text).not.toMatch(/\$2[aby]\$\d\d\$/);
  expect(text).not.toMatch(/passwordHash/i);
  expect(text).not.toMatch(/\n\s+at /);
}

/** A JSON success: status, content type, and no secrets in the body. */
export function expectJson(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expectNoSecrets(response);
}

/** 400 `validation_failed` whose `errors` name `field`. */
export function expectValidationError(response: Response, field: string): void {
  expectProblem(response, 400, 'validation_failed');
  expect(Array.isArray(response.body.errors)).toBe(true);
  for (const error of response.body.errors) {
    expect(typeof error.field).toBe('string');
    expect(typeof error.message).toBe('string');
  }
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
}
