import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import Fastify from 'fastify';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { Metrics, SpanKind, acceptCorrelationId, createLogger } from '@weop/observability';
import { ErrorEnvelopeFilter } from './error-envelope.filter';
import { installHttpHooks, requestLogger } from './http-hooks';

/** A request through a gateway-like Fastify with the hooks and one handler that logs through requestLogger after an await; the lines written. */
async function oneRequest(correlationId: string, url = '/api/v1/things/7'): Promise<{ lines: Record<string, unknown>[]; answeredId: unknown }> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('gateway', 'info', sink);
  const fastify = Fastify({ genReqId: (req) => acceptCorrelationId(req.headers['x-correlation-id']) });
  installHttpHooks(fastify, logger, new Metrics('gateway'));
  fastify.get('/api/v1/things/:id', async (request) => {
    await new Promise((r) => setTimeout(r, 5));
    requestLogger(logger, request).info('thing read');
    return { ok: true };
  });
  fastify.get('/api/v1/broken', async () => {
    throw new TypeError('a bug');
  });
  // As Nest hands an error to the gateway's filter.
  fastify.setErrorHandler((error, request, reply) => {
    new ErrorEnvelopeFilter().catch(error, { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost);
  });
  const answer = await fastify.inject({ method: 'GET', url, headers: { 'x-correlation-id': correlationId } });
  await fastify.close();
  return { lines, answeredId: answer.headers['x-correlation-id'] };
}

describe('the gateway\'s request hooks', () => {
  it('put the request\'s correlation id on the request line and, through requestLogger, on every line its handler logs, across awaits', async () => {
    const { lines, answeredId } = await oneRequest('corr-gw-7');
    expect(answeredId).toBe('corr-gw-7');
    expect(lines.find((l) => l.msg === 'thing read')).toMatchObject({ correlationId: 'corr-gw-7', service: 'gateway' });
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ correlationId: 'corr-gw-7', route: '/api/v1/things/:id', status: 200 });
  });

  describe('with traces on', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    beforeAll(() => provider.register());
    afterAll(async () => {
      trace.disable();
      await provider.shutdown();
    });

    it('name the request\'s trace on the request line and on its handler\'s lines, so an operator goes from a line to its trace', async () => {
      const { lines } = await oneRequest('corr-gw-traced');
      const span = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.attributes['weop.correlation_id'] === 'corr-gw-traced');
      expect(span?.name).toBe('GET /api/v1/things/:id');
      const traceId = span!.spanContext().traceId;
      expect(lines.find((l) => l.msg === 'request')).toMatchObject({ correlationId: 'corr-gw-traced', traceId });
      expect(lines.find((l) => l.msg === 'thing read')).toMatchObject({ correlationId: 'corr-gw-traced', traceId });
    });

    it('name the trace on the error filter\'s line about an unexpected error', async () => {
      const errors: unknown[][] = [];
      Logger.overrideLogger({ error: (...args: unknown[]) => errors.push(args), log: () => undefined, warn: () => undefined });
      try {
        await oneRequest('corr-gw-broken', '/api/v1/broken');
      } finally {
        Logger.overrideLogger(false);
      }
      const span = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.attributes['weop.correlation_id'] === 'corr-gw-broken');
      expect(span?.name).toBe('GET /api/v1/broken');
      expect(errors).toContainEqual([expect.objectContaining({ correlationId: 'corr-gw-broken', traceId: span!.spanContext().traceId }), 'unexpected error', 'http']);
    });
  });

  it('name no trace while traces are off', async () => {
    const { lines } = await oneRequest('corr-gw-untraced');
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ correlationId: 'corr-gw-untraced' });
    expect(lines.some((l) => 'traceId' in l)).toBe(false);
  });
});
