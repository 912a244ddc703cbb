import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import metadata from './metadata.js';

/** The security scheme's name, as `@ApiBearerAuth()` refers to it by default. */
export const BEARER_SCHEME = 'bearer';

/** The published OpenAPI 3 document of every `/api` route. */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(metadata);
  const config = new DocumentBuilder()
    .setTitle('Auth service')
    .setDescription(
      'Sign-up, login, short-lived access tokens and rotating refresh tokens. ' +
        'In this page, "Try it out" on `POST /api/auth/login` (its example is the development ' +
        'admin) or `POST /api/auth/register` authorizes the returned access token by itself.',
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'The `access_token` of a token response from `POST /api/auth/login` or ' +
          '`POST /api/auth/register` (a new one from `POST /api/auth/refresh`), sent as ' +
          '`Authorization: Bearer <access_token>`. It expires after `expires_in` seconds.',
      },
      BEARER_SCHEME,
    )
    .build();
  // Handler names are unique verbs with their object (`login`, `listUsers`): they become the
  // function names of generated clients.
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  markPublicOperations(document);
  return document;
}

/** `@Public()` routes say so explicitly (`security: []`), so no client guesses a token is needed. */
function markPublicOperations(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.delete, path.patch]) {
      if (operation && !operation.security) operation.security = [];
    }
  }
}
