/** Builds the gateway: Fastify under /api/v1, OpenAPI from the DTOs, one error envelope everywhere. */
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ErrorEnvelope } from '@weop/contracts';
import { PlatformValidationPipe, SHUTDOWN_SIGNALS } from '@weop/messaging';
import { Metrics, acceptCorrelationId, createLogger, loadConfig, startTracing, tracingOptions, tracingShutdownProviders } from '@weop/observability';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { MAX_PATH_PARAMETER_LENGTH, answerRouterError } from './http/error-envelope.filter';
import { installHttpHooks } from './http/http-hooks';
import { OUTSIDE_BASE_PATH } from './http/input-shape.guard';
import { registerStreamingMultipart } from './http/uploads';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Uploads must fit one NATS message (1 MB) once base64-encoded; identity re-checks its own limit. */
export const UPLOAD_LIMIT_BYTES = 700 * 1024;

/** `env` defaults to the process environment (read in loadConfig); tests pass their own. */
export async function createGatewayApp(env?: Record<string, string | undefined>): Promise<{ app: NestFastifyApplication; config: GatewayConfig }> {
  const config = loadConfig(GatewayConfig, env);
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.WEOP_TRUST_PROXY,
    // The correlation id is the request id: the caller's when it sent a plain one, else a new UUID.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => acceptCorrelationId(req.headers['x-correlation-id']),
    requestIdHeader: false,
    return503OnClosing: true,
    // No Express-style middleware here (what the gateway does per request is Fastify hooks, http-hooks.ts),
    // so no @fastify/middie and its hook on every request. Nest middleware added later would fail at start
    // (`instance.use` is missing), not be skipped.
    skipMiddie: true,
    // What the router refuses before any route runs is answered in the envelope too.
    frameworkErrors: answerRouterError,
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
  });
  const fastify = adapter.getInstance();
  // Bodies are JSON (Fastify's own parser, under bodyLimit) or multipart uploads (registered below):
  // no text/plain, and no form-urlencoded (Nest's bodyParser, off below). Any other type is a 415.
  fastify.removeContentTypeParser('text/plain');

  const tracing = await startTracing('gateway', tracingOptions(config));
  const root = GatewayModule.register(config, logger);
  root.providers = [...(root.providers ?? []), ...tracingShutdownProviders(tracing)];
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bufferLogs: true, abortOnError: false, bodyParser: false }).catch(async (error: unknown) => {
    await tracing.shutdown();
    throw error;
  });
  app.useLogger(app.get(PinoNestLogger));
  installHttpHooks(fastify, logger, app.get(Metrics));
  app.enableShutdownHooks([...SHUTDOWN_SIGNALS]);
  // Only when web apps on other origins are configured: with none, a browser's cross-origin calls get no
  // CORS headers and are refused, as they would be with the plugin told `origin: false`, which would still
  // run a hook on every request.
  if (config.WEOP_CORS_ORIGINS.length > 0) {
    await app.register(cors, { origin: config.WEOP_CORS_ORIGINS, credentials: false, exposedHeaders: ['x-correlation-id', 'retry-after'] });
  }
  registerStreamingMultipart(fastify, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10, parts: 11 } });
  app.setGlobalPrefix('api/v1', { exclude: OUTSIDE_BASE_PATH.map((path) => ({ path, method: RequestMethod.GET })) });
  app.useGlobalPipes(new PlatformValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('WEOP API')
      .setDescription('CAREC Women\'s Empowerment Online Platform — public HTTP API. Errors: {error: {code, message, details}, correlationId}.')
      .setVersion('1')
      .addBearerAuth()
      .addGlobalResponse(
        { status: 400, description: 'VALIDATION_FAILED: the fields named in details are wrong; unknown fields are refused', type: ErrorEnvelope },
        { status: 401, description: 'AUTH_REQUIRED / AUTH_INVALID_CREDENTIALS / AUTH_TOKEN_INVALID', type: ErrorEnvelope },
        { status: 403, description: 'FORBIDDEN, or ACCOUNT_SUSPENDED / ACCOUNT_EXPELLED with the sanction in details', type: ErrorEnvelope },
        { status: 404, description: 'NOT_FOUND: no such object, or not one the caller may see (the two are not told apart)', type: ErrorEnvelope },
        { status: 409, description: 'CONFLICT or a state code (e.g. CASE_CLAIMED, ALREADY_APPEALED): the object is not in a state that allows this', type: ErrorEnvelope },
        { status: 413, description: 'PAYLOAD_TOO_LARGE: the body is over the limit (1 MB for JSON; uploads have their own)', type: ErrorEnvelope },
        { status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: only application/json, or multipart/form-data on upload routes', type: ErrorEnvelope },
        { status: 422, description: 'A domain rule refused the request; the code names it (e.g. NOMINATIONS_CLOSED, REPORT_OWN_CONTENT)', type: ErrorEnvelope },
        { status: 429, description: 'RATE_LIMITED (see Retry-After)', type: ErrorEnvelope },
        { status: 503, description: 'SERVICE_UNAVAILABLE', type: ErrorEnvelope },
      )
      .build(),
    { extraModels: [ErrorEnvelope] },
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await serveConsole(app, config);
  return { app, config };
}

/** The staff console (apps/console, built by Vite): static files under /console/, when they were built. */
async function serveConsole(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const root = resolve(config.WEOP_CONSOLE_DIR);
  if (!existsSync(join(root, 'index.html'))) return;
  // The console routes with the URL's hash, so its files are all there is to serve.
  await app.register(fastifyStatic, { root, prefix: '/console/', decorateReply: false, index: ['index.html'] });
  app.getHttpAdapter().getInstance().get('/console', (_request, reply) => reply.redirect('/console/'));
}
