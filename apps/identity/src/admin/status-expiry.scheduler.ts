/** Lifts ended suspensions. The end time lives in the database, so a restart loses nothing. */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { LoginThrottleService } from '../accounts/login-throttle.service';
import { IdentityConfig } from '../identity.config';
import { AccountAdminService } from './account-admin.service';

@Injectable()
export class StatusExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly admin: AccountAdminService,
    private readonly throttle: LoginThrottleService,
    @Inject(IdentityConfig) config: IdentityConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('lifting ended suspensions and purging sign-in counts', config.STATUS_EXPIRY_INTERVAL_MS, () => this.onSchedule(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  private async onSchedule(): Promise<void> {
    const lifted = await this.admin.liftEndedSuspensions();
    if (lifted > 0) this.logger.info({ lifted }, 'ended suspensions lifted');
    await this.throttle.purgeEnded();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
