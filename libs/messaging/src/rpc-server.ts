/**
 * The NATS request/reply server every service runs: Nest's NATS transport, with each handler's
 * subject put under the deployment's namespace, a queue group per service (replicas share the load)
 * and the caller's correlation id set for everything the handler does and logs. The caller's trace
 * context (W3C `traceparent` header) becomes the parent of a server span that lasts until the reply is sent.
 */
import { Headers } from '@weop/contracts';
import { ServerNats } from '@nestjs/microservices';
import type { NatsContext } from '@nestjs/microservices';
import { JSONCodec } from 'nats';
import type { Msg, MsgHdrs, NatsConnection, NatsError } from 'nats';
import { SpanKind, acceptCorrelationId, extractTraceContext, recordSpanError, runWithContext, safeError, tracer, withSpan } from '@weop/observability';
import type { Metrics, Span } from '@weop/observability';
import type { Naming } from './naming';
import { natsServerOptions } from './nats-url';
import { natsHeaderGetter, natsSpanAttributes } from './trace-context';

const pingCodec = JSONCodec();

export interface RpcServerOptions {
  natsUrl: string;
  naming: Naming;
  /** The queue group: the service's name. */
  service: string;
  metrics?: Metrics;
}

export class RpcServer extends ServerNats {
  /** The server span of each request in flight, ended when its reply is published. */
  private readonly spans = new WeakMap<NatsContext, Span>();
  /** Requests that expect a reply (the span ends with it); the others end when the handler returns. */
  private readonly replying = new WeakSet<NatsContext>();

  constructor(private readonly rpc: RpcServerOptions) {
    super({ ...natsServerOptions(rpc.natsUrl), queue: rpc.service, name: `${rpc.service}-rpc`, gracefulShutdown: true, gracePeriod: 2000, noAsyncTraces: true });
    this.setOnProcessingStartHook((_transport, context, done) => {
      const natsContext = context as NatsContext;
      const headers = natsContext.getHeaders() as MsgHdrs | undefined;
      const correlationId = acceptCorrelationId(headers?.get(Headers.correlationId));
      const subject = natsContext.getSubject();
      // Nest answers errors itself inside `done`; a rejection here would be a bug in the transport.
      const stopTimer = rpc.metrics?.requestDuration.startTimer({ subject });
      const parent = extractTraceContext(headers, natsHeaderGetter);
      const span = tracer().startSpan(
        this.operationOf(subject),
        { kind: SpanKind.SERVER, attributes: { ...natsSpanAttributes(subject, 'process'), 'weop.service': rpc.service } },
        parent,
      );
      this.spans.set(natsContext, span);
      withSpan(span, () => runWithContext({ correlationId }, async () => {
        await done();
      }), parent).then(
        () => {
          stopTimer?.({ outcome: 'answered' });
          if (!this.replying.has(natsContext)) this.endSpan(natsContext);
        },
        (error: unknown) => {
          stopTimer?.({ outcome: 'failed' });
          this.endSpan(natsContext, error);
          throw error;
        },
      ).catch((error: unknown) => {
        this.logger.error({ error: safeError(error) }, 'request processing failed');
      });
    });
  }

  /**
   * Our patterns are plain subjects, found as they are. Nest's own lookup first tries `JSON.parse` on
   * every pattern, which throws (an Error with a stack) for a subject: a few percent of a service's CPU
   * on a short request (docs/performance.md, issue 2). Anything else still goes through Nest's lookup.
   */
  override getHandlerByPattern(pattern: string): ReturnType<ServerNats['getHandlerByPattern']> {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /** Nest's reply publisher, wrapped so that the server span ends with the reply (and says when it is an error). */
  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx) as (response: unknown) => unknown;
    if (!natsMsg.reply) return publish;
    this.replying.add(ctx);
    return (response: unknown) => {
      const err = (response as { err?: unknown } | undefined)?.err;
      this.endSpan(ctx, err ?? undefined);
      return publish(response);
    };
  }

  private endSpan(ctx: NatsContext, error?: unknown): void {
    const span = this.spans.get(ctx);
    if (!span) return;
    this.spans.delete(ctx);
    if (error !== undefined) recordSpanError(span, error);
    span.end();
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
        callback: this.getMessageHandler(channel).bind(this) as (error: NatsError | null, msg: Msg) => void,
      });
      (this as unknown as { subscriptions: unknown[] }).subscriptions.push(subscription);
    }
  }
}
