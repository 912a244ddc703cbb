import type { Type } from '@nestjs/common';
import { createValidationPipe } from '../common/validation/validation.pipe.js';

/** Checks options against a request DTO with the API's own pipe: the same rules, same messages. */
export function validateInput<T>(dto: Type<T>, value: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return createValidationPipe().transform(defined, { type: 'body', metatype: dto }) as Promise<T>;
}
