/** Every `code` of the HTTP contract, with the status and title it is sent with. */
export const ERROR_CODES = {
  validation_failed: { status: 400, detail: 'The request is not valid' },
  weak_password: { status: 400, detail: 'The password is too easy to guess' },
  malformed_json: { status: 400, detail: 'The request body is not valid JSON' },
  bad_request: { status: 400, detail: 'The request is not valid' },
  token_missing: { status: 401, detail: 'An access token is required' },
  token_invalid: { status: 401, detail: 'The token is not valid' },
  token_expired: { status: 401, detail: 'The token has expired' },
  token_revoked: { status: 401, detail: 'The token has been revoked' },
  invalid_credentials: { status: 401, detail: 'The username or password is wrong' },
  refresh_token_reused: {
    status: 401,
    detail: 'The refresh token was already used; the session has been ended',
  },
  account_disabled: { status: 401, detail: 'The account is disabled' },
  fresh_token_required: {
    status: 401,
    detail: 'This action needs a token from a password login; log in again',
  },
  forbidden: { status: 403, detail: 'You are not allowed to do this' },
  csrf_failed: { status: 403, detail: 'The CSRF token is missing or does not match' },
  not_found: { status: 404, detail: 'Not found' },
  method_not_allowed: { status: 405, detail: 'The method is not allowed here' },
  username_taken: { status: 409, detail: 'The username is already taken' },
  last_admin: { status: 409, detail: 'The last enabled admin cannot be removed' },
  payload_too_large: { status: 413, detail: 'The request body is larger than 100 KiB' },
  uri_too_long: { status: 414, detail: 'The request path is too long' },
  unsupported_media_type: { status: 415, detail: 'The request body must be application/json' },
  header_too_large: { status: 431, detail: 'The request headers are too large' },
  too_many_requests: { status: 429, detail: 'Too many attempts; try again later' },
  internal_error: { status: 500, detail: 'Something went wrong on our side' },
  service_unavailable: { status: 503, detail: 'The service is not available' },
} as const satisfies Record<string, { status: number; detail: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
