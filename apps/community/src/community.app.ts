/** The community service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { CommunityConfig } from './community.config';
import { CommunityModule } from './community.module';

export const communityService: ServiceDefinition<CommunityConfig> = {
  service: 'community',
  configClass: CommunityConfig,
  module: (config, database) => CommunityModule.register(config, database),
};
