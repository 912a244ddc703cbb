import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { KeysModule } from '../keys/keys.module.js';
import { AuthEventsModule } from '../logging/auth-events.module.js';
import { RedisConnection } from '../redis/redis-connection.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CsrfGuard } from './guards/csrf.guard.js';
import { FreshTokenGuard } from './guards/fresh-token.guard.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { LocalStrategy } from './strategies/local.strategy.js';
import { AttemptLimiterStore } from './throttling/attempt-limiter.store.js';
import { LoginAttemptsService } from './throttling/login-attempts.service.js';
import { MemoryAttemptLimiterStore } from './throttling/memory-attempt-limiter.store.js';
import { RedisAttemptLimiterStore } from './throttling/redis-attempt-limiter.store.js';

@Module({
  imports: [
    PassportModule.register({ session: false }),
    KeysModule,
    UsersModule,
    SessionsModule,
    AuthEventsModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccessTokenService,
    LocalStrategy,
    JwtStrategy,
    LoginAttemptsService,
    {
      provide: AttemptLimiterStore,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) =>
        redis.enabled ? new RedisAttemptLimiterStore(redis) : new MemoryAttemptLimiterStore(),
    },
    // Global guards run in this order: who the caller is, then what they may do.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: FreshTokenGuard },
  ],
})
export class AuthModule {}
