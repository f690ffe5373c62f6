/** The mentorship service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { MentorshipConfig } from './mentorship.config';
import { MentorshipModule } from './mentorship.module';

export const mentorshipService: ServiceDefinition<MentorshipConfig> = {
  service: 'mentorship',
  configClass: MentorshipConfig,
  module: (config, database) => MentorshipModule.register(config, database),
};
