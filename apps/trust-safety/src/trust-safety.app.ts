/** The trust-safety service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { PseudonymService } from './cases/pseudonym.service';
import { TrustSafetyConfig } from './trust-safety.config';
import { TrustSafetyModule } from './trust-safety.module';

export const trustSafetyService: ServiceDefinition<TrustSafetyConfig> = {
  service: 'trust-safety',
  configClass: TrustSafetyConfig,
  module: (config, database) => TrustSafetyModule.register(config, database),
  async beforeStart(app) {
    await app.get(PseudonymService).init();
  },
};
