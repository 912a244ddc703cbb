import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorFunction,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { AppError } from '../common/errors/app-error.js';

/** How long a client should wait before it asks again; a dependency rarely returns faster. */
export const HEALTH_RETRY_AFTER_SECONDS = 5;

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
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
    return [() => this.database.pingCheck('database', { timeout: 2000 })];
  }
}
