import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Headers = ReadonlyArray<readonly [string, string]>;

/** The headers a helmet configuration sets, computed once instead of on every request. */
function helmetHeaders(options: HelmetOptions): Headers {
  const headers: Array<[string, string]> = [];
  const response = {
    setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(options)({} as IncomingMessage, response, () => undefined);
  return headers;
}

/**
 * JSON answers are never rendered: nothing may load, nothing may frame them. Only the headers
 * that mean something for an API response (the OWASP REST set); the ones that only affect HTML
 * documents or retired browsers are left to the pages, which send every helmet header.
 */
export const API_HEADERS = helmetHeaders({
  frameguard: { action: 'deny' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

/** The browser page and Swagger UI: scripts and styles from this origin only. */
const PAGE_HEADERS = helmetHeaders({
  frameguard: { action: 'deny' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Swagger UI sets inline styles on its elements.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

function isPage(url: string): boolean {
  return (
    url === '/' ||
    url.startsWith('/?') ||
    url.startsWith('/page/') ||
    url === '/docs' ||
    url.startsWith('/docs/')
  );
}

/** helmet's headers for a response to `url`: the strict page policy on `/`, its assets and `/docs`. */
export function applySecurityHeaders(reply: FastifyReply, url: string): void {
  for (const [name, value] of isPage(url) ? PAGE_HEADERS : API_HEADERS) reply.header(name, value);
}

/** On every response, errors and 404s included (an `onRequest` hook runs for all of them). */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(reply, request.url);
    done();
  });
}
