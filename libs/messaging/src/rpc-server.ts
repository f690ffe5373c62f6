/**
 * The NATS request/reply server every service runs: Nest's NATS transport, with each handler's
 * subject put under the deployment's namespace, a queue group per service (replicas share the load)
 * and the caller's correlation id set for everything the handler does and logs. The caller's trace
 * context (W3C `traceparent` header) becomes the parent of a server span that lasts until the reply is sent.
 */
import { DomainError, ErrorCode, Headers } from '@weop/contracts';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import type { ReadPacket, WritePacket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { isObservable } from 'rxjs';
import { JSONCodec } from 'nats';
import type { Msg, MsgHdrs, NatsConnection, NatsError } from 'nats';
import { SpanKind, acceptCorrelationId, extractTraceContext, recordSpanError, runWithContext, safeError, tracer, withSpan } from '@weop/observability';
import type { Metrics } from '@weop/observability';
import type { Naming } from './naming';
import { natsServerOptions } from './nats-url';
import { INTERNAL_WIRE_ERROR } from './rpc-errors';
import { natsHeaderGetter, natsSpanAttributes } from './trace-context';

const pingCodec = JSONCodec();
/** The answer to a request that is not JSON: what the platform says of any invalid request. */
const notJson = pingCodec.encode({
  err: new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'body', problem: 'must be JSON' }]).toWire(),
  isDisposed: true,
});

export interface RpcServerOptions {
  natsUrl: string;
  naming: Naming;
  /** The queue group: the service's name. */
  service: string;
  metrics?: Metrics;
}

export class RpcServer extends ServerNats {
  constructor(private readonly rpc: RpcServerOptions) {
    super({ ...natsServerOptions(rpc.natsUrl), queue: rpc.service, name: `${rpc.service}-rpc`, gracefulShutdown: true, gracePeriod: 2000, noAsyncTraces: true });
    // Nest's event path (a message without an id, which no caller of ours sends) still runs in the caller's context.
    this.setOnProcessingStartHook((_transport, context, done) => {
      const headers = (context as NatsContext).getHeaders() as MsgHdrs | undefined;
      runWithContext({ correlationId: acceptCorrelationId(headers?.get(Headers.correlationId)) }, () => {
        done().catch((error: unknown) => {
          this.logger.error({ error: safeError(error) }, 'event processing failed');
        });
      });
    });
  }

  /** Nest's subscription callback is an async wrapper; a failure here is logged, never left as an unhandled rejection. */
  override getMessageHandler(channel: string): (error: NatsError | null, msg: Msg) => void {
    return (error: NatsError | null, msg: Msg) => {
      if (error) {
        this.logger.error(error);
        return;
      }
      this.handleMessage(channel, msg).catch((failure: unknown) => {
        this.logger.error({ error: safeError(failure) }, 'request processing failed');
      });
    };
  }

