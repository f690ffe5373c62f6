import { trace } from '@opentelemetry/api';
import { loadConfig } from './config';
import { TelemetryConfig, tracingOptions } from './telemetry.config';
import { currentTraceCarrier, startTracing, tracer, tracesOn, withSpan } from './tracing';

describe('tracing', () => {
  afterEach(() => trace.disable());

  it('is off by default: nothing is recorded and an outbox row would keep no trace context', async () => {
    const options = tracingOptions(loadConfig(TelemetryConfig, {}));
    expect(options).toEqual({ exporter: 'none', otlpEndpoint: 'http://localhost:4318', sampleRatio: 1 });
    const handle = await startTracing('identity', options);
    expect(tracesOn()).toBe(false);
    const span = tracer().startSpan('work');
    expect(span.isRecording()).toBe(false);
    expect(withSpan(span, () => currentTraceCarrier())).toBeNull();
    span.end();
    await handle.shutdown();
  });

  it('records spans once turned on, puts a W3C traceparent in what it propagates, and stops on shutdown', async () => {
    const options = tracingOptions(loadConfig(TelemetryConfig, { WEOP_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/' }));
    const handle = await startTracing('identity', options);
    expect(tracesOn()).toBe(true);
    const span = tracer().startSpan('work');
    expect(span.isRecording()).toBe(true);
    const carrier = withSpan(span, () => currentTraceCarrier());
    expect(carrier?.traceparent).toMatch(new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-01$`));
    // The span is never ended, so the shutdown has nothing to send to the (absent) collector.
    await handle.shutdown();
    expect(tracer().startSpan('after').isRecording()).toBe(false);
    expect(tracesOn()).toBe(false);
  });

  it('knows spans are recorded when a provider was registered some other way (as the platform tests do)', async () => {
    const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
    expect(tracesOn()).toBe(false);
    trace.setGlobalTracerProvider(new NodeTracerProvider());
    expect(tracesOn()).toBe(true);
    trace.disable();
    expect(tracesOn()).toBe(false);
  });

  it('refuses an unknown exporter or a ratio outside 0-1 at start', () => {
    expect(() => loadConfig(TelemetryConfig, { WEOP_TRACES_EXPORTER: 'jaeger' })).toThrow(/WEOP_TRACES_EXPORTER/);
    expect(() => loadConfig(TelemetryConfig, { WEOP_TRACES_SAMPLE_RATIO: '2' })).toThrow(/WEOP_TRACES_SAMPLE_RATIO/);
    expect(tracingOptions(loadConfig(TelemetryConfig, { WEOP_TRACES_SAMPLE_RATIO: '0.25' })).sampleRatio).toBe(0.25);
  });
});
