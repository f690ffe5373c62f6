/**
 * How every backend service starts: validated config, its own database (created and migrated),
 * the NATS request server, and a small HTTP server for health and metrics. Apps call `startService`
 * from main.ts and `createServiceApp` from tests, so tests run the same wiring as production.
 */
import { safeError } from '@weop/observability';
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import { ConfigError, Metrics, TelemetryConfig, createLogger, loadConfig, startTracing, toBoolean, toInt, tracingOptions, tracingShutdownProviders } from '@weop/observability';
import { databaseTarget, ensureDatabase, lockUntilCommit } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { DEFAULT_EVENT_RETENTION_DAYS, MIN_EVENT_RETENTION_DAYS } from './event-history';
import { NATS_CONNECTION } from './messaging.module';
import { Naming } from './naming';
import { RpcServer } from './rpc-server';

/** The environment every backend service reads (DESIGN.md "How it runs"); traces' settings come from TelemetryConfig. */
export class ServiceConfig extends TelemetryConfig {
  @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

  /** A whole URL for this service's database (one embedded PGlite per service); overrides DATABASE_URL. */
  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// URL' })
  SERVICE_DATABASE_URL?: string;

  @IsString() @Matches(/^[a-z][a-z0-9_]{0,40}$/, { message: 'must be a lowercase identifier' })
  WEOP_DATABASE_PREFIX = 'weop';

  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString() @Matches(/^[A-Za-z0-9_-]{0,32}$/, { message: 'must be up to 32 letters, digits, _ or -' })
  WEOP_NATS_NAMESPACE = '';

  /** Copies a NATS cluster keeps of each stream this service creates: 1 on one server, 3 in production. */
  @Transform(toInt) @IsInt() @Min(1) @Max(5)
  WEOP_STREAM_REPLICAS = 1;

  /**
   * Run this service's database migrations and exit, serving nothing: a deployment's migration job
   * (deploy/k8s), run before the new version rolls out. Unset, migrations run at every start as before.
   */
  @Transform(toBoolean) @IsBoolean()
  WEOP_MIGRATE_ONLY = false;

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  HEALTH_PORT = 0;

  /** Where health and metrics listen; 0.0.0.0 in a container so probes can reach them. */
  @IsString()
  HEALTH_HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  WEOP_DB_POOL_MAX = 10;

  /** LISTEN/NOTIFY wakes the outbox relay at once; off for servers that allow one connection. */
  @Transform(toBoolean) @IsBoolean()
  WEOP_DB_LISTEN = true;

  /**
   * Fault injection only; leave it 0. The outbox relay publishes a row no sooner than this many ms after
   * it was written, so a test can kill the service between a commit and its publish (test/trust-safety-
   * reliability.e2e-spec.ts, bench/fault-injection.js).
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000)
  WEOP_OUTBOX_PUBLISH_DELAY_MS = 0;

  /**
   * Days this service keeps sent outbox rows and inbox entries (libs/messaging event-history.ts): never
   * fewer than the streams keep events plus a day, or a late copy of an event could be applied twice.
   * Give every service the same value: `reconcile` looks only at events younger than it.
   */
  @Transform(toInt) @IsInt() @Min(MIN_EVENT_RETENTION_DAYS) @Max(3650)
  WEOP_EVENT_RETENTION_DAYS = DEFAULT_EVENT_RETENTION_DAYS;
}

export interface ServiceDefinition<C extends ServiceConfig> {
  service: string;
  configClass: new () => C;
  /** Builds the app's root module from its config and database. */
  module: (config: C, database: DatabaseTarget) => DynamicModule;
  /** Runs after migrations, before the app starts serving (e.g. seed the first admin). */
  beforeStart?: (app: INestApplication, config: C) => Promise<void>;
}

export function serviceDatabase(service: string, config: ServiceConfig): DatabaseTarget {
  return databaseTarget({
    serverUrl: config.DATABASE_URL,
    service,
    prefix: config.WEOP_DATABASE_PREFIX,
    serviceUrl: config.SERVICE_DATABASE_URL,
  });
}

