import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from './auth/auth.module.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { appConfig } from './config/app.config.js';
import { authConfig } from './config/auth.config.js';
import { databaseConfig } from './config/database.config.js';
import { httpConfig } from './config/http.config.js';
import { jwtConfig } from './config/jwt.config.js';
import { passwordConfig } from './config/password.config.js';
import { throttleConfig } from './config/throttle.config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { KeysModule } from './keys/keys.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // The entry points load `.env` into the environment; each namespace validates its own.
      ignoreEnvFile: true,
      load: [
        appConfig,
        authConfig,
        databaseConfig,
        httpConfig,
        jwtConfig,
        passwordConfig,
        throttleConfig,
      ],
    }),
    ScheduleModule.forRoot(),
    DatabaseModule,
    KeysModule,
    AuthModule,
    UsersModule,
    SessionsModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
