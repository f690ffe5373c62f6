/**
 * The NATS request/reply server every service runs: Nest's NATS transport, with each handler's
 * subject put under the deployment's namespace, a queue group per service (replicas share the load)
 * and the caller's correlation id set for everything the handler does and logs.
 */
import { Headers } from '@weop/contracts';
import { ServerNats } from '@nestjs/microservices';
import type { NatsContext } from '@nestjs/microservices';
import { JSONCodec } from 'nats';
import type { Msg, MsgHdrs, NatsConnection, NatsError } from 'nats';

const pingCodec = JSONCodec();
import { acceptCorrelationId, runWithContext, safeError } from '@weop/observability';
import type { Metrics } from '@weop/observability';
import type { Naming } from './naming';
import { natsServerOptions } from './nats-url';

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
    this.setOnProcessingStartHook((_transport, context, done) => {
      const headers = (context as NatsContext).getHeaders() as MsgHdrs | undefined;
      const correlationId = acceptCorrelationId(headers?.get(Headers.correlationId));
      // Nest answers errors itself inside `done`; a rejection here would be a bug in the transport.
      const stopTimer = rpc.metrics?.requestDuration.startTimer({ subject: (context as NatsContext).getSubject() });
      runWithContext({ correlationId }, async () => {
        await done();
      }).then(
        () => stopTimer?.({ outcome: 'answered' }),
        (error: unknown) => {
          stopTimer?.({ outcome: 'failed' });
          throw error;
        },
      ).catch((error: unknown) => {
        this.logger.error({ error: safeError(error) }, 'request processing failed');
      });
    });
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
