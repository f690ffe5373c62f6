import { Module } from '@nestjs/common';
import { AWARDS_MIGRATIONS } from './database/migrations';
import { EntityManager } from '@mikro-orm/postgresql';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BlocksProjection, MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { blobStorageFromConfig, serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AwardsConfig } from './awards.config';
import { Champion } from './champions/champion.entity';
import { ChampionsRepository } from './champions/champions.repository';
import { ChampionsSeedService } from './champions/champions-seed.service';
import { ChampionsService } from './champions/champions.service';
import { PublishResultsUseCase } from './champions/publish-results/publish-results.use-case';
import { AwardCycle } from './cycles/award-cycle.entity';
import { CyclesHandler } from './cycles/cycles.handler';
import { CyclesRepository } from './cycles/cycles.repository';
import { CyclesService } from './cycles/cycles.service';
import { CloseJudgingUseCase } from './judging/close-judging/close-judging.use-case';
import { JudgingHandler } from './judging/judging.handler';
import { JudgingRepository } from './judging/judging.repository';
import { JudgingService } from './judging/judging.service';
import { JuryAccess } from './judging/jury-access.service';
import { ConflictDeclaration, JurySeat, ScoreSheet } from './judging/jury-seat.entity';
import { ResultsService } from './judging/results.service';
import { StartJuryUseCase } from './judging/start-jury/start-jury.use-case';
import { MembersConsumer } from './members/members.consumer';
import { MemberExportService } from './members/member-export.service';
import { MembersRepository } from './members/members.repository';
import { EvidenceStorage } from './nominations/evidence-storage';
import { EvidenceService } from './nominations/evidence.service';
import { Endorsement, EvidenceFile, Nomination } from './nominations/nomination.entity';
import { NominationsHandler } from './nominations/nominations.handler';
import { NominationsRepository } from './nominations/nominations.repository';
import { NominationsService } from './nominations/nominations.service';
import { NominationReport } from './reports/nomination-report.entity';
import { ReportsConsumer, ReportsHandler } from './reports/reports.handler';
import { ReportsService } from './reports/reports.service';

@Module({})
export class AwardsModule {
  static register(config: AwardsConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AwardsModule,
      imports: [
        ObservabilityModule.forService({ service: 'awards', logger: createLogger('awards', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [AwardCycle, Nomination, Endorsement, EvidenceFile, JurySeat, ConflictDeclaration, ScoreSheet, Champion, AuditEntry, NominationReport],
            migrations: AWARDS_MIGRATIONS,
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'awards',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [CyclesHandler, NominationsHandler, JudgingHandler, ReportsHandler],
      providers: [
        { provide: AwardsConfig, useValue: config },
        {
          provide: EvidenceStorage,
          inject: [EntityManager],
          useFactory: (em: EntityManager) =>
            new EvidenceStorage(
              blobStorageFromConfig(config, 'awards/'),
              config.EVIDENCE_KEY,
              em,
            ),
        },
        AuditRepository,
        AuditService,
        CyclesRepository,
        CyclesService,
        ChampionsRepository,
        ChampionsService,
        ChampionsSeedService,
        PublishResultsUseCase,
        MembersRepository,
        MembersConsumer,
        MemberExportService,
        BlocksProjection,
        NominationsRepository,
        NominationsService,
        EvidenceService,
        JudgingRepository,
        JuryAccess,
        JudgingService,
        StartJuryUseCase,
        CloseJudgingUseCase,
        ResultsService,
        ReportsService,
        ReportsConsumer,
      ],
    };
  }
}
