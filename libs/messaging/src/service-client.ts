/** Calls another service over NATS request/reply and turns its answer back into a value or a DomainError. */
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, Headers } from '@weop/contracts';
import type { Principal } from '@weop/contracts';
import { ErrorCode as NatsErrorCode, JSONCodec, headers as natsHeaders } from 'nats';
import type { NatsConnection, NatsError } from 'nats';
import type { Context } from '@weop/observability';
import { SpanKind, currentCorrelationId, injectTraceContext, recordSpanError, traceContext, trace, tracer } from '@weop/observability';
import type { Naming } from './naming';
import { natsHeaderSetter, natsSpanAttributes } from './trace-context';

export interface CallOptions {
  /** Defaults to the one in the current async context (services), else a new one. */
  correlationId?: string;
  principal?: Principal;
  clientAddress?: string;
  userAgent?: string;
  timeoutMs?: number;
  /** The trace the call belongs to. Defaults to the current async context's (services); the gateway passes its request's. */
  traceContext?: Context;
}

interface NestReply {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

const codec = JSONCodec();
const UNAVAILABLE = new Set<string>([NatsErrorCode.NoResponders, NatsErrorCode.Timeout, NatsErrorCode.ConnectionClosed, NatsErrorCode.Disconnect]);

export class ServiceUnavailableError extends DomainError {
  constructor(readonly service: string) {
    super(ErrorCode.SERVICE_UNAVAILABLE, 'The service is not available right now. Please try again shortly.');
  }
}

export class ServiceClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly naming: Naming,
    private readonly defaultTimeoutMs = 5000,
  ) {}

  async request<T>(subject: string, payload: unknown, options: CallOptions = {}): Promise<T> {
    const wireSubject = this.naming.rpc(subject);
    // A client span whose context travels in the headers; the service's RpcServer continues it.
    const span = tracer().startSpan(subject, { kind: SpanKind.CLIENT, attributes: natsSpanAttributes(wireSubject, 'send') }, options.traceContext);
    try {
      return await this.send<T>(subject, wireSubject, payload, options, trace.setSpan(options.traceContext ?? traceContext.active(), span));
    } catch (error) {
      recordSpanError(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  private async send<T>(subject: string, wireSubject: string, payload: unknown, options: CallOptions, spanContext: Context): Promise<T> {
    const h = natsHeaders();
    injectTraceContext(h, natsHeaderSetter, spanContext);
    h.set(Headers.correlationId, options.correlationId ?? currentCorrelationId() ?? randomUUID());
    if (options.principal) h.set(Headers.principal, JSON.stringify(options.principal));
    if (options.clientAddress) h.set(Headers.clientAddress, options.clientAddress);
    if (options.userAgent) h.set(Headers.userAgent, options.userAgent.slice(0, 256));
    let replyData: Uint8Array;
    try {
      const reply = await this.nc.request(
        wireSubject,
        codec.encode({ pattern: subject, data: payload ?? {}, id: randomUUID() }),
        { timeout: options.timeoutMs ?? this.defaultTimeoutMs, headers: h },
      );
      replyData = reply.data;
    } catch (error) {
      const code: string = (error as NatsError).code;
      // No responders (nobody subscribed), a timeout, or a closed connection: the caller cannot be served now.
      if (code === String(NatsErrorCode.MaxPayloadExceeded)) {
        throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'The request is too large to pass on.');
      }
      if (UNAVAILABLE.has(code)) {
        throw new ServiceUnavailableError(subject.split('.')[0]);
      }
      throw error;
    }
    const reply = codec.decode(replyData) as NestReply;
    if (reply.err !== undefined && reply.err !== null) {
      if (DomainError.isWire(reply.err)) throw DomainError.fromWire(reply.err);
      // Nest's own "There is no matching message handler" and similar: the service is there but cannot answer this.
      throw new ServiceUnavailableError(subject.split('.')[0]);
    }
    return reply.response as T;
  }
}
