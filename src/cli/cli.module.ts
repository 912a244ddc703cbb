import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CONFIG_MODULE_OPTIONS } from '../config/namespaces.js';
import { ChangeFeedModule } from '../database/change-feed/change-feed.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { ClockModule } from '../common/clock/clock.module.js';

/**
 * The modules the operator commands need, set up as the service sets them up: the same
 * configuration, database (migrations included), services, rules and hashing. No HTTP, and no
 * scheduled jobs (`ScheduleModule` is the service's alone), so a command ends when it is done.
 */
@Module({
  imports: [
    ConfigModule.forRoot(CONFIG_MODULE_OPTIONS),
    ClockModule,
    DatabaseModule,
    RedisModule,
    ChangeFeedModule,
    UsersModule,
    SessionsModule,
  ],
})
export class CliModule {}
