import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/app-error.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from '../errors/problem-document.js';
import { instanceOf, sendProblem } from '../errors/send-problem.js';
import { toAppError } from '../errors/to-app-error.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { API_HEADERS, applySecurityHeaders } from './security-headers.js';

/**
 * Fastify's `frameworkErrors`: the router refuses a URL (broken percent-encoding, a route
 * parameter over `maxParamLength`) before any hook runs, so the headers every response carries
 * are set here, and the error goes through the one problem-document path.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.header(REQUEST_ID_HEADER, request.id);
  applySecurityHeaders(reply, request.url);
  sendProblem(reply, toAppError(error) ?? new AppError('bad_request'), request.url);
}

/** The path of the request line in what Node could read of the request, if it has one. */
function requestPath(rawPacket: unknown): string | undefined {
  // Node hands over a Buffer, whatever Fastify's types say.
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const line = /^[A-Z]+ (\/[\x21-\x7e]*) HTTP\/1\.[01]\r?\n/.exec(rawPacket.toString('latin1'));
  return line ? instanceOf(line[1]) : undefined;
}

function clientErrorToAppError(error: ConnectionError): AppError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('header_too_large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      // Not read in time: the request is unreadable, with the status that says why.
      return new AppError('bad_request', {
        status: 408,
        detail: 'The request did not arrive in time',
      });
    default:
      return new AppError('bad_request', { detail: 'The request cannot be read' });
  }
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`): the HTTP parser refused the request
 * (oversized header section, control bytes, bad framing) or it did not arrive in time, so no
 * request or reply exists. The problem document is written to the socket by hand, with the
 * API's security headers and a new request id, and the connection is closed, as Node does.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = clientErrorToAppError(error);
    const body = JSON.stringify(
      problemDocument(problem.status, problem.code, problem.detail, requestPath(error.rawPacket)),
    );
    const headers = [
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      `${REQUEST_ID_HEADER}: ${randomUUID()}`,
      ...API_HEADERS.map(([name, value]) => `${name}: ${value}`),
      'Connection: close',
    ];
    socket.write(`${headers.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy();
}
