/**
 * What an operator sees of one piece of work crossing two services, with real NATS and PostgreSQL:
 * one trace (the caller's span → the service's request span → the outbox row's publish → another
 * service's consumer), one correlation id on every log line on the way, and the scrape-time metrics
 * (outbox backlog, consumer lag, stored dead letters). Spans are recorded with the OpenTelemetry SDK's
 * in-memory exporter, which stands in for a collector; nothing else is faked.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { IsIn, IsUUID } from 'class-validator';
import { connect } from 'nats';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { AccountRegisteredV1 } from '@weop/contracts';
import type { EventPayload } from '@weop/contracts';
import { MessagingModule, Naming, OnEvent, Outbox, PermanentEventError, RpcController, ServiceClient, ServiceConfig, createServiceApp } from '@weop/messaging';
import type { EventContext } from '@weop/messaging';
import { ObservabilityModule, PINO_LOGGER, SpanKind, SpanStatusCode, createLogger, trace, traceContext, tracer } from '@weop/observability';
import { serviceOrmConfig } from '@weop/persistence';
import { eventually, prometheusSample, suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';

type Registered = EventPayload<typeof AccountRegisteredV1.subject>;

class Announce {
  @IsUUID() accountId!: string;
  @IsIn(['MN', 'TJ']) country!: 'MN' | 'TJ';
}

/** identity's side: a request whose use case writes an event to the outbox and logs. */
@RpcController()
class AnnounceHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern('identity.observe.announce')
  async announce(@Payload() input: Announce): Promise<{ ok: true }> {
    this.logger.info({ accountId: input.accountId }, 'announcing');
    await this.em.fork().transactional((em) =>
      this.outbox.add(em, AccountRegisteredV1.subject, { accountId: input.accountId, country: input.country, registeredAt: new Date().toISOString() }),
    );
    return { ok: true };
  }
}

/** content's side: a consumer that logs, and refuses (to the dead letters) every registration from TJ: a stand-in for a bug. */
@Injectable()
class RegistrationWatcher {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  @OnEvent(AccountRegisteredV1.subject)
  async onRegistered(payload: Registered, _ctx: EventContext<Registered>): Promise<void> {
    this.logger.info({ accountId: payload.accountId }, 'registration seen');
    if (payload.country === 'TJ') throw new PermanentEventError('cannot place this registration');
    await Promise.resolve();
  }
}

const logSink = (lines: Record<string, unknown>[]): Writable =>
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });

function serviceModule(service: 'identity' | 'content', config: ServiceConfig, url: string, lines: Record<string, unknown>[]): DynamicModule {
  @Module({})
  class ObservedServiceModule {}
  return {
    module: ObservedServiceModule,
    imports: [
      ObservabilityModule.forService({ service, logger: createLogger(service, 'info', logSink(lines)) }),
      MikroOrmModule.forRoot(serviceOrmConfig({ url, entities: [], migrations: [] })),
      MessagingModule.forService({
        service,
        natsUrl: config.NATS_URL,
        namespace: config.WEOP_NATS_NAMESPACE,
        database: { url, listen: true },
        producesEvents: service === 'identity',
        consumer: { maxDeliver: 2, retryDelaysMs: [50] },
        relayPollIntervalMs: 100,
      }),
    ],
    controllers: service === 'identity' ? [AnnounceHandler] : [],
    providers: service === 'content' ? [RegistrationWatcher] : [],
  };
}

const scrape = async (app: NestFastifyApplication): Promise<string> => {
  const { port } = app.getHttpServer().address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
};

const sample = prometheusSample;

