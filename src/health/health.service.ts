import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { AppError } from '../common/errors/app-error.js';
import { RedisConnection } from '../redis/redis-connection.js';

/** How long a client should wait before it asks again; a dependency rarely returns faster. */
export const HEALTH_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  /** Every dependency's state; `service_unavailable` naming those that do not answer. */
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.indicators());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const down = Object.keys((error.getResponse() as HealthCheckResult).error ?? {});
      throw new AppError('service_unavailable', {
        detail: `Not answering: ${down.join(', ')}`,
        retryAfter: HEALTH_RETRY_AFTER_SECONDS,
      });
    }
  }

  private indicators(): HealthIndicatorFunction[] {
    const indicators: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database', { timeout: 2000 }),
    ];
    if (this.redis.enabled) indicators.push(() => this.pingRedis());
    return indicators;
  }

  /** Fails at once while the connection is down (commands are not queued), else on the reply. */
  private async pingRedis(): Promise<HealthIndicatorResult> {
    const redis = this.indicator.check('redis');
    try {
      await this.redis.command?.ping();
      return redis.up();
    } catch {
      return redis.down();
    }
  }
}
