/**
 * Operators' view of the running platform (docs/operations.md "Metrics", "Traces"): a member's report
 * is one trace from the gateway through content into trust-safety's consumer, a moderator's decision
 * one trace into identity, and the counters say what was applied. Spans are recorded with the
 * OpenTelemetry SDK's in-memory exporter (standing in for a collector); the services, PostgreSQL and
 * NATS are real.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { SpanKind } from '@weop/observability';
import { eventually, prometheusSample } from '@weop/testing';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let author: SignedIn;
let moderator: SignedIn;

beforeAll(async () => {
  // What WEOP_TRACES_EXPORTER=otlp registers in each process; here one provider for the whole platform.
  provider.register();
  platform = await startPlatform('observability', {}, {}, { content: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  author = await the.member({ displayName: 'Author' });
  moderator = await the.staff('moderator', { displayName: 'Moderator' });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await provider.shutdown();
});

const spansOf = (traceId: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

/** The gateway's span of the request that answered with this correlation id. */
const requestSpan = (correlationId: string): Promise<ReadableSpan> =>
  eventually(async () => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.attributes['weop.correlation_id'] === correlationId), 5000);

const scrape = async (app: NestFastifyApplication | undefined): Promise<string> => {
  const { port } = app!.getHttpServer().address() as { port: number };
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
};

it("follows a member's report from the gateway through content's request handler into trust-safety's consumer, in one trace", async () => {
  const blogId = (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'A post to report', body: 'Text under review by the moderators.', originalityAttested: true } })).body.id as string;
  const reporter = await the.member();
  const correlationId = `report-${randomUUID()}`;
  const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, headers: { 'x-correlation-id': correlationId }, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect' } });
  expect(filed.status).toBe(202);

  const root = await requestSpan(correlationId);
  expect(root.name).toBe('POST /api/v1/reports');
  expect(parentOf(root)).toBeUndefined();
  const traceId = root.spanContext().traceId;
  const consumed = await eventually(async () => spansOf(traceId).find((s) => s.kind === SpanKind.CONSUMER && s.attributes['weop.service'] === 'trust-safety'), 8000);
  const spans = spansOf(traceId);
  const child = (parent: ReadableSpan, kind: SpanKind): ReadableSpan => {
    const found = spans.find((s) => s.kind === kind && parentOf(s) === parent.spanContext().spanId);
    if (!found) throw new Error(`no ${SpanKind[kind]} span under "${parent.name}": ${spans.map((s) => s.name).join(', ')}`);
    return found;
  };
  // gateway → (NATS request) → content → (outbox, JetStream) → trust-safety
  const call = spans.find((s) => s.kind === SpanKind.CLIENT && s.name.startsWith('content.') && parentOf(s) === root.spanContext().spanId);
  expect(call).toBeDefined();
  const handled = child(call!, SpanKind.SERVER);
  expect(handled.attributes['weop.service']).toBe('content');
  const published = child(handled, SpanKind.PRODUCER);
  expect(published.name).toBe('publish content.report.filed.v1');
  expect(consumed.name).toBe('process content.report.filed.v1');
  expect(parentOf(consumed)).toBe(published.spanContext().spanId);
});

