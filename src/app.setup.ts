import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { closeConnectionsOnShutdown } from './common/http/close-connections-on-shutdown.js';
import { registerJsonBodyParser } from './common/http/json-body-parser.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { authConfig } from './config/auth.config.js';
import { httpConfig } from './config/http.config.js';
import { createOpenApiDocument } from './openapi.js';

/** 100 KiB: the contract's body limit (413 beyond it). */
export const BODY_LIMIT_BYTES = 102_400;

export function createHttpAdapter(): FastifyAdapter {
  const { trustedProxyHops } = httpConfig();
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Trust the nearest N hops: the client is then the N-th address from the right of
    // X-Forwarded-For; with 0 it is the socket address and the header is ignored.
    trustProxy: (_address: string, hop: number) => hop < trustedProxyHops,
    // While shutting down: new requests get 503, idle kept-alive connections are closed at once.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  closeConnectionsOnShutdown(adapter.getInstance());
  return adapter;
}

/** Everything about the HTTP surface that is not a module: shared by `main.ts` and the tests. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const { corsOrigins } = httpConfig();
  // JSON only: anything else with a body is 415.
  registerJsonBodyParser(app.getHttpAdapter().getInstance());

  app.setGlobalPrefix('api', { exclude: ['health', '.well-known/jwks.json'] });
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  if (authConfig().cookies.enabled) await app.register(fastifyCookie);
  if (corsOrigins.length > 0) app.enableCors({ origin: corsOrigins, credentials: true });

  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
