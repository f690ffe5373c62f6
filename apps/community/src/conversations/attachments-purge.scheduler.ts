/** Every ATTACHMENT_PURGE_INTERVAL_MS, uploads never sent with a message are deleted (files and rows). */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { CommunityConfig } from '../community.config';
import { AttachmentsService } from './attachments.service';

@Injectable()
export class AttachmentsPurgeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(
    attachments: AttachmentsService,
    @Inject(CommunityConfig) config: CommunityConfig,
    @Inject(PINO_LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask('purging unsent attachments', config.ATTACHMENT_PURGE_INTERVAL_MS, async () => {
      const purged = await attachments.purgeUnsent();
      if (purged > 0) logger.info({ purged }, 'unsent attachments deleted');
    }, logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