it("counts the sanction identity and content each apply, times their handling, and the decision's trace reaches identity's consumer", async () => {
  const blogId = (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title: 'A post that breaks the rules', body: 'Personal attacks on another member.', originalityAttested: true } })).body.id as string;
  await api('POST', '/api/v1/reports', { token: (await the.member()).accessToken, body: { subject: { type: 'blog', id: blogId }, guideline: 'respect' } });
  const found = await eventually(async () =>
    (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items?.find((c: { subject: { id: string } }) => c.subject.id === blogId) as { id: string } | undefined,
  );
  const correlationId = `decision-${randomUUID()}`;
  const decided = await api('POST', `/api/v1/moderation/cases/${found.id}/decisions`, {
    token: moderator.accessToken,
    headers: { 'x-correlation-id': correlationId },
    body: { action: 'suspend', guideline: 'respect', statement: 'Personal attacks in a post.', durationDays: 7, removeContent: true },
  });
  expect(decided.status).toBe(201);

  const traceId = (await requestSpan(correlationId)).spanContext().traceId;
  await eventually(async () => spansOf(traceId).find((s) => s.kind === SpanKind.CONSUMER && s.attributes['weop.service'] === 'identity' && s.name === 'process trust-safety.sanction.imposed.v1'), 8000);
  // Content applies the removal in the same trace.
  await eventually(async () => spansOf(traceId).find((s) => s.kind === SpanKind.CONSUMER && s.attributes['weop.service'] === 'content'), 8000);

  const sanction = { service: 'identity', consumer: 'identity', subject: 'trust-safety.sanction.imposed.v1' };
  const metrics = await eventually(async () => {
    const text = await scrape(platform.identity);
    return prometheusSample(text, 'weop_sanctions_applied_total', { service: 'identity', kind: 'suspension' }) === 1 ? text : undefined;
  }, 5000);
  expect(prometheusSample(metrics, 'weop_events_consumed_total', { ...sanction, outcome: 'applied' })).toBe(1);
  expect(prometheusSample(metrics, 'weop_consumer_pending_events', sanction)).toBe(0);
  expect(prometheusSample(metrics, 'weop_outbox_unsent_events', { service: 'identity' })).toEqual(expect.any(Number));
  // How long identity took over it, by subject: one observation, within the largest bucket.
  expect(prometheusSample(metrics, 'weop_event_handling_duration_seconds_count', { ...sanction, outcome: 'applied' })).toBe(1);
  expect(prometheusSample(metrics, 'weop_event_handling_duration_seconds_bucket', { ...sanction, outcome: 'applied', le: '+Inf' })).toBe(1);
  expect(prometheusSample(metrics, 'weop_event_handling_duration_seconds_sum', { ...sanction, outcome: 'applied' })).toBeGreaterThan(0);
  // Which build each service runs (WEOP_VERSION in a deployment; here package.json's).
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(prometheusSample(metrics, 'weop_build_info', { service: 'identity', version })).toBe(1);

  // Content applies the same sanction (freezing her open posts) and counts it under its own name.
  const contentMetrics = await eventually(async () => {
    const text = await scrape(platform.content);
    return prometheusSample(text, 'weop_sanctions_applied_total', { service: 'content', kind: 'suspension' }) === 1 ? text : undefined;
  }, 5000);
  expect(prometheusSample(contentMetrics, 'weop_event_handling_duration_seconds_count', { service: 'content', consumer: 'content', subject: 'trust-safety.sanction.imposed.v1', outcome: 'applied' })).toBe(1);
  expect(prometheusSample(contentMetrics, 'weop_build_info', { service: 'content', version })).toBe(1);

  // The gateway's own metrics, for this machine's scraper.
  const gateway = await (await fetch(`${platform.baseUrl}/metrics`)).text();
  // The gateway has no outbox: no outbox gauge pretends otherwise.
  expect(gateway).not.toContain('weop_outbox_unsent_events');
  expect(prometheusSample(gateway, 'weop_http_request_duration_seconds_count', { service: 'gateway', method: 'POST', route: '/api/v1/moderation/cases/:id/decisions', status: '201' })).toBe(1);
});

it('sends spans to the OTLP/HTTP collector it is pointed at (the built code, in a process of its own)', async () => {
  // A process of its own: the exporter loads node:http with a dynamic import, which Jest's module system refuses.
  const received: { url: string; type: string; bytes: number }[] = [];
  const collector = createServer((request, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      received.push({ url: request.url ?? '', type: String(request.headers['content-type']), bytes });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = collector.address() as AddressInfo;
    const script = `
      const o = require('./dist/libs/observability/src');
      (async () => {
        const config = o.loadConfig(o.TelemetryConfig, { WEOP_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:${port}' });
        const handle = await o.startTracing('content', o.tracingOptions(config));
        o.tracer().startSpan('content.blogs.create').end();
        await handle.shutdown();
      })().catch((e) => { console.error(e); process.exit(1); });`;
    await promisify(execFile)(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), timeout: 15_000 });
    expect(received).toEqual([{ url: '/v1/traces', type: 'application/json', bytes: expect.any(Number) }]);
    expect(received[0].bytes).toBeGreaterThan(0);
  } finally {
    collector.close();
  }
});