@Controller('health')
class ServiceHealthController {
  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  @Get('live')
  live(): { status: string } {
    return { status: 'up' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<Record<string, string>> {
    const database = await this.orm.em
      .fork()
      .getConnection()
      .execute('select 1')
      .then(() => 'up')
      .catch(() => 'down');
    const nats = this.nc.isClosed() ? 'down' : 'up';
    const ok = database === 'up' && nats === 'up';
    if (!ok) res.status(503);
    return { status: ok ? 'up' : 'down', database, nats };
  }
}

@Controller('metrics')
class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async metricsText(@Res() res: { header(k: string, v: string): { send(body: string): void } }): Promise<void> {
    res.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}

/**
 * Runs the service's migrations; returns the names of those it applied. Replicas starting together
 * take turns on an advisory lock held by the migration transaction; the later ones find nothing left
 * to run (instead of failing on a table that a sibling has just created).
 */
async function migrate(orm: MikroORM, poolMax: number): Promise<string[]> {
  if (poolMax <= 1) {
    // One connection (embedded PGlite, `npm start` without a server): there are no replicas to take turns
    // with, and the migrator's own checks before its transaction need the connection that the lock's
    // transaction would hold, so they would wait for it until the pool timed out.
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  }
  return orm.em.fork().transactional(async (em) => {
    const trx = em.getTransactionContext<Knex.Transaction>();
    await lockUntilCommit(em, 'platform.migrations');
    const applied = await orm.getMigrator().up({ transaction: trx });
    return applied.map((migration) => migration.name);
  });
}

/**
 * The signals an app stops on, gracefully (Nest closes it: NATS drained, the work in hand finished): the
 * orchestrator's SIGTERM, Ctrl-C's SIGINT and a closed terminal's SIGHUP. Nest's default list also takes
 * SIGUSR2, which Node's diagnostics use (`--report-on-signal`, `--heapsnapshot-signal=SIGUSR2`): an operator
 * asking a live app for a report or a heap snapshot would stop it. It takes SIGSEGV, SIGBUS, SIGILL and
 * SIGFPE too, after which no JavaScript should run.
 */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** The app with its database created, not yet serving: Nest runs no lifecycle hook before `listen`. */
async function buildServiceApp<C extends ServiceConfig>(definition: ServiceDefinition<C>, config: C): Promise<NestFastifyApplication> {
  const database = serviceDatabase(definition.service, config);
  if (!database.given) await ensureDatabase(config.DATABASE_URL, database.name);

  // Before the app is built, so that everything it starts runs with the tracer in place.
  const tracing = await startTracing(definition.service, tracingOptions(config));
  const root = definition.module(config, database);
  root.controllers = [...(root.controllers ?? []), ServiceHealthController, MetricsController];
  root.providers = [...(root.providers ?? []), ...tracingShutdownProviders(tracing)];
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  }).catch(async (error: unknown) => {
    await tracing.shutdown();
    throw error;
  });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks([...SHUTDOWN_SIGNALS]);
  return app;
}

/** Builds, migrates and starts a service; returns the running app (tests close it). */
export async function createServiceApp<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env?: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  const config = loadConfig(definition.configClass, env);
  return serveService(definition, config);
}

async function serveService<C extends ServiceConfig>(definition: ServiceDefinition<C>, config: C): Promise<NestFastifyApplication> {
  const logger = createLogger(definition.service, config.LOG_LEVEL);
  const database = serviceDatabase(definition.service, config);
  const app = await buildServiceApp(definition, config);
  try {
    await migrate(app.get(MikroORM), config.WEOP_DB_POOL_MAX);
    await definition.beforeStart?.(app, config);
    app.connectMicroservice({
      strategy: new RpcServer({ natsUrl: config.NATS_URL, naming: new Naming(config.WEOP_NATS_NAMESPACE), service: definition.service, metrics: app.get(Metrics) }),
    });
    await app.startAllMicroservices();
    await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  logger.info({ healthPort: config.HEALTH_PORT, database: database.name }, `${definition.service} is ready`);
  return app;
}

/**
 * WEOP_MIGRATE_ONLY: creates the database if needed, applies the pending migrations and stops. No
 * stream, consumer, outbox relay, request server or health port is started, and no start-up rule
 * (`beforeStart`) runs. Returns the migrations applied.
 */
export async function migrateServiceDatabase<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env?: Record<string, string | undefined>,
): Promise<string[]> {
  return migrateOnly(definition, loadConfig(definition.configClass, env));
}

async function migrateOnly<C extends ServiceConfig>(definition: ServiceDefinition<C>, config: C): Promise<string[]> {
  const logger = createLogger(definition.service, config.LOG_LEVEL);
  const app = await buildServiceApp(definition, config);
  try {
    const applied = await migrate(app.get(MikroORM), config.WEOP_DB_POOL_MAX);
    logger.info({ database: serviceDatabase(definition.service, config).name, applied }, `${definition.service}: ${applied.length} migration(s) applied`);
    return applied;
  } finally {
    await app.close();
  }
}

/** main.ts of every service: start (or only migrate, WEOP_MIGRATE_ONLY), or say clearly why not and exit. */
export function startService<C extends ServiceConfig>(definition: ServiceDefinition<C>): void {
  const run = async (): Promise<void> => {
    const config = loadConfig(definition.configClass);
    if (!config.WEOP_MIGRATE_ONLY) {
      await serveService(definition, config);
      return;
    }
    await migrateOnly(definition, config);
    process.exit(0);
  };
  run().catch((error: unknown) => {
    const logger = createLogger(definition.service);
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ error: safeError(error) }, `${definition.service} could not start`);
    process.exit(1);
  });
}
