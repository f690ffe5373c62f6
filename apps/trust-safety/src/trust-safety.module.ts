import { Module } from '@nestjs/common';
import { TRUST_SAFETY_MIGRATIONS } from './database/migrations';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CaseIntakeService } from './cases/case-intake.service';
import { CasesService } from './cases/cases.service';
import { DecideCaseUseCase } from './cases/decide-case/decide-case.use-case';
import { Decision, Sanction } from './cases/decision.entity';
import { CaseEvent, CaseReport, Member, ModerationCase, ReporterStanding } from './cases/moderation-case.entity';
import { Appeal } from './appeals/appeal.entity';
import { PseudonymService } from './cases/pseudonym.service';
import { GuidelinesService } from './policy/guidelines.service';
import { AppealsService } from './appeals/appeals.service';
import { CasesRepository } from './cases/cases.repository';
import { SubjectVisibilityService } from './cases/subject-visibility';
import { SanctionExpiryScheduler } from './sanctions/sanction-expiry.scheduler';
import { SanctionsRepository } from './sanctions/sanctions.repository';
import { SanctionsService } from './sanctions/sanctions.service';
import { MembersConsumer } from './members/members.consumer';
import { MembersRepository } from './members/members.repository';
import { StatsHandler } from './stats/stats.handler';
import { StatsRepository } from './stats/stats.repository';
import { StatsService } from './stats/stats.service';
import { TrustSafetyConfig } from './trust-safety.config';
import { TrustSafetyHandler } from './trust-safety.handler';

@Module({})
export class TrustSafetyModule {
  static register(config: TrustSafetyConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: TrustSafetyModule,
      imports: [
        ObservabilityModule.forService({ service: 'trust-safety', logger: createLogger('trust-safety', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [ModerationCase, CaseReport, CaseEvent, Decision, Sanction, Appeal, Member, ReporterStanding],
            migrations: TRUST_SAFETY_MIGRATIONS,
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'trust-safety',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [TrustSafetyHandler, StatsHandler],
      providers: [
        { provide: TrustSafetyConfig, useValue: config },
        GuidelinesService,
        CasesRepository,
        CasesService,
        CaseIntakeService,
        PseudonymService,
        SubjectVisibilityService,
        DecideCaseUseCase,
        SanctionsRepository,
        SanctionsService,
        SanctionExpiryScheduler,
        AppealsService,
        MembersRepository,
        MembersConsumer,
        StatsRepository,
        StatsService,
      ],
    };
  }
}
