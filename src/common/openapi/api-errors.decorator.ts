import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from '../errors/problem-document.js';
import { ProblemDto } from './problem.dto.js';

/** What any route that reads a JSON body answers to one it cannot take. */
export const JSON_BODY_ERRORS = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
] as const satisfies readonly ErrorCode[];

/**
 * Documents the problem responses a route can give, grouped by status, one example per code.
 * Method-level responses replace class-level ones of the same status, so each route lists all
 * of its codes itself.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = [...byStatus].map(([status, group]) =>
    ApiResponse({
      status,
      description: `${STATUS_CODES[status]}: ${group.map((code) => `\`${code}\``).join(', ')}`,
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { $ref: getSchemaPath(ProblemDto) },
          examples: Object.fromEntries(
            group.map((code) => [
              code,
              { value: problemDocument(status, code, ERROR_CODES[code].detail, '/api/…') },
            ]),
          ),
        },
      },
    }),
  );
  return applyDecorators(ApiExtraModels(ProblemDto), ...responses);
}

/** Any client error, for routes with no failure of their own (an oversized header, say). */
export function ApiClientErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status: '4XX',
      description: 'A client error, as a problem document',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
  );
}
