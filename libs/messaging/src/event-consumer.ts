/**
 * Durable JetStream consumers with an idempotent inbox. Each (consuming service, subject) pair has
 * its own durable consumer, created to deliver everything in the stream, so an event published
 * while the consumer was down is applied when it starts. For every message: validate the payload
 * against its contract, then in one database transaction record the event id in the inbox and run
 * the handler; ack only after that commit. A duplicate finds its inbox row and is acked untouched.
 * A failure is retried with growing delays; after `maxDeliver` tries, or at once for a payload that
 * breaks its contract, the message moves to the dead-letter stream.
 */
import { safeError } from '@weop/observability';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { AckPolicy, DeliverPolicy, JSONCodec, headers as natsHeaders } from 'nats';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import type { Logger } from 'pino';
import { plainToInstance } from 'class-transformer';
import { EVENTS, producerOf } from '@weop/contracts';
import type { EventEnvelope, EventPayload, EventSubject } from '@weop/contracts';
import { runWithContext, acceptCorrelationId } from '@weop/observability';
import type { Metrics } from '@weop/observability';
import type { Naming } from './naming';
import { eventProblems } from './outbox';

export interface EventContext<P> {
  em: EntityManager;
  envelope: EventEnvelope<P>;
}

export type EventHandler<S extends EventSubject> = (payload: EventPayload<S>, ctx: EventContext<EventPayload<S>>) => Promise<void>;

/** Thrown by a handler for an event it can never apply: no retries, straight to dead letters. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

export interface EventConsumerOptions {
  /** The consuming service (`identity`): the durable's and the inbox's name. */
  service: string;
  orm: MikroORM;
  js: JetStreamClient;
  jsm: JetStreamManager;
  naming: Naming;
  logger: Logger;
  metrics?: Metrics;
  maxDeliver?: number;
  /** Delay before each retry, by attempt; the last repeats. */
  retryDelaysMs?: number[];
  ackWaitMs?: number;
}

const codec = JSONCodec();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEAD_LETTER_HEADERS = {
  subject: 'weop-original-subject',
  consumer: 'weop-consumer',
  error: 'weop-error',
  deliveries: 'weop-deliveries',
  eventId: 'weop-event-id',
} as const;

