import fastifyCookie from '@fastify/cookie';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { PinoLogger } from 'nestjs-pino';
import { corsOptions } from './common/http/cors.js';
import { answerClientError, answerFrameworkError } from './common/http/framework-errors.js';
import { registerJsonBodyParser } from './common/http/json-body-parser.js';
import { registerMethodNotAllowed } from './common/http/method-not-allowed.js';
import { parseQueryString, registerQueryRefusal } from './common/http/query-string-parser.js';
import { registerRequestIdHeader, requestIdOf } from './common/http/request-id.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { registerShutdownDrain } from './common/http/shutdown-drain.js';
import { authorizeIssuedAccessToken } from './common/openapi/swagger-ui-authorize.js';
import { authConfig } from './config/auth.config.js';
import { httpConfig } from './config/http.config.js';
import { registerRequestLog } from './logging/request-log.js';
import { createOpenApiDocument } from './openapi.js';
import { registerPage } from './page/register-page.js';

/** 100 KiB: the contract's body limit (413 beyond it). */
export const BODY_LIMIT_BYTES = 102_400;

export function createHttpAdapter(): FastifyAdapter {
  const { trustedProxyHops, requestTimeoutMs } = httpConfig();
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A request must arrive whole (headers and body) in time, or it gets 408 and the connection
    // closes (slow loris). Node looks for late requests once per `connectionsCheckingInterval`.
    requestTimeout: requestTimeoutMs,
    http: {
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
    },
    // Trust the nearest N hops: the client is then the N-th address from the right of
    // X-Forwarded-For; with 0 it is the socket address and the header is ignored.
    trustProxy: (_address: string, hop: number) => hop < trustedProxyHops,
    genReqId: requestIdOf,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    routerOptions: { querystringParser: parseQueryString },
    // On shutdown, idle kept-alive connections close at once; requests still arriving get a 503
    // problem document from `registerShutdownDrain`, not Fastify's plain one.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  });
}

/** Everything about the HTTP surface that is not a module: shared by `main.ts` and the tests. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const { corsOrigins } = httpConfig();
  // JSON only: anything else with a body is 415.
  registerJsonBodyParser(app.getHttpAdapter().getInstance());

  app.setGlobalPrefix('api', { exclude: ['health', '.well-known/jwks.json'] });
  registerRequestIdHeader(app.getHttpAdapter().getInstance());
  registerRequestLog(app.getHttpAdapter().getInstance(), PinoLogger.root);
  registerSecurityHeaders(app.getHttpAdapter().getInstance());
  registerShutdownDrain(app.getHttpAdapter().getInstance());
  registerMethodNotAllowed(app.getHttpAdapter().getInstance());
  registerQueryRefusal(app.getHttpAdapter().getInstance());
  if (authConfig().cookies.enabled) await app.register(fastifyCookie);
  if (corsOrigins.length > 0) app.enableCors(corsOptions(corsOrigins));

  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    // No persistAuthorization: it would keep the token in localStorage, which the page on this
    // origin never uses for tokens; a login in "Try it out" authorizes by itself instead.
    swaggerOptions: { responseInterceptor: authorizeIssuedAccessToken },
  });
  await registerPage(app);
}
