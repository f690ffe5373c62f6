/** Runs each request's handler with its correlation id in context, so every service call carries it. */
import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { runWithContext } from '@weop/observability';

@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    return new Observable((subscriber) =>
      runWithContext({ correlationId: String(request.id) }, () => next.handle().subscribe(subscriber)),
    );
  }
}
