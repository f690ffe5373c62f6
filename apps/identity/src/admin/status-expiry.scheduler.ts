/** Lifts ended suspensions. The end time lives in the database, so a restart loses nothing. */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER, safeError } from '@weop/observability';
import { LoginThrottleService } from '../accounts/login-throttle.service';
import { IdentityConfig } from '../identity.config';
import { AccountAdminService } from './account-admin.service';

@Injectable()
export class StatusExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly admin: AccountAdminService,
    private readonly throttle: LoginThrottleService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.admin
        .liftEndedSuspensions()
        .then((n) => n > 0 && this.logger.info({ lifted: n }, 'ended suspensions lifted'))
        .then(() => this.throttle.purgeEnded())
        .catch((error: unknown) => this.logger.warn({ error: safeError(error) }, 'could not lift ended suspensions or purge sign-in counts'))
        .finally(() => (this.running = undefined));
    }, this.config.STATUS_EXPIRY_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
