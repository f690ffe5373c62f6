import { Module } from '@nestjs/common';
import { CONTENT_MIGRATIONS } from './database/migrations';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BlocksProjection, MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { BLOB_STORAGE, blobStorageFromConfig, serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CommentsService } from './comments/comments.service';
import { ContentConfig } from './content.config';
import { EventsService } from './events/events.service';
import { FilesService } from './files/files.service';
import { Comment, ContentItem, EventRegistration, Member, StoredFile } from './items/content-item.entity';
import { ContentItemsRepository } from './items/content-items.repository';
import { ContentItemsService } from './items/content-items.service';
import { ItemAccess } from './items/item-access.service';
import { ContentSignalsService } from './items/content-signals.service';
import { SimilarityRepository } from './items/similarity.repository';
import { ContentHandler } from './items/content.handler';
import { JobsService } from './jobs/jobs.service';
import { MemberErasureService } from './members/member-erasure.service';
import { MemberExportService } from './members/member-export.service';
import { MembersHandler } from './members/members.handler';
import { MembersRepository } from './members/members.repository';
import { ModerationHandler } from './moderation/moderation.handler';
import { ModerationRepository } from './moderation/moderation.repository';
import { ContentReport } from './reports/report.entity';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { SearchRepository } from './search/search.repository';
import { SearchService } from './search/search.service';

export const CONTENT_ENTITIES = [ContentItem, Comment, StoredFile, Member, EventRegistration, ContentReport];

@Module({})
export class ContentModule {
  static register(config: ContentConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: ContentModule,
      imports: [
        ObservabilityModule.forService({ service: 'content', logger: createLogger('content', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: CONTENT_ENTITIES,
            migrations: CONTENT_MIGRATIONS,
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'content',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [ContentHandler],
      providers: [
        { provide: ContentConfig, useValue: config },
        {
          provide: BLOB_STORAGE,
          useValue: blobStorageFromConfig(config, 'content/'),
        },
        BlocksProjection,
        ItemAccess,
        ContentItemsRepository,
        ContentItemsService,
        ContentSignalsService,
        CommentsService,
        EventsService,
        FilesService,
        JobsService,
        SearchService,
        SearchRepository,
        ReportsRepository,
        ReportsService,
        ModerationHandler,
        ModerationRepository,
        MemberErasureService,
        MemberExportService,
        MembersHandler,
        MembersRepository,
        SimilarityRepository,
      ],
    };
  }
}
