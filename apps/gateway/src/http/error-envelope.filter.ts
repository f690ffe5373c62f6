/**
 * Every error answer has the envelope of API.md: `{error: {code, message, details}, correlationId}`.
 * Domain errors keep their code; Nest and Fastify errors are given one; anything unexpected is
 * logged (without its message, which may hold personal data) and answered as a plain 500.
 */
import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import type { ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@weop/contracts';
import { safeError } from '@weop/observability';
import { httpStatusFor } from './error-status';
import { API_SECURITY_HEADERS, requestLogFields } from './http-hooks';
import type { RequestLogFields } from './http-hooks';

/** The gateway's router refuses a path parameter longer than this (Fastify's `maxParamLength`, set in gateway.app.ts); no id comes near it. */
export const MAX_PATH_PARAMETER_LENGTH = 100;

export interface ErrorBody {
  error: { code: string; message: string; details: unknown[] };
  correlationId: string;
}

const BY_HTTP_STATUS: Record<number, [string, string]> = {
  400: [ErrorCode.VALIDATION_FAILED, 'The request is not valid.'],
  401: [ErrorCode.AUTH_REQUIRED, 'Sign in to do this.'],
  403: [ErrorCode.FORBIDDEN, 'You are not allowed to do this.'],
  404: [ErrorCode.NOT_FOUND, 'There is nothing here.'],
  405: [ErrorCode.NOT_FOUND, 'There is nothing here.'],
  409: [ErrorCode.CONFLICT, 'This conflicts with the current state.'],
  413: [ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large (the limit is 1 MB).'],
  415: [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (Content-Type: application/json), or multipart/form-data where a call takes a file.'],
  429: [ErrorCode.RATE_LIMITED, 'Too many requests. Please slow down.'],
  503: [ErrorCode.SERVICE_UNAVAILABLE, 'The service is not available right now.'],
};

/**
 * Turns any thrown value into a status and an envelope. `request` is what a log line about it names: the
 * correlation id (also in the answer) and, when traces are on, the trace id (http-hooks `requestLogFields`).
 */
export function toErrorResponse(exception: unknown, request: RequestLogFields, logger: Logger): { status: number; body: ErrorBody; retryAfter?: number } {
  const { correlationId } = request;
  if (exception instanceof DomainError) {
    const status = httpStatusFor(exception.code);
    if (status >= 500 && exception.code === ErrorCode.INTERNAL) logger.error({ ...request, code: exception.code }, 'a service answered INTERNAL');
    return {
      status,
      body: { error: { code: exception.code, message: exception.message, details: [...exception.details] }, correlationId },
      retryAfter: exception.retryAfterSeconds,
    };
  }
  // Refused by Fastify's router before any route ran (frameworkErrors, gateway.app.ts). The message names no part of the URL.
  const routerCode = (exception as { code?: unknown })?.code;
  if (routerCode === 'FST_ERR_MAX_PARAM_LENGTH' || routerCode === 'FST_ERR_BAD_URL') {
    const problem = routerCode === 'FST_ERR_BAD_URL' ? 'is not a valid URL (a percent-encoding is broken)' : `has a segment longer than ${MAX_PATH_PARAMETER_LENGTH} characters`;
    return { status: 400, body: { error: { code: ErrorCode.VALIDATION_FAILED, message: 'The request is not valid.', details: [{ field: 'path', problem }] }, correlationId } };
  }
  if (exception instanceof ThrottlerException) {
    return { status: 429, body: { error: { code: ErrorCode.RATE_LIMITED, message: 'Too many requests. Please slow down.', details: [] }, correlationId } };
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { statusCode?: unknown })?.statusCode === 'number'
        ? (exception as { statusCode: number }).statusCode
        : 500;
  const known = BY_HTTP_STATUS[status];
  if (status < 500 && known) {
    // Fastify's JSON parse errors and the like: say what failed without echoing internals.
    const fastifyCode = (exception as { code?: unknown })?.code;
    const message =
      fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || (status === 400 && /JSON/i.test(String((exception as Error)?.message)))
        ? 'The body is not valid JSON.'
        : fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The body is empty; send a JSON object.'
          : known[1];
    return { status, body: { error: { code: known[0], message, details: [] }, correlationId } };
  }
  if (status >= 500 && known) {
    return { status, body: { error: { code: known[0], message: known[1], details: [] }, correlationId } };
  }
  if (status >= 400 && status < 500) {
    // Any other refusal of the request itself (URI or headers too long, …) stays a 4xx.
    return { status, body: { error: { code: ErrorCode.REQUEST_REJECTED, message: 'The request was refused.', details: [] }, correlationId } };
  }
  logger.error({ ...request, error: safeError(exception) }, 'unexpected error');
  return {
    status: 500,
    body: { error: { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side. Please try again.', details: [] }, correlationId },
  };
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before a route, a hook or Nest runs (a path
 * parameter over MAX_PATH_PARAMETER_LENGTH characters, a broken percent-encoding) is answered like any
 * other error: the envelope, the correlation id, the API's security headers. Without it Fastify wrote
 * its own JSON, with the URL in it.
 */
const routerErrorLogger = new Logger('http');
export function answerRouterError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(error, { correlationId: String(request.id) }, routerErrorLogger);
  void reply.status(status).headers(API_SECURITY_HEADERS).header('x-correlation-id', request.id).header('content-type', 'application/json; charset=utf-8').send(body);
}

@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { status, body, retryAfter } = toErrorResponse(exception, requestLogFields(request), this.logger);
    if (status === 429) void reply.header('retry-after', String(retryAfter ?? reply.getHeader('retry-after') ?? 60));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
