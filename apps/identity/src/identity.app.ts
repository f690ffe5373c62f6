/** The identity service as `startService` runs it: its module, and what happens before it serves. */
import type { ServiceDefinition } from '@weop/messaging';
import { createLogger } from '@weop/observability';
import { AccountAdminService } from './admin/account-admin.service';
import { IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';
import { TokenService } from './tokens/token.service';

export const identityService: ServiceDefinition<IdentityConfig> = {
  service: 'identity',
  configClass: IdentityConfig,
  module: (config, database) => IdentityModule.register(config, database),
  async beforeStart(app, config) {
    await app.get(TokenService).init();
    if (config.WEOP_ADMIN_EMAIL && config.WEOP_ADMIN_PASSWORD) {
      const outcome = await app.get(AccountAdminService).ensureFirstAdmin(config.WEOP_ADMIN_EMAIL, config.WEOP_ADMIN_PASSWORD);
      if (outcome.kind !== 'admin-exists') createLogger('identity', config.LOG_LEVEL).info({ accountId: outcome.accountId }, outcome.kind === 'created' ? 'first admin created' : 'existing account made the first admin');
    }
  },
};
