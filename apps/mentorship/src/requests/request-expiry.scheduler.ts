/**
 * Requests expire by themselves: every SCHEDULE_INTERVAL_MS the pending ones past `expiresAt` become
 * `expired` and their mentees are told; active mentorships with no session for SESSION_REMINDER_DAYS
 * remind both sides. The time lives in the database, so a restart loses nothing;
 * replicas skip rows another one holds.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { MentorshipConfig } from '../mentorship.config';
import { MentorshipsService } from '../mentorships/mentorships.service';
import { RequestsService } from './requests.service';

@Injectable()
export class RequestExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(
    private readonly requests: RequestsService,
    private readonly mentorships: MentorshipsService,
    @Inject(MentorshipConfig) config: MentorshipConfig,
    @Inject(PINO_LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask('expiring mentoring requests', config.SCHEDULE_INTERVAL_MS, async () => {
      const expired = await this.requests.expireDue();
      if (expired > 0) logger.info({ expired }, 'mentoring requests expired');
      const reminded = await this.mentorships.remindQuiet(config.SESSION_REMINDER_DAYS);
      if (reminded > 0) logger.info({ reminded }, 'quiet mentorships reminded');
    }, logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
