import type { ExecutionContext, Type } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';

const pipe = createValidationPipe();

/**
 * Passport guards run before pipes: a guard that reads the body validates it first, so a
 * malformed body is 400 `validation_failed`, not an authentication failure.
 */
export async function validateBody(context: ExecutionContext, dto: Type): Promise<void> {
  const request = context.switchToHttp().getRequest<{ body: unknown }>();
  request.body = await pipe.transform(request.body ?? {}, { type: 'body', metatype: dto });
}
