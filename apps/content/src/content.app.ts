/** The content service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { ContentConfig } from './content.config';
import { ContentModule } from './content.module';

export const contentService: ServiceDefinition<ContentConfig> = {
  service: 'content',
  configClass: ContentConfig,
  module: (config, database) => ContentModule.register(config, database),
};
