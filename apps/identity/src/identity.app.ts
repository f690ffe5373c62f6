/** The identity service as `startService` runs it: its module, and what happens before it serves. */
import type { ServiceDefinition } from '@weop/messaging';
import { createLogger } from '@weop/observability';
import { AccountsService } from './accounts/accounts.service';
import { AccountsRepository } from './accounts/accounts.repository';
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
    // First start: create the admin from WEOP_ADMIN_EMAIL / WEOP_ADMIN_PASSWORD when no admin exists.
    if (config.WEOP_ADMIN_EMAIL && config.WEOP_ADMIN_PASSWORD && (await app.get(AccountsRepository).hasAdmin()) === 0) {
      const logger = createLogger('identity', config.LOG_LEVEL);
      try {
        const { id } = await app.get(AccountsService).register(
          { email: config.WEOP_ADMIN_EMAIL, password: config.WEOP_ADMIN_PASSWORD, fullName: 'Platform Admin', country: 'GE', displayName: 'Admin' },
          ['member', 'admin'],
        );
        logger.info({ accountId: id }, 'first admin created');
      } catch (error) {
        // E.g. the email belongs to an existing member: make her the admin rather than fail to start.
        const existing = await app.get(AccountsRepository).byEmail(config.WEOP_ADMIN_EMAIL.trim().toLowerCase());
        if (!existing) throw error;
        await app.get(AccountAdminService).grantRole(existing.id, 'admin');
        logger.info({ accountId: existing.id }, 'existing account made the first admin');
      }
    }
  },
};
