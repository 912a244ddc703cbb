import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { configureApp, createHttpAdapter } from '../src/app.setup.js';
import { ClaimsController } from './claims.controller.js';
import { reportUsageOnRequest } from './usage-reporter.js';

@Module({ imports: [AppModule], controllers: [ClaimsController] })
class BenchAppModule {}

const app = await NestFactory.create<NestFastifyApplication>(BenchAppModule, createHttpAdapter(), {
  bodyParser: false,
  logger: ['error', 'warn'],
});
reportUsageOnRequest();
await configureApp(app);
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
