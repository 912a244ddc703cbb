import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isObjectMemberName } from './object-member-names.js';

/** What is wrong with one key or value of a parsed body, if anything. */
function problemWith(key: string, value: unknown): [field: string, message: string] | undefined {
  if (isObjectMemberName(key)) return [key, `${key} is not allowed`];
  if (!key.isWellFormed()) return ['body', 'field names must be valid Unicode text'];
  if (typeof value === 'string' && !value.isWellFormed()) {
    return [key || 'body', `${key || 'body'} must be valid Unicode text`];
  }
  return undefined;
}

/**
 * Replaces Fastify's JSON parser: an empty body is no body, invalid JSON is `malformed_json`;
 * object member names (`__proto__`, `toString`, ...) are refused at any depth as the unknown
 * fields they are, and so is text that is
 * not valid Unicode (a lone surrogate escape such as `"\ud800"`), which validators and hashing
 * would otherwise trip over or silently change (`validation_failed`).
 * Other content types are left without a parser, so they get 415.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      const problems = new Map<string, string>();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text, (key: string, value: unknown) => {
          const problem = problemWith(key, value);
          if (problem) problems.set(...problem);
          return value;
        });
      } catch {
        return done(new AppError('malformed_json'), undefined);
      }
      if (problems.size > 0) {
        const errors = [...problems].map(([field, message]) => ({ field, message }));
        return done(new AppError('validation_failed', { errors }), undefined);
      }
      done(null, parsed);
    },
  );
}
