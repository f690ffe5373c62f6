/**
 * What the gateway does around every request, as plain Fastify hooks (cheaper than Nest middleware
 * and interceptors on the hot path): the correlation id header, security headers, a request log
 * line, the request-duration metric, and the request's span (the root of its trace).
 *
 * No async context per request. The correlation id and the span reach the services explicitly: a
 * controller's `@Call()` options carry both (call-options.ts), and what the gateway logs about a request
 * names the correlation id and trace id itself (`requestLogFields`: the request line here, the error filter, `requestLogger` for a handler). An `AsyncLocalStorage.run` per request would turn on Node 20's
 * promise hooks, which then run for every promise the process makes: with the hook that ran it, a
 * third of the gateway's CPU on `/health/live` (docs/performance.md, eighth session).
 */
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, tracer, tracesOn } from '@weop/observability';
import type { Context, Metrics, Span } from '@weop/observability';

/** The headers helmet would set, computed once: none of them depends on the request. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as never, response as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously; security headers cannot be precomputed');
  return headers;
}

/**
 * API answers (JSON, images): the set OWASP's REST security cheat sheet recommends. Nothing may
 * frame or execute them, browsers must not guess their type, and no cache (a shared phone, an
 * internet café) keeps a copy of a member's data.
 */
export const API_SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The OpenAPI UI is an HTML page: helmet's full set, with the inline script and style it needs. */
export const DOCS_SECURITY_HEADERS = securityHeaders({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // The OpenAPI UI at /api/docs needs inline script and style.
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
});

/** The staff console (/console): its own scripts, styles and images only; documents shown from blob: URLs. */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  ...securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  }),
  'cache-control': 'no-cache',
};

/** Each request's span, from its first hook to its response. */
const requestSpans = new WeakMap<FastifyRequest, Span>();

export function installHttpHooks(fastify: FastifyInstance, logger: Logger, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = request.url.startsWith('/api/docs') ? DOCS_SECURITY_HEADERS : request.url.startsWith('/console') ? CONSOLE_SECURITY_HEADERS : API_SECURITY_HEADERS;
    void reply.headers(headers).header('x-correlation-id', request.id);
    // With traces off, no span: the calls this request makes have none either (their spans are the API's no-op ones).
    if (tracesOn()) {
      // A new trace per request: a client's `traceparent` is not taken (it could force every request to be recorded).
      // A span the sampler left out is kept, so that the calls this request makes are left out with it.
      const span = tracer().startSpan(request.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'weop.correlation_id': String(request.id) } }, ROOT_CONTEXT);
      if (trace.isSpanContextValid(span.spanContext())) requestSpans.set(request, span);
    }
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL: ids would make a label (and a log value) per member.
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe(request.method, route, reply.statusCode, seconds);
    const span = requestSpans.get(request);
    if (span?.isRecording()) {
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode });
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    if (logger.isLevelEnabled('info')) {
      logger.info({ ...requestLogFields(request), method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
    // Ended after the line is written: an ended span is no longer recording, and the line names its trace.
    span?.end();
    done();
  });
}

/**
 * The trace context a service call made for this request continues: the request's span, when traces
 * are on. With traces off there is none, and a call's span is the no-op one too.
 */
export function requestTraceContext(request: FastifyRequest): Context | undefined {
  const span = requestSpans.get(request);
  return span ? trace.setSpan(ROOT_CONTEXT, span) : undefined;
}

/**
 * What every line the gateway logs about a request carries: its correlation id and, when its span is
 * recorded, its trace id, so a line leads to the trace and back (the services' lines get both from their
 * async context, libs/observability `createLogger`).
 */
export interface RequestLogFields {
  correlationId: string;
  traceId?: string;
}

export function requestLogFields(request: FastifyRequest): RequestLogFields {
  const span = requestSpans.get(request);
  return span?.isRecording() ? { correlationId: String(request.id), traceId: span.spanContext().traceId } : { correlationId: String(request.id) };
}

/** A logger for what a handler writes about its request: every line carries the request's correlation id (and trace id). */
export const requestLogger = (logger: Logger, request: FastifyRequest): Logger => logger.child(requestLogFields(request));