export class EventConsumers {
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly options: EventConsumerOptions) {}

  private get maxDeliver(): number {
    return this.options.maxDeliver ?? 6;
  }

  async subscribe<S extends EventSubject>(subject: S, handler: EventHandler<S>): Promise<void> {
    const { jsm, js, naming, service } = this.options;
    const stream = naming.stream(producerOf(subject));
    const durable = naming.durable(service, subject);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: naming.event(subject),
      // Unbounded on the server: the bound is kept in handle(). A server-side max_deliver would stop
      // redelivering a message whose last try could not be parked (nak'ed below), and so lose it.
      max_deliver: -1,
      ack_wait: (this.options.ackWaitMs ?? 30_000) * 1e6,
      max_ack_pending: 256,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, { max_deliver: config.max_deliver, ack_wait: config.ack_wait });
    } catch (error) {
      if ((error as { code?: string }).code !== '404') throw error;
      await jsm.consumers.add(stream, config);
    }
    const consumer = await js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.running.push(messages);
    this.loops.push(
      (async () => {
        for await (const msg of messages) {
          await this.handle(subject, msg, handler);
        }
      })().catch((error: unknown) => this.options.logger.error({ error: safeError(error), subject }, 'event consumer stopped')),
    );
  }

  async stop(): Promise<void> {
    for (const m of this.running) m.stop();
    await Promise.allSettled(this.loops);
  }

  private async handle<S extends EventSubject>(subject: S, msg: JsMsg, handler: EventHandler<S>): Promise<void> {
    const { service, logger, metrics } = this.options;
    if (msg.info.redeliveryCount > this.maxDeliver) {
      // Out of tries already: its last failure could not be parked, or the process died while handling it.
      await this.deadLetter(subject, msg, `not settled after ${this.maxDeliver} deliveries`);
      return;
    }
    let envelope: EventEnvelope<EventPayload<S>>;
    try {
      envelope = codec.decode(msg.data) as EventEnvelope<EventPayload<S>>;
    } catch {
      await this.deadLetter(subject, msg, 'message is not JSON');
      return;
    }
    const problems = eventProblems(subject, envelope?.payload);
    if (typeof envelope?.id !== 'string' || !UUID.test(envelope.id) || problems.length > 0) {
      await this.deadLetter(subject, msg, `payload breaks its contract: ${problems.join('; ') || 'no valid event id'}`);
      return;
    }
    const cls = (EVENTS as unknown as Record<string, new () => EventPayload<S>>)[subject];
    const payload = plainToInstance(cls, envelope.payload);
    const correlationId = acceptCorrelationId(envelope.correlationId);
    await runWithContext({ correlationId }, async () => {
      try {
        const applied = await this.options.orm.em.fork().transactional(async (em) => {
          const rows = (await em
            .getConnection()
            .execute(
              'insert into inbox_entry (consumer, event_id, subject, processed_at) values (?, ?, ?, now()) on conflict do nothing returning event_id',
              [service, envelope.id, subject],
              'all',
              em.getTransactionContext(),
            )) as { event_id: string }[];
          if (rows.length === 0) return false;
          await handler(payload, { em, envelope });
          return true;
        });
        msg.ack();
        metrics?.eventsConsumed.inc({ subject, consumer: service, outcome: applied ? 'applied' : 'duplicate' });
      } catch (error) {
        const deliveries = msg.info.redeliveryCount;
        if (error instanceof PermanentEventError || deliveries >= this.maxDeliver) {
          await this.deadLetter(subject, msg, (error as Error).message ?? String(error));
          return;
        }
        const delays = this.options.retryDelaysMs ?? [1000, 5000, 15_000, 30_000, 60_000];
        const delay = delays[Math.min(deliveries - 1, delays.length - 1)];
        logger.warn({ error: safeError(error), subject, eventId: envelope.id, deliveries, retryInMs: delay }, 'event handler failed; will retry');
        metrics?.eventsConsumed.inc({ subject, consumer: service, outcome: 'retry' });
        msg.nak(delay);
      }
    });
  }

  private async deadLetter(subject: string, msg: JsMsg, reason: string): Promise<void> {
    const { js, naming, service, logger, metrics } = this.options;
    const h = natsHeaders();
    const eventId = msg.headers?.get('Nats-Msg-Id') || `seq-${msg.info.streamSequence}`;
    h.set(DEAD_LETTER_HEADERS.subject, subject);
    h.set(DEAD_LETTER_HEADERS.consumer, service);
    h.set(DEAD_LETTER_HEADERS.error, reason.slice(0, 500));
    h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.redeliveryCount));
    h.set(DEAD_LETTER_HEADERS.eventId, eventId);
    try {
      await js.publish(naming.deadLetter(service, subject), msg.data, { headers: h, msgID: `${eventId}:${service}` });
      msg.term();
      metrics?.deadLetters.inc({ subject, consumer: service });
      metrics?.eventsConsumed.inc({ subject, consumer: service, outcome: 'dead-lettered' });
      logger.error({ subject, eventId, reason }, 'event moved to the dead-letter stream');
    } catch (error) {
      // Could not park it: leave it to be redelivered rather than lose it.
      logger.error({ error: safeError(error), subject, eventId }, 'could not dead-letter an event; it will be redelivered');
      msg.nak(5000);
    }
  }
}

/**
 * A live feed for a process that keeps an in-memory view (the gateway's status replica): an
 * ordered, ephemeral consumer of new events. Each replica of the process gets every event.
 */
export async function subscribeLive<S extends EventSubject>(
  js: JetStreamClient,
  naming: Naming,
  subject: S,
  onEvent: (payload: EventPayload<S>, envelope: EventEnvelope<EventPayload<S>>) => void,
  logger: Logger,
): Promise<{ stop(): void }> {
  const consumer = await js.consumers.get(naming.stream(producerOf(subject)), {
    filterSubjects: naming.event(subject),
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume();
  void (async () => {
    for await (const msg of messages) {
      try {
        const envelope = codec.decode(msg.data) as EventEnvelope<EventPayload<S>>;
        const problems = eventProblems(subject, envelope?.payload);
        if (problems.length > 0) {
          logger.error({ subject, problems }, 'live event breaks its contract; ignored');
          continue;
        }
        onEvent(envelope.payload, envelope);
      } catch (error) {
        logger.error({ error: safeError(error), subject }, 'live event could not be applied');
      }
    }
  })();
  return { stop: () => messages.stop() };
}
