/** The community service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { CommunityConfig } from './community.config';
import { CommunityModule } from './community.module';
import { AttachmentStorage } from './conversations/attachment-storage';

export const communityService: ServiceDefinition<CommunityConfig> = {
  service: 'community',
  configClass: CommunityConfig,
  module: (config, database) => CommunityModule.register(config, database),
  async beforeStart(app) {
    // The attachments' sealing key is read before the service answers: a bad ATTACHMENT_KEY stops it at start.
    await app.get(AttachmentStorage).open();
  },
};
