/**
 * Durable JetStream consumers with an idempotent inbox. Each (consuming service, subject) pair has
 * its own durable consumer, created to deliver everything in the stream, so an event published
 * while the consumer was down is applied when it starts. For every message: validate the payload
 * against its contract, then in one database transaction record the event id in the inbox and run
 * the handler; ack only after that commit. A duplicate finds its inbox row and is acked untouched.
 * A failure is retried with growing delays; after `maxDeliver` tries, or at once for a payload that
 * breaks its contract, the message moves to the dead-letter stream. Each message is handled under
 * the correlation id of the work that caused it and, with traces on, in a consumer span that
 * continues the producer's trace (the `traceparent` header the relay wrote).
 */
import { safeError } from '@weop/observability';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { AckPolicy, DeliverPolicy, JSONCodec, headers as natsHeaders } from 'nats';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import type { Logger } from 'pino';
import { Headers, SanctionImposedV1, SanctionLiftedV1, producerOf } from '@weop/contracts';
import type { EventEnvelope, EventPayload, EventSubject } from '@weop/contracts';
import { SpanKind, acceptCorrelationId, currentCorrelationId, extractTraceContext, recordSpanError, runWithContext, tracer, withSpan } from '@weop/observability';
import type { Metrics } from '@weop/observability';
import type { Naming } from './naming';
import { checkEvent, eventProblems } from './outbox';
import type { OnEventOptions } from './on-event.decorator';
import { natsHeaderGetter, natsSpanAttributes } from './trace-context';
import { SqlTransaction, sql } from '@weop/persistence';
import type { Db } from '@weop/persistence';

export interface EventContext<P> {
  /** The ORM transaction; a `transaction: 'sql'` handler has none (reading it throws) and uses `db`. */
  em: EntityManager;
  /** Where the handler's statements go (`sql`, `write`, `Outbox.add`): `em`, or the `SqlTransaction`. */
  db: Db;
  envelope: EventEnvelope<P>;
  /** With `@OnEvent(…, { transaction: 'sql', first })`: the rows of those statements, one array each. */
  first?: unknown[][];
  /** Runs `effect` once the handler's transaction has committed (not on a rollback or a retry): counters, caches. */
  afterCommit?: (effect: () => void) => void;
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
  private readonly durables: { subject: string; stream: string; durable: string }[] = [];
  private stopProbe?: () => void;

  constructor(private readonly options: EventConsumerOptions) {}

  /**
   * For the scrape-time gauges: each durable consumer's lag (`num_pending`: in the stream, not yet
   * delivered) and unacknowledged deliveries, and this service's events waiting in the dead-letter stream.
   */
  private async observeLag(): Promise<void> {
    const { jsm, naming, service, metrics } = this.options;
    if (!metrics) return;
    try {
      const infos = await Promise.all(this.durables.map(async (d) => ({ d, info: await jsm.consumers.info(d.stream, d.durable) })));
      for (const { d, info } of infos) {
        metrics.consumerPending.set({ consumer: service, subject: d.subject }, info.num_pending);
        metrics.consumerAckPending.set({ consumer: service, subject: d.subject }, info.num_ack_pending);
      }
    } catch (error) {
      metrics.consumerPending.reset();
      metrics.consumerAckPending.reset();
      throw error;
    }
    const prefix = naming.deadLetter(service, '');
    try {
      const info = await jsm.streams.info(naming.deadLetterStream(), { subjects_filter: `${prefix}>` });
      metrics.deadLettersStored.reset();
      for (const [wireSubject, count] of Object.entries(info.state.subjects ?? {})) {
        metrics.deadLettersStored.set({ consumer: service, subject: wireSubject.slice(prefix.length) }, count);
      }
    } catch (error) {
      metrics.deadLettersStored.reset();
      throw error;
    }
  }

  private get maxDeliver(): number {
    return this.options.maxDeliver ?? 6;
  }

  async subscribe<S extends EventSubject>(subject: S, handler: EventHandler<S>, options: OnEventOptions = {}): Promise<void> {
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
    this.durables.push({ subject, stream, durable });
    // JetStream answers one info request per consumer: a short cache keeps a busy scraper cheap.
    this.stopProbe ??= this.options.metrics?.addScrapeProbe('consumers', () => this.observeLag(), 5000);
    const consumer = await js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.running.push(messages);
    const lanes = Math.max(1, Math.floor(options.lanes ?? 1));
    if (lanes > 1 && !options.orderedBy) throw new Error(`@OnEvent(${subject}) with lanes needs orderedBy`);
    if (options.first && options.transaction !== 'sql') throw new Error(`@OnEvent(${subject}) with first needs transaction: 'sql'`);
    this.loops.push(
      (lanes === 1 ? this.inOrder(subject, messages, handler, options) : this.inLanes(subject, messages, handler, lanes, options))
        .catch((error: unknown) => this.options.logger.error({ error: safeError(error), subject }, 'event consumer stopped')),
    );
  }

