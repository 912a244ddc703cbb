import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** Keys that could reach an object's prototype; always refused, at any depth. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Replaces Fastify's JSON parser: an empty body is no body, invalid JSON is `malformed_json`,
 * and prototype-pollution keys are refused as the unknown fields they are (`validation_failed`).
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
      const forbidden = new Set<string>();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text, (key: string, value: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) forbidden.add(key);
          return value;
        });
      } catch {
        return done(new AppError('malformed_json'), undefined);
      }
      if (forbidden.size > 0) {
        const errors = [...forbidden].map((field) => ({
          field,
          message: `${field} is not allowed`,
        }));
        return done(new AppError('validation_failed', { errors }), undefined);
      }
      done(null, parsed);
    },
  );
}