describe('observability across services', () => {
  let scope: SuiteScope;
  let provider: NodeTracerProvider;
  const exporter = new InMemorySpanExporter();
  const identityLogs: Record<string, unknown>[] = [];
  const contentLogs: Record<string, unknown>[] = [];
  let identity: NestFastifyApplication;
  let content: NestFastifyApplication;
  let nc: NatsConnection;
  let calls: ServiceClient;

  beforeAll(async () => {
    // What WEOP_TRACES_EXPORTER=otlp registers, with an exporter the test can read.
    provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    scope = await suiteScope('observe');
    const env = { DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent' };
    await scope.database('identity');
    await scope.database('content');
    identity = await createServiceApp({ service: 'identity', configClass: ServiceConfig, module: (config, database) => serviceModule('identity', config, database.url, identityLogs) }, env);
    content = await createServiceApp({ service: 'content', configClass: ServiceConfig, module: (config, database) => serviceModule('content', config, database.url, contentLogs) }, env);
    nc = await connect({ servers: scope.natsUrl });
    calls = new ServiceClient(nc, new Naming(scope.namespace));
  });

  afterAll(async () => {
    await nc?.close();
    await content?.close();
    await identity?.close();
    await scope?.cleanup();
    await provider?.shutdown();
  });

  it('follows one request through NATS, the outbox and another service\'s consumer in one trace, under one correlation id', async () => {
    const accountId = randomUUID();
    const correlationId = `observe-${randomUUID()}`;
    // The gateway's request span, as its HTTP hook opens it.
    const root = tracer().startSpan('POST /api/v1/observe', { kind: SpanKind.SERVER });
    await traceContext.with(trace.setSpan(traceContext.active(), root), () => calls.request('identity.observe.announce', { accountId, country: 'MN' }, { correlationId }));
    root.end();
    const traceId = root.spanContext().traceId;

    const consumed = await eventually(async () => exporter.getFinishedSpans().find((s) => s.name === `process ${AccountRegisteredV1.subject}` && s.spanContext().traceId === traceId), 8000);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const byName = (name: string, kind: SpanKind): ReadableSpan => {
      const found = spans.find((s) => s.name === name && s.kind === kind);
      if (!found) throw new Error(`no span "${name}" in the trace: ${spans.map((s) => s.name).join(', ')}`);
      return found;
    };
    const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
    const client = byName('identity.observe.announce', SpanKind.CLIENT);
    const server = byName('identity.observe.announce', SpanKind.SERVER);
    const publish = byName(`publish ${AccountRegisteredV1.subject}`, SpanKind.PRODUCER);
    expect(parentOf(client)).toBe(root.spanContext().spanId);
    expect(parentOf(server)).toBe(client.spanContext().spanId);
    expect(server.attributes['weop.service']).toBe('identity');
    // The relay publishes later, from its own loop: the row kept the request's context.
    expect(parentOf(publish)).toBe(server.spanContext().spanId);
    expect(consumed.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(consumed)).toBe(publish.spanContext().spanId);
    expect(consumed.attributes['weop.service']).toBe('content');

    // Every line either service wrote about this work carries its correlation id and trace id.
    const about = (lines: Record<string, unknown>[]) => lines.filter((l) => l.accountId === accountId);
    await eventually(async () => about(contentLogs).length > 0, 5000);
    expect(about(identityLogs)).toEqual([expect.objectContaining({ msg: 'announcing', service: 'identity', correlationId, traceId })]);
    expect(about(contentLogs)).toEqual([expect.objectContaining({ msg: 'registration seen', service: 'content', correlationId, traceId })]);
  });

  it('marks the server span of a refused request as an error, with the code the caller was given', async () => {
    const root = tracer().startSpan('POST /api/v1/observe', { kind: SpanKind.SERVER });
    const refused = traceContext.with(trace.setSpan(traceContext.active(), root), () => calls.request('identity.observe.announce', { accountId: 'not-an-id', country: 'MN' }));
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    root.end();
    const server = await eventually(async () =>
      exporter.getFinishedSpans().find((s) => s.spanContext().traceId === root.spanContext().traceId && s.kind === SpanKind.SERVER && s.name === 'identity.observe.announce'),
    5000);
    expect(server.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'VALIDATION_FAILED' });
    expect(server.attributes['error.type']).toBe('VALIDATION_FAILED');
  });

  it('shows the outbox backlog, each durable consumer\'s lag and the dead letters it parked on /metrics', async () => {
    const identityMetrics = await scrape(identity);
    expect(sample(identityMetrics, 'weop_outbox_unsent_events', { service: 'identity' })).toBe(0);
    expect(sample(identityMetrics, 'weop_outbox_oldest_unsent_age_seconds')).toBe(0);
    expect(sample(identityMetrics, 'weop_nats_request_duration_seconds_count', { subject: `${scope.namespace}.rpc.identity.observe.announce`, outcome: 'answered' })).toBeGreaterThanOrEqual(1);

    // One event the consumer refuses: parked in the dead-letter stream, counted and shown as stored.
    const refused = randomUUID();
    await calls.request('identity.observe.announce', { accountId: refused, country: 'TJ' });
    const labels = { consumer: 'content', subject: AccountRegisteredV1.subject };
    // The stream holds the parked copy a moment before the consumer counts it and lets the original
    // go, and a scrape can fall in between: wait until the page shows all of it at once.
    const settled = (text: string) =>
      sample(text, 'weop_dead_letters_stored', labels) === 1 &&
      sample(text, 'weop_dead_letters_total', labels) === 1 &&
      sample(text, 'weop_consumer_pending_events', labels) === 0 &&
      sample(text, 'weop_consumer_ack_pending_events', labels) === 0;
    let last = '';
    const contentMetrics = await eventually(async () => {
      last = await scrape(content);
      return settled(last) ? last : undefined;
    }, 10_000, 500).catch(() => last);
    expect(sample(contentMetrics, 'weop_dead_letters_stored', labels)).toBe(1);
    expect(sample(contentMetrics, 'weop_dead_letters_total', labels)).toBe(1);
    expect(sample(contentMetrics, 'weop_consumer_pending_events', labels)).toBe(0);
    expect(sample(contentMetrics, 'weop_consumer_ack_pending_events', labels)).toBe(0);
    expect(sample(contentMetrics, 'weop_events_consumed_total', { ...labels, outcome: 'applied' })).toBe(1);

    // A row JetStream refuses (no stream takes its subject) stays in the outbox: the backlog, and its age.
    const em = identity.get(EntityManager).fork();
    await em.getConnection().execute(
      `insert into outbox_message (id, subject, envelope, created_at) values (?, 'observe.stranded.v1', '{}'::jsonb, now() - interval '5 minutes')`,
      [randomUUID()],
    );
    const stuck = await eventually(async () => {
      const text = await scrape(identity);
      return sample(text, 'weop_outbox_unsent_events', { service: 'identity' }) === 1 ? text : undefined;
    }, 10_000, 500);
    expect(sample(stuck, 'weop_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(300);
  });
});
