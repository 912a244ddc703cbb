import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { instanceOf, sendProblem } from '../errors/send-problem.js';

interface RouteMethod {
  path: RegExp;
  method: string;
}

/** A route path (`/api/users/:id`, `/docs/*`) as a RegExp over request paths. */
function routePathPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * 405 `method_not_allowed` with `Allow` for a path that exists under other methods, instead
 * of the router's 404; and for an `OPTIONS` that is not a CORS preflight of an allowed origin
 * (those are answered earlier, by the CORS hook). A path no route serves stays 404.
 * Call before any route is registered: routes are collected as they are added.
 */
export function registerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: RouteMethod[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // OPTIONS routes only serve CORS preflights; HEAD is served for every GET.
      if (method === 'OPTIONS' || method === 'HEAD') continue;
      const path = routePathPattern(route.url);
      routes.push({ path, method });
      if (method === 'GET') routes.push({ path, method: 'HEAD' });
    }
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404 && request.method !== 'OPTIONS') return done();
    const path = instanceOf(request.url);
    const allow = [...new Set(routes.filter((r) => r.path.test(path)).map((r) => r.method))];
    if (allow.length === 0) return done();
    // Sent here rather than passed to `done`: the preflight route of the CORS plugin is added
    // before Nest installs its error handler, so an error there would skip the problem format.
    sendProblem(reply, new AppError('method_not_allowed', { allow }), request.url);
  });
}
