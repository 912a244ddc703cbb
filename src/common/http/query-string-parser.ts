import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.js';
import { sendProblem } from '../errors/send-problem.js';
import { isObjectMemberName } from './object-member-names.js';
import { isStorableText } from './storable-text.js';

export type Query = Record<string, string | string[]>;

/** A `%` that does not start an escape: the query cannot be read at all. */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** Why a parsed query is refused, kept beside it: the router's parser cannot answer itself. */
const refusals = new WeakMap<Query, AppError>();

/**
 * The text of a key or value; `undefined` when its escapes are not UTF-8 (a lone surrogate) or
 * spell U+0000.
 */
function decode(text: string): string | undefined {
  try {
    const decoded = decodeURIComponent(text.replaceAll('+', ' '));
    return isStorableText(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fastify's `querystringParser`, held to the rules of bodies: the result has no prototype;
 * object member names (`__proto__`, `toString`, ...) and text that is not valid UTF-8 or holds
 * U+0000 are `validation_failed`; a broken escape (`%zz`) is `bad_request`. A repeated key gives an array,
 * which the DTO refuses where it expects one value.
 */
export function parseQueryString(text: string): Query {
  const query: Query = Object.create(null) as Query;
  if (BROKEN_ESCAPE.test(text)) {
    refusals.set(query, new AppError('bad_request', { detail: 'The query string is not valid' }));
    return query;
  }
  const errors: FieldError[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = decode(equals === -1 ? '' : pair.slice(equals + 1));
    if (key === undefined) {
      errors.push({
        field: 'query',
        message: 'query parameter names must be valid Unicode text without U+0000',
      });
    } else if (isObjectMemberName(key)) {
      errors.push({ field: key, message: `property ${key} should not exist` });
    } else if (value === undefined) {
      errors.push({ field: key, message: `${key} must be valid Unicode text without U+0000` });
    } else {
      const previous = query[key];
      query[key] = previous === undefined ? value : [previous, value].flat();
    }
  }
  if (errors.length > 0) refusals.set(query, new AppError('validation_failed', { errors }));
  return query;
}

/** Answers a request whose query `parseQueryString` refused, before anything reads it. */
export function registerQueryRefusal(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = request.is404 ? undefined : refusals.get(request.query as Query);
    if (!refusal) return done();
    sendProblem(reply, refusal, request.url);
  });
}
