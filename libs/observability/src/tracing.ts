/**
 * OpenTelemetry traces, off by default. The platform's code only ever calls the OpenTelemetry API
 * (`@opentelemetry/api`): with no SDK registered that is the API's no-op tracer, so a span costs an
 * object and nothing is recorded or sent. `startTracing` registers the SDK (loaded only then) when
 * `WEOP_TRACES_EXPORTER` asks for it. Trace context crosses NATS as W3C `traceparent` headers (see
 * libs/messaging/src/trace-context.ts) and outbox rows keep it for the event they carry.
 */
import { ProxyTracerProvider, ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, TextMapGetter, TextMapSetter, Tracer } from '@opentelemetry/api';

export { SpanKind, SpanStatusCode, ROOT_CONTEXT, context as traceContext, trace };
export type { Attributes, Context, Span };

export const TRACES_EXPORTERS = ['none', 'otlp', 'console'] as const;
export type TracesExporter = (typeof TRACES_EXPORTERS)[number];

export interface TracingOptions {
  exporter: TracesExporter;
  /** OTLP over HTTP: the collector's base URL; `/v1/traces` is added. */
  otlpEndpoint: string;
  /** Share of new traces recorded (0-1); a call that arrives with a sampled parent is always recorded. */
  sampleRatio: number;
}

/** The one tracer the platform's libraries use; the service shows in the resource (`service.name`). */
export const tracer = (): Tracer => trace.getTracer('weop');

/** What the API delegates to while no SDK is registered (one instance, shared by every ProxyTracerProvider). */
const NO_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether spans can be recorded in this process: an SDK's provider is registered (by `startTracing`, or by a
 * test). With none, a span is the API's no-op one; code on a hot path asks this first and builds no span and
 * no attributes at all.
 */
export function tracesOn(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider && provider.getDelegate() === NO_TRACER_PROVIDER);
}

export interface TracingHandle {
  /** Exports what is buffered and stops (on shutdown). */
  shutdown(): Promise<void>;
}

const NOTHING: TracingHandle = { shutdown: () => Promise.resolve() };
let registered: { users: number; shutdown(): Promise<void> } | undefined;

/**
 * Registers the OpenTelemetry SDK for this process when `options.exporter` is not `none`. Several
 * services in one process (tests, a demo) share the first one's provider.
 */
export async function startTracing(service: string, options: TracingOptions): Promise<TracingHandle> {
  if (options.exporter === 'none') return NOTHING;
  if (!registered) {
    // Loaded only when asked for: with traces off the SDK is never required.
    const { NodeTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, TraceIdRatioBasedSampler } = await import('@opentelemetry/sdk-trace-node');
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    let exporter;
    if (options.exporter === 'otlp') {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
      exporter = new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
    } else {
      exporter = new ConsoleSpanExporter();
    }
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `weop-${service}`, 'service.namespace': 'weop' }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    // Sets the W3C trace-context propagator and the AsyncLocalStorage context manager too.
    provider.register();
    const current = {
      users: 0,
      shutdown: async () => {
        registered = undefined;
        await provider.shutdown();
        trace.disable();
        propagation.disable();
        context.disable();
      },
    };
    registered = current;
  }
  const current = registered;
  current.users += 1;
  let done = false;
  return {
    async shutdown() {
      if (done) return;
      done = true;
      current.users -= 1;
      if (current.users === 0) await current.shutdown();
    },
  };
}

/** Writes the active trace context into `carrier` (W3C `traceparent`, `tracestate`); nothing when traces are off. */
export function injectTraceContext<C>(carrier: C, setter: TextMapSetter<C>, ctx: Context = context.active()): C {
  propagation.inject(ctx, carrier, setter);
  return carrier;
}

/** The trace context a caller sent in `carrier`, as a parent for the span that handles it. */
export function extractTraceContext<C>(carrier: C | undefined, getter: TextMapGetter<C>): Context {
  return carrier === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, carrier, getter);
}

/** The trace context of the work in hand as a plain record (what an outbox row keeps), or null. */
export function currentTraceCarrier(): Record<string, string> | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : null;
}

/** Runs `fn` with `span` as the active span, so what it calls (requests, outbox rows, logs) follows the trace. */
export const withSpan = <T>(span: Span, fn: () => T, parent: Context = context.active()): T => context.with(trace.setSpan(parent, span), fn);

/** The active span's trace id for a log line, when the span is being recorded. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const spanContext = span.spanContext();
  return span.isRecording() ? spanContext.traceId : undefined;
}

/** Marks a span failed, with the error's type and code but not its message (which may hold personal data). */
export function recordSpanError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const e = error as { code?: unknown; constructor?: { name?: string } } | undefined;
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? String(e.code) : undefined;
  span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? e?.constructor?.name ?? 'error' });
  span.setAttribute('error.type', code ?? e?.constructor?.name ?? 'error');
}
