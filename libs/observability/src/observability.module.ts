/** Logger and metrics for a Nest app: one pino logger per process, Nest's own logs routed through it. */
import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Metrics } from './metrics';

export const PINO_LOGGER = Symbol('PINO_LOGGER');

@Global()
@Module({})
export class ObservabilityModule {
  static forService(options: { service: string; logger: Logger; metrics?: Metrics; httpAutoLogging?: boolean }): DynamicModule {
    const metrics = options.metrics ?? new Metrics(options.service);
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: options.logger,
            autoLogging: options.httpAutoLogging ?? false,
            quietReqLogger: true,
            customProps: () => ({}),
          },
        }),
      ],
      providers: [
        { provide: PINO_LOGGER, useValue: options.logger },
        { provide: Metrics, useValue: metrics },
      ],
      exports: [PINO_LOGGER, Metrics],
    };
  }
}
