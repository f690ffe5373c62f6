import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BLOCKS_PROJECTION_MIGRATION, BlocksProjection, MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CommunityConfig } from './community.config';
import { InitialCommunityMigration } from './database/initial.migration';
import { Member } from './members/member.entity';
import { MembersConsumer } from './members/members.consumer';
import { MembersRepository } from './members/members.repository';
import { Notification } from './notifications/notification.entity';
import { NotificationsService } from './notifications/notifications.service';

@Module({})
export class CommunityModule {
  static register(config: CommunityConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: CommunityModule,
      imports: [
        ObservabilityModule.forService({ service: 'community', logger: createLogger('community', config.LOG_LEVEL) }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [Member, Notification],
            migrations: [
              { name: 'Migration20261128090000_initial', class: InitialCommunityMigration },
              BLOCKS_PROJECTION_MIGRATION,
            ],
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'community',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
        }),
      ],
      controllers: [],
      providers: [
        { provide: CommunityConfig, useValue: config },
        BlocksProjection,
        MembersRepository,
        MembersConsumer,
        NotificationsService,
      ],
    };
  }
}
