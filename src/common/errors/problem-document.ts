import { STATUS_CODES } from 'node:http';
import type { FieldError } from './app-error.js';
import type { ErrorCode } from './error-codes.js';

/** RFC 9457 problem document, as every error response carries it. */
export interface ProblemDocument {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  /** The request path; left out only where the server could not read one. */
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemDocument(
  status: number,
  code: ErrorCode,
  detail: string,
  instance: string | undefined,
  errors?: FieldError[],
): ProblemDocument {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance }),
    ...(errors ? { errors } : {}),
  };
}