  /**
   * Nest's dispatch of a request (`ServerNats.handleMessage`), in fewer steps. The caller's correlation id
   * is set for everything the handler does and logs, its trace context becomes the parent of a server span
   * that ends with the reply, and the reply goes out as soon as the handler's promise settles, in the packet
   * Nest would send (`{ response, isDisposed: true, id }`).
   *
   * Nest's own way turns each answer into an RxJS stream, sends it on the next tick and wraps each step in
   * an async function. Each of those is a promise, and in a service (where AsyncLocalStorage, ours and
   * MikroORM's, has turned on the promise hooks) every promise is a hook call. That was 16 of identity's 75
   * promises on a profile read, and about 4.5 % of its CPU (docs/performance.md, twelfth session). A handler
   * that answers with an Observable, and every error (the exception filter answers with one), still go
   * through Nest's `send`. A message that is not JSON is answered as an invalid request, where Nest's dispatch left a
   * rejected promise that nothing handled.
   */
  override handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const subject = natsMsg.subject;
    const headers = natsMsg.headers;
    const natsCtx = new NatsContext([subject, headers]);
    let message: { id?: string; data?: unknown };
    try {
      // The default deserializer (JSON), which answers at once; no custom one is set on this server.
      message = this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply }) as { id?: string; data?: unknown };
    } catch {
      if (natsMsg.reply) natsMsg.respond(notJson);
      return Promise.resolve();
    }
    if (message.id === undefined) return this.handleEvent(channel, message as ReadPacket, natsCtx);
    const publish = super.getPublisher(natsMsg, message.id, natsCtx) as (packet: unknown) => unknown;
    const handler = this.getHandlerByPattern(channel);
    if (!handler) {
      publish({ id: message.id, status: 'error', err: NO_MESSAGE_HANDLER });
      return Promise.resolve();
    }

    const stopTimer = this.rpc.metrics?.requestDuration.startTimer({ subject });
    const parent = extractTraceContext(headers, natsHeaderGetter);
    const span = tracer().startSpan(
      this.operationOf(subject),
      { kind: SpanKind.SERVER, attributes: { ...natsSpanAttributes(subject, 'process'), 'weop.service': this.rpc.service } },
      parent,
    );
    let ended = false;
    const finish = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      if (error !== undefined) recordSpanError(span, error);
      span.end();
    };
    const answer = (packet: WritePacket): void => {
      try {
        publish(packet);
      } catch (error) {
        finish(error);
        throw error;
      }
      finish(packet.err);
    };
    const correlationId = acceptCorrelationId(headers?.get(Headers.correlationId));
    return withSpan(span, () =>
      runWithContext({ correlationId }, () =>
        (handler(message.data, natsCtx) as Promise<unknown>).then((result) => {
          if (isObservable(result)) {
            this.send(result, answer);
          } else {
            try {
              answer({ response: result, isDisposed: true });
            } catch (error) {
              // An answer that cannot be written (a BigInt, a cycle): the caller hears INTERNAL now, not a timeout.
              this.logger.error({ error: safeError(error) }, 'the answer could not be sent');
              publish({ err: INTERNAL_WIRE_ERROR, isDisposed: true });
            }
          }
          stopTimer?.({ outcome: 'answered' });
        }),
      ).catch((error: unknown) => {
        stopTimer?.({ outcome: 'failed' });
        finish(error);
        throw error;
      }),
    parent);
  }

  /**
   * Our patterns are plain subjects, found as they are. Nest's own lookup first tries `JSON.parse` on
   * every pattern, which throws (an Error with a stack) for a subject: a few percent of a service's CPU
   * on a short request (docs/performance.md, issue 2). Anything else still goes through Nest's lookup.
   */
  override getHandlerByPattern(pattern: string): ReturnType<ServerNats['getHandlerByPattern']> {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /** `identity.profile.get` from `<namespace>.rpc.identity.profile.get`: the span's name, the same on every deployment. */
  private operationOf(wireSubject: string): string {
    const subject = this.rpc.naming.unprefixEvent(wireSubject);
    return subject.startsWith('rpc.') ? subject.slice(4) : subject;
  }

  override bindEvents(client: NatsConnection): void {
    // Every service answers its health ping, so the gateway's readiness can ask each one.
    const ping = client.subscribe(this.rpc.naming.rpc(`${this.rpc.service}.health.ping`), {
      queue: this.rpc.service,
      callback: (_err, msg) => {
        if (msg.reply) msg.respond(pingCodec.encode({ response: { status: 'up', service: this.rpc.service }, isDisposed: true }));
      },
    });
    (this as unknown as { subscriptions: unknown[] }).subscriptions.push(ping);
    for (const channel of this.messageHandlers.keys()) {
      const subscription = client.subscribe(this.rpc.naming.rpc(channel), {
        queue: this.rpc.service,
        callback: this.getMessageHandler(channel),
      });
      (this as unknown as { subscriptions: unknown[] }).subscriptions.push(subscription);
    }
  }
}
