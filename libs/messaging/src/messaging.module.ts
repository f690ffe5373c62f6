/**
 * Wires a service to NATS: the connection, request client, outbox, relay and durable consumers
 * (methods marked @OnEvent), started when the app boots and drained when it stops.
 */
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { producerOf } from '@weop/contracts';
import type { EventSubject } from '@weop/contracts';
import { Metrics, PINO_LOGGER, safeError } from '@weop/observability';
import { EventConsumers } from './event-consumer';
import type { EventHandler } from './event-consumer';
import { FileTransfers } from './file-transfers';
import { Naming } from './naming';
import { connectNats } from './nats-connection';
import { natsServerOptions } from './nats-url';
import { ON_EVENT, ON_EVENT_OPTIONS } from './on-event.decorator';
import type { OnEventOptions } from './on-event.decorator';
import { DEFAULT_EVENT_RETENTION_DAYS, pruneEventHistory } from './event-history';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { outboxOpsHandler } from './outbox-ops.handler';
import { PeriodicTask } from './periodic-task';
import { ServiceClient } from './service-client';
import { DEAD_LETTER_STREAM_OWNER, ensureDeadLetterStream, ensureEventStream, eventStreamExists } from './streams';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  service: string;
  natsUrl: string;
  namespace: string;
  /** Services with a database publish through the outbox and consume with an inbox. */
  database?: { url: string; listen: boolean };
  /** Does this service produce events (and so own a stream)? */
  producesEvents?: boolean;
  /** Copies a NATS cluster keeps of each stream and of the file-transfer store (WEOP_STREAM_REPLICAS). */
  streamReplicas?: number;
  requestTimeoutMs?: number;
  consumer?: { maxDeliver?: number; retryDelaysMs?: number[]; ackWaitMs?: number };
  relayPollIntervalMs?: number;
  /** Fault injection only: see `OutboxRelayOptions.publishDelayMs`. */
  relayPublishDelayMs?: number;
  /** Days sent outbox rows and inbox entries are kept (event-history.ts); default DEFAULT_EVENT_RETENTION_DAYS. */
  eventRetentionDays?: number;
  /** How often the event history is pruned (default hourly). */
  eventRetentionIntervalMs?: number;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private consumers?: EventConsumers;
  private retention?: PeriodicTask;
  private waitingForStreams?: Promise<void>;
  private stopping = false;
  private stopWaiting?: () => void;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly naming: Naming,
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const replicas = this.options.streamReplicas ?? 1;
    const owner = this.options.service === DEAD_LETTER_STREAM_OWNER;
    if (!(await ensureDeadLetterStream(this.jsm, this.naming, replicas, owner))) {
      this.logger.warn({ stream: this.naming.deadLetterStream(), owner: DEAD_LETTER_STREAM_OWNER }, `the dead-letter stream does not exist yet; ${DEAD_LETTER_STREAM_OWNER} creates it when it starts`);
    }
    if (this.options.producesEvents !== false) await ensureEventStream(this.jsm, this.naming, this.options.service, replicas);
    if (!this.options.database) return;
    this.relay = new OutboxRelay({
      orm: this.moduleRef.get(MikroORM, { strict: false }),
      databaseUrl: this.options.database.url,
      listen: this.options.database.listen,
      js: this.js,
      naming: this.naming,
      logger: this.logger,
      metrics: this.metrics,
      pollIntervalMs: this.options.relayPollIntervalMs,
      publishDelayMs: this.options.relayPublishDelayMs,
    });
    await this.relay.start();
    this.startRetention();
    const handlers = this.discoverHandlers();
    if (handlers.length === 0) return;
    this.consumers = new EventConsumers({
      service: this.options.service,
      orm: this.moduleRef.get(MikroORM, { strict: false }),
      js: this.js,
      jsm: this.jsm,
      naming: this.naming,
      logger: this.logger,
      metrics: this.metrics,
      ...this.options.consumer,
    });
    // Another producer's stream is its producer's to create (its NATS user alone may): a consumer starting
    // first subscribes to it once it is there, and its durable consumer then delivers everything in it.
    const waiting: typeof handlers = [];
    for (const entry of handlers) {
      const producer = producerOf(entry.subject);
      if (producer === this.options.service || (await eventStreamExists(this.jsm, this.naming, producer))) await this.consumers.subscribe(entry.subject, entry.handler, entry.options);
      else waiting.push(entry);
    }
    if (waiting.length > 0) this.waitingForStreams = this.subscribeWhenStreamsExist(this.consumers, waiting);
  }

  /** Polls for the missing producers' streams (every second for ten seconds, then every 5 s) and subscribes each producer's handlers as its stream appears. */
  private async subscribeWhenStreamsExist(consumers: EventConsumers, waiting: { subject: EventSubject; handler: EventHandler<EventSubject>; options: OnEventOptions }[]): Promise<void> {
    const producers = [...new Set(waiting.map((w) => producerOf(w.subject)))];
    this.logger.warn({ streams: producers.map((p) => this.naming.stream(p)) }, 'waiting for event streams their producers create when they first start; their consumers start then');
    for (let attempt = 0; producers.length > 0 && !this.stopping; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, attempt < 10 ? 1000 : 5000);
        // Shutting down ends the wait at once.
        this.stopWaiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      for (const producer of [...producers]) {
        if (this.stopping) return;
        try {
          if (!(await eventStreamExists(this.jsm, this.naming, producer))) continue;
          for (const w of waiting.filter((entry) => producerOf(entry.subject) === producer)) {
            await consumers.subscribe(w.subject, w.handler, w.options);
            // Out of the list at once: a later failure in this producer's loop retries only the rest, never
            // subscribing one twice (two pull loops on one durable would break its per-key order).
            waiting.splice(waiting.indexOf(w), 1);
          }
          producers.splice(producers.indexOf(producer), 1);
          this.logger.info({ stream: this.naming.stream(producer) }, 'event stream found; its consumers started');
        } catch (error) {
          this.logger.error({ error: safeError(error), stream: this.naming.stream(producer) }, 'could not start the consumers of an event stream; will try again');
        }
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.retention?.stop();
    this.stopping = true;
    this.stopWaiting?.();
    await this.waitingForStreams;
    await this.consumers?.stop();
    await this.relay?.stop();
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }

  /** For tests and tools: publish whatever is in the outbox now. */
  flushOutbox(): Promise<void> {
    return this.relay?.wake() ?? Promise.resolve();
  }

  /** Prunes the event history of this service's database: a pass every hour, the first one an hour after start. */
  private startRetention(): void {
    const days = this.options.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS;
    const orm = this.moduleRef.get(MikroORM, { strict: false });
    this.retention = new PeriodicTask('pruning the event history', this.options.eventRetentionIntervalMs ?? 60 * 60 * 1000, async () => {
      const pruned = await pruneEventHistory(orm, days);
      if (pruned.outbox + pruned.inbox > 0) this.logger.info({ pruned, retentionDays: days }, 'event history pruned');
    }, this.logger);
    this.retention.start();
  }

  private discoverHandlers(): { subject: EventSubject; handler: EventHandler<EventSubject>; options: OnEventOptions }[] {
    const found: { subject: EventSubject; handler: EventHandler<EventSubject>; options: OnEventOptions }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as ((...args: unknown[]) => Promise<void>) | undefined;
        if (typeof fn !== 'function') continue;
        const subject = Reflect.getMetadata(ON_EVENT, fn) as EventSubject | undefined;
        if (subject) found.push({ subject, handler: fn.bind(instance), options: (Reflect.getMetadata(ON_EVENT_OPTIONS, fn) as OnEventOptions | undefined) ?? {} });
      }
    }
    return found;
  }
}

