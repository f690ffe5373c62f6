/** Logger and metrics for a Nest app: one pino logger per process, Nest's own logs routed through it. */
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown, Provider } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Metrics } from './metrics';
import type { TracingHandle } from './tracing';

export const PINO_LOGGER = Symbol('PINO_LOGGER');

@Global()
@Module({})
export class ObservabilityModule {
  /** `version`: the app's WEOP_VERSION setting (TelemetryConfig), shown in `weop_build_info`. */
  static forService(options: { service: string; logger: Logger; metrics?: Metrics; version?: string }): DynamicModule {
    const metrics = options.metrics ?? new Metrics(options.service, options.version);
    return {
      module: ObservabilityModule,
      imports: [
        // Only to route Nest's own logs through pino. No per-request middleware: it built a child
        // logger for every request even when nothing was logged; the gateway logs requests itself.
        LoggerModule.forRoot({ forRoutes: [], pinoHttp: { logger: options.logger } }),
      ],
      providers: [
        { provide: PINO_LOGGER, useValue: options.logger },
        { provide: Metrics, useValue: metrics },
      ],
      exports: [PINO_LOGGER, Metrics],
    };
  }
}

const TRACING = Symbol('TRACING');

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: TracingHandle) {}

  /** Exports the spans still buffered when the app closes. */
  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

/** Providers that stop an app's tracing (from `startTracing`) when the app closes. */
export const tracingShutdownProviders = (tracing: TracingHandle): Provider[] => [{ provide: TRACING, useValue: tracing }, TracingShutdown];
