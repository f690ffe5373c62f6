/** What a controller passes to a service with each call: the caller, where the call came from, and its trace. */
import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@weop/contracts';
import type { CallOptions } from '@weop/messaging';
import { requestTraceContext } from './http-hooks';

/** The options of a call made for this request (what `@Call()` gives a handler). */
export function callOptionsOf(_data: unknown, ctx: ExecutionContext): CallOptions {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
  const ua = request.headers['user-agent'];
  return {
    correlationId: String(request.id),
    principal: request.user,
    clientAddress: request.ip,
    userAgent: typeof ua === 'string' ? ua : undefined,
    traceContext: requestTraceContext(request),
  };
}

/**
 * A handler parameter with the options every service call it makes must carry: without them the service
 * would see no caller, no client address and a correlation id of its own (call-options.spec checks that
 * every route takes it).
 */
export const Call = createParamDecorator(callOptionsOf);