export { MessagingLifecycle };

@Global()
@Module({})
export class MessagingModule {
  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      // The operators' reconcile asks every service that keeps an outbox and an inbox.
      controllers: options.database ? [outboxOpsHandler(options.service)] : [],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: Naming, useValue: new Naming(options.namespace) },
        {
          provide: NATS_CONNECTION,
          // noAsyncTraces: no Error (and stack capture) made for every request just in case it times out.
          useFactory: () => connectNats({ ...natsServerOptions(options.natsUrl), name: options.service, maxReconnectAttempts: -1, noAsyncTraces: true }),
        },
        { provide: JETSTREAM, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => nc.jetstream() },
        { provide: JETSTREAM_MANAGER, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => nc.jetstreamManager() },
        {
          provide: ServiceClient,
          inject: [NATS_CONNECTION, Naming],
          useFactory: (nc: NatsConnection, naming: Naming) => new ServiceClient(nc, naming, options.requestTimeoutMs),
        },
        { provide: Outbox, useValue: new Outbox(options.service) },
        // The bucket is created on first use, not at boot.
        { provide: FileTransfers, inject: [JETSTREAM, Naming], useFactory: (js: JetStreamClient, naming: Naming) => new FileTransfers(js, naming, { replicas: options.streamReplicas }) },
        MessagingLifecycle,
      ],
      exports: [Naming, NATS_CONNECTION, JETSTREAM, JETSTREAM_MANAGER, ServiceClient, Outbox, FileTransfers, MessagingLifecycle, MESSAGING_OPTIONS],
    };
  }
}
