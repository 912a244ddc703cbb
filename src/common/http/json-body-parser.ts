import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isObjectMemberName } from './object-member-names.js';
import { isStorableText } from './storable-text.js';

/** What is wrong with one key or value of a parsed body, if anything. */
function problemWith(key: string, value: unknown): [field: string, message: string] | undefined {
  if (isObjectMemberName(key)) return [key, `${key} is not allowed`];
  if (!isStorableText(key)) {
    return ['body', 'field names must be valid Unicode text without U+0000'];
  }
  if (typeof value === 'string' && !isStorableText(value)) {
    return [key || 'body', `${key || 'body'} must be valid Unicode text without U+0000`];
  }
  return undefined;
}

/** Every `charset` parameter of a `Content-Type`, quoted or not, lower-cased. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi;

/** The labels of UTF-8 that clients send (WHATWG Encoding). */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/** Whether a JSON body is declared in UTF-8 (or in no charset, which for JSON means UTF-8). */
function isUtf8(contentType: string | undefined): boolean {
  for (const [, quoted, bare] of (contentType ?? '').matchAll(CHARSET_PARAMETER)) {
    if (!UTF8_LABELS.has((quoted ?? bare).toLowerCase())) return false;
  }
  return true;
}

/**
 * Replaces Fastify's JSON parser: a body declared in a charset other than UTF-8 is
 * `unsupported_media_type` (it would be read as UTF-8 otherwise); an empty body is no body,
 * invalid JSON is `malformed_json`; object member names (`__proto__`, `toString`, ...) are
 * refused at any depth as the unknown fields they are, and so is text that is not valid Unicode
 * (a lone surrogate escape such as `"\ud800"`), which validators and hashing would otherwise
 * trip over or silently change, or that holds U+0000, which PostgreSQL cannot store
 * (`validation_failed`).
 * Other content types are left without a parser, so they get 415.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (!isUtf8(request.headers['content-type'])) {
      const detail = 'The request body must be application/json in UTF-8';
      return done(new AppError('unsupported_media_type', { detail }), undefined);
    }
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
  });
}
