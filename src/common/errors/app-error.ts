import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Seconds, sent as `Retry-After` (429, 503). */
  retryAfter?: number;
}

/** A failure the client caused or may act on; rendered as a problem document by the filter. */
export class AppError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    const { status, detail } = ERROR_CODES[code];
    super(options.detail ?? detail);
    this.name = 'AppError';
    this.status = status;
    this.detail = options.detail ?? detail;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }
}
