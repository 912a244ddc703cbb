import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { instanceOf, sendProblem } from './send-problem.js';
import { toAppError } from './to-app-error.js';

/** Renders every error as an RFC 9457 problem document; nothing internal reaches the client. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception) ?? this.internalError(exception, request);
    sendProblem(reply, error, request.url);
  }

  private internalError(exception: unknown, request: FastifyRequest): AppError {
    this.logger.error(
      `Unhandled error on ${request.method} ${instanceOf(request.url)}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return new AppError('internal_error');
  }
}
