import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** Every method and request header the API takes, so that a browser client may use them all. */
const METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];
const REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'];
/** Response headers a script may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'];

/**
 * CORS for the listed origins only, with credentials. Any other origin gets no CORS header at
 * all (not even `Access-Control-Allow-Credentials`), and its preflight is an ordinary `OPTIONS`.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  const allowed = new Set(origins);
  return {
    origin: (origin: string | undefined, callback: (error: null, allow: string | false) => void) =>
      callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: METHODS,
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  };
}
