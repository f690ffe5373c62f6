/**
 * Suspensions end by themselves: every SANCTION_EXPIRY_INTERVAL_MS the ones whose end has passed are
 * marked lifted and `trust-safety.sanction.lifted.v1` (expired) goes out, so content thaws her posts
 * (identity also ends the account's suspension on its own clock). The end time lives in the database,
 * so a restart loses nothing; replicas skip the rows another one holds.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { SanctionLiftedV1 } from '@weop/contracts';
import { Outbox, PeriodicTask } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { TrustSafetyConfig } from '../trust-safety.config';
import { SanctionsRepository } from './sanctions.repository';

@Injectable()
export class SanctionExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(
    private readonly em: EntityManager,
    private readonly sanctions: SanctionsRepository,
    private readonly outbox: Outbox,
    @Inject(TrustSafetyConfig) config: TrustSafetyConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('lifting ended suspensions', config.SANCTION_EXPIRY_INTERVAL_MS, () => this.liftEnded(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async liftEnded(): Promise<number> {
    const lifted = await this.em.fork().transactional(async (em) => {
      const now = new Date();
      const ended = await this.sanctions.endedSuspensions(em, now);
      for (const sanction of ended) {
        sanction.liftedAt = now;
        sanction.liftReason = 'expired';
        await this.outbox.add(em, SanctionLiftedV1.subject, { sanctionId: sanction.id, accountId: sanction.accountId, reason: 'expired', liftedAt: now.toISOString() });
      }
      return ended.length;
    });
    if (lifted > 0) this.logger.info({ lifted }, 'ended suspensions lifted');
    return lifted;
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
