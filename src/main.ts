import 'reflect-metadata';
import { Logger, ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { configureApp, createHttpAdapter } from './app.setup.js';
import { appConfig } from './config/app.config.js';
import { loadEnvFile } from './config/env-file.js';
import { validateConfiguration } from './config/namespaces.js';

async function bootstrap(): Promise<void> {
  loadEnvFile();
  validateConfiguration();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), {
    bodyParser: false,
    // Nest's own start-up lines wait for pino, which the app's modules set up.
    bufferLogs: true,
    // A failure while starting (no Redis at REDIS_URL, say) reaches the handler below.
    abortOnError: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  await configureApp(app);
  // SIGTERM/SIGINT: stop taking requests, finish those in flight, run every module's shutdown
  // hooks (the database and other connections close), then exit 0.
  app.enableShutdownHooks([ShutdownSignal.SIGTERM, ShutdownSignal.SIGINT], {
    useProcessExit: true,
  });
  const { port } = appConfig();
  await app.listen(port, '0.0.0.0');
  Logger.log(`Listening on ${await app.getUrl()} (Swagger UI at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // A configuration error names the variable, never its value; anything else gets its stack.
  const message =
    error instanceof Error && error.name === 'ConfigurationError' ? error.message : error;
  Logger.error(message, 'Bootstrap');
  process.exit(1);
});
