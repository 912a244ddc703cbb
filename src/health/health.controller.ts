import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../identity/public.decorator.js';
import { ApiClientErrors, ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  // Above `@HealthCheck()`, so that its problem document replaces Terminus' own 503 schema.
  @ApiErrors('service_unavailable')
  @HealthCheck()
  @ApiOperation({ summary: '200 when the database answers, else 503 naming what is down' })
  @ApiClientErrors()
  checkHealth(): Promise<HealthCheckResult> {
    return this.health.check();
  }
}
