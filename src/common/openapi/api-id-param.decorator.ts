import { ApiParam } from '@nestjs/swagger';

/** The `{id}` path parameter: a UUID (any other value is simply not found). */
export function ApiIdParam(description: string): MethodDecorator & ClassDecorator {
  return ApiParam({
    name: 'id',
    description,
    format: 'uuid',
    example: '3f1c3f7e-7d3b-4d6f-9a36-1b0c5d4e2a10',
  });
}