  /** One event at a time, in stream order. */
  private async inOrder<S extends EventSubject>(subject: S, messages: ConsumerMessages, handler: EventHandler<S>, options: OnEventOptions): Promise<void> {
    for await (const msg of messages) await this.handle(subject, msg, handler, options);
  }

  /**
   * Up to `lanes` events at once; events with the same `orderedBy` value (an account) one after another
   * in stream order, so each account's events keep their order while different accounts' round trips
   * overlap. Each event is still acknowledged after its own commit, and its inbox row keeps it applied once.
   */
  private async inLanes<S extends EventSubject>(subject: S, messages: ConsumerMessages, handler: EventHandler<S>, lanes: number, options: OnEventOptions): Promise<void> {
    const orderedBy = options.orderedBy!;
    const inFlight = new Set<Promise<void>>();
    const tails = new Map<string, Promise<void>>();
    for await (const msg of messages) {
      const key = orderingKey(msg, orderedBy);
      const previous = tails.get(key) ?? Promise.resolve();
      // handle() settles every outcome itself (retry, dead letter); a surprise must not stop the lane.
      const run: Promise<void> = previous
        .then(() => this.handle(subject, msg, handler, options))
        .catch((error: unknown) => this.options.logger.error({ error: safeError(error), subject }, 'event handling failed'))
        .finally(() => {
          inFlight.delete(run);
          if (tails.get(key) === run) tails.delete(key);
        });
      tails.set(key, run);
      inFlight.add(run);
      if (inFlight.size >= lanes) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  }

  async stop(): Promise<void> {
    this.stopProbe?.();
    for (const m of this.running) m.stop();
    await Promise.allSettled(this.loops);
  }

  private async handle<S extends EventSubject>(subject: S, msg: JsMsg, handler: EventHandler<S>, options: OnEventOptions): Promise<void> {
    const { service, logger, metrics, naming } = this.options;
    // Parked before its envelope is read: logged under the correlation id the relay put in the headers.
    const park = (reason: string): Promise<void> =>
      runWithContext({ correlationId: acceptCorrelationId(msg.headers?.get(Headers.correlationId)) }, () => this.deadLetter(subject, msg, reason));
    if (msg.info.redeliveryCount > this.maxDeliver) {
      // Out of tries already: its last failure could not be parked, or the process died while handling it.
      await park(`not settled after ${this.maxDeliver} deliveries`);
      return;
    }
    let envelope: EventEnvelope<EventPayload<S>>;
    try {
      envelope = codec.decode(msg.data) as EventEnvelope<EventPayload<S>>;
    } catch {
      await park('message is not JSON');
      return;
    }
    const checked = checkEvent(subject, envelope?.payload, 'consume');
    if (typeof envelope?.id !== 'string' || !UUID.test(envelope.id) || !checked.instance) {
      await park(`payload breaks its contract: ${checked.problems.join('; ') || 'no valid event id'}`);
      return;
    }
    // Validated and transformed once; a field the contract does not know yet was left out.
    const payload = checked.instance as EventPayload<S>;
    const correlationId = acceptCorrelationId(envelope.correlationId);
    const wireSubject = naming.event(subject);
    const parent = extractTraceContext(msg.headers, natsHeaderGetter);
    const span = tracer().startSpan(
      `process ${subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { ...natsSpanAttributes(wireSubject, 'process'), 'messaging.consumer.group.name': naming.durable(service, subject), 'messaging.message.id': envelope.id, 'weop.service': service },
      },
      parent,
    );
    const committed: (() => void)[] = [];
    const started = performance.now();
    await withSpan(span, () => runWithContext({ correlationId }, async () => {
      try {
        const inbox = {
          text: 'insert into inbox_entry (consumer, event_id, subject, processed_at) values ($1, $2, $3, now()) on conflict do nothing returning event_id',
          values: [service, envelope.id, subject],
        };
        const afterCommit = (effect: () => void): void => void committed.push(effect);
        const applied =
          options.transaction === 'sql'
            ? await SqlTransaction.run(this.options.orm.em, [inbox, ...(options.first?.(payload as never) ?? [])], async (db, [rows, ...first]) => {
                if (rows.length === 0) return false;
                committed.length = 0;
                await handler(payload, { db, envelope, afterCommit, first, get em(): EntityManager { throw new Error(`${subject} is handled in a SqlTransaction: use ctx.db`); } });
                return true;
              })
            : await this.options.orm.em.fork().transactional(async (em) => {
                const rows = await sql<{ event_id: string }>(em, inbox.text, inbox.values);
                if (rows.length === 0) return false;
                committed.length = 0;
                await handler(payload, { em, db: em, envelope, afterCommit });
                return true;
              });
        msg.ack();
        const outcome = applied ? 'applied' : 'duplicate';
        metrics?.eventsConsumed.inc({ subject, consumer: service, outcome });
        metrics?.eventHandlingDuration.observe({ subject, consumer: service, outcome }, (performance.now() - started) / 1000);
        if (applied && metrics) countApplied(metrics, subject, payload);
        if (span.isRecording()) span.setAttribute('weop.outcome', applied ? 'applied' : 'duplicate');
        for (const effect of committed) {
          try {
            effect();
          } catch (error) {
            logger.warn({ error: safeError(error), subject, eventId: envelope.id, correlationId }, 'an after-commit effect failed');
          }
        }
      } catch (error) {
        recordSpanError(span, error);
        const deliveries = msg.info.redeliveryCount;
        if (error instanceof PermanentEventError || deliveries >= this.maxDeliver) {
          await this.deadLetter(subject, msg, (error as Error).message ?? String(error));
          return;
        }
        const delays = this.options.retryDelaysMs ?? [1000, 5000, 15_000, 30_000, 60_000];
        const delay = delays[Math.min(deliveries - 1, delays.length - 1)];
        logger.warn({ error: safeError(error), subject, eventId: envelope.id, correlationId, deliveries, retryInMs: delay }, 'event handler failed; will retry');
        metrics?.eventsConsumed.inc({ subject, consumer: service, outcome: 'retry' });
        metrics?.eventHandlingDuration.observe({ subject, consumer: service, outcome: 'retry' }, (performance.now() - started) / 1000);
        msg.nak(delay);
      }
    })).finally(() => span.end());
  }

  private async deadLetter(subject: string, msg: JsMsg, reason: string): Promise<void> {
    const { js, naming, service, logger, metrics } = this.options;
    const h = natsHeaders();
    const eventId = msg.headers?.get('Nats-Msg-Id') || `seq-${msg.info.streamSequence}`;
    const correlationId = currentCorrelationId() ?? acceptCorrelationId(msg.headers?.get(Headers.correlationId));
    h.set(DEAD_LETTER_HEADERS.subject, subject);
    h.set(DEAD_LETTER_HEADERS.consumer, service);
    h.set(DEAD_LETTER_HEADERS.error, reason.slice(0, 500));
    h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.redeliveryCount));
    h.set(DEAD_LETTER_HEADERS.eventId, eventId);
    // The trace it belonged to, for whoever looks into why it failed.
    const traceparent = msg.headers?.get('traceparent');
    if (traceparent) h.set('traceparent', traceparent);
    try {
      await js.publish(naming.deadLetter(service, subject), msg.data, { headers: h, msgID: `${eventId}:${service}` });
      msg.term();
      metrics?.deadLetters.inc({ subject, consumer: service });
      metrics?.eventsConsumed.inc({ subject, consumer: service, outcome: 'dead-lettered' });
      logger.error({ subject, eventId, correlationId, reason }, 'event moved to the dead-letter stream');
    } catch (error) {
      // Could not park it: leave it to be redelivered rather than lose it.
      logger.error({ error: safeError(error), subject, eventId, correlationId }, 'could not dead-letter an event; it will be redelivered');
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
        const problems = eventProblems(subject, envelope?.payload, 'consume');
        if (problems.length > 0) {
          logger.error({ subject, problems }, 'live event breaks its contract; ignored');
          continue;
        }
        // Under the correlation id of the work that caused it, so what it logs can be followed back.
        runWithContext({ correlationId: acceptCorrelationId(envelope.correlationId) }, () => onEvent(envelope.payload, envelope));
      } catch (error) {
        logger.error({ error: safeError(error), subject }, 'live event could not be applied');
      }
    }
  })();
  return { stop: () => messages.stop() };
}

/**
 * The platform's counters of what an applied event did, kept here so that every service consuming the
 * subject counts it alike (`service` is the registry's label): trust-safety's sanctions and their lifts.
 */
function countApplied(metrics: Metrics, subject: string, payload: unknown): void {
  if (subject === SanctionImposedV1.subject) metrics.sanctionsApplied.inc({ kind: (payload as SanctionImposedV1).kind });
  else if (subject === SanctionLiftedV1.subject) metrics.sanctionsLifted.inc({ reason: (payload as SanctionLiftedV1).reason });
}

/** The value events of one lane share (an unreadable payload goes to one lane of its own, in order). */
function orderingKey(msg: JsMsg, field: string): string {
  try {
    const value = (codec.decode(msg.data) as { payload?: Record<string, unknown> } | undefined)?.payload?.[field];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
