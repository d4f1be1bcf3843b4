import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SpaIndex } from '../spa-index';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields?: { path: string; message: string }[];
}

/**
 * The single place errors become responses: always JSON `{ statusCode, error, message }`,
 * never a stack trace. Unknown errors are logged (without request bodies) and answered 500.
 * Unknown non-API GETs get the console's index.html so deep links into the SPA work.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly spaIndex: SpaIndex) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);

    if (body.statusCode === 404 && this.spaIndex.shouldServe(request)) {
      void reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.spaIndex.html());
      return;
    }
    if (reply.sent) return;
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    // Fastify's own 4xx errors (bad JSON, body too large, wrong content type) arrive here already
    // mapped to HttpException by the Nest adapter, so this one branch covers them too.
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const error = STATUS_CODES[statusCode] ?? 'Error';
      if (typeof response === 'string') return { statusCode, error, message: response };
      const r = response as { message?: unknown; fields?: ErrorBody['fields'] };
      const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error);
      return { statusCode, error, message: statusCode === 404 && message.startsWith('Cannot ') ? `No route ${request.method} ${request.url.split('?')[0]}` : message, ...(r.fields ? { fields: r.fields } : {}) };
    }
    this.logger.error(`${request.method} ${request.url.split('?')[0]} failed: ${describe(exception)}`);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error; the server log has the details' };
  }
}

/** Class name and first line only: stacks stay out of responses, and long messages out of logs. */
function describe(exception: unknown): string {
  if (exception instanceof Error) return `${exception.name}: ${exception.message.split('\n')[0].slice(0, 500)}`;
  return String(exception).slice(0, 200);
}
