import 'reflect-metadata';
import { ConfigError, createLogger, safeError } from '@weop/observability';
import { createGatewayApp } from './gateway.app';

createGatewayApp()
  .then(async ({ app, config }) => {
    await app.listen(config.PORT, config.HOST);
    createLogger('gateway').info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}/api/v1`);
  })
  .catch((error: unknown) => {
    const logger = createLogger('gateway');
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ error: safeError(error) }, 'gateway could not start');
    process.exit(1);
  });
