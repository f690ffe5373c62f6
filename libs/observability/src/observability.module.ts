/** Logger and metrics for a Nest app: one pino logger per process, Nest's own logs routed through it. */
import { Global, Module, RequestMethod } from '@nestjs/common';
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
          // Named wildcard: path-to-regexp 8 (Nest 11) no longer accepts a bare `*`.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger: options.logger,
            autoLogging: options.httpAutoLogging ?? false,
            quietReqLogger: true,
            // The request id is the correlation id (the gateway sets it from x-correlation-id).
            customProps: (req: { id?: unknown }) => ({ correlationId: req.id }),
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
