import 'reflect-metadata';
import { ConfigError, Metrics, createLogger, followContextAcrossAwaits, safeError } from '@weop/observability';
import { createGatewayApp } from './gateway.app';
import { startMetricsServer } from './metrics-server';

// The gateway names the correlation id and the trace explicitly (call-options.ts, http-hooks.ts), so it
// does without AsyncLocalStorage and the promise hooks it would turn on for the whole process.
followContextAcrossAwaits(false);

createGatewayApp()
  .then(async ({ app, config }) => {
    await app.listen(config.PORT, config.HOST);
    if (config.METRICS_PORT > 0) {
      // Not closed on shutdown: Nest's shutdown hook ends the process once the app has closed.
      await startMetricsServer(app.get(Metrics), config.METRICS_PORT, config.METRICS_HOST);
      createLogger('gateway').info({ metricsPort: config.METRICS_PORT }, `gateway metrics on port ${config.METRICS_PORT}`);
    }
    createLogger('gateway').info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}/api/v1`);
  })
  .catch((error: unknown) => {
    const logger = createLogger('gateway');
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ error: safeError(error) }, 'gateway could not start');
    process.exit(1);
  });
