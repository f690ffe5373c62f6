import { Module } from '@nestjs/common';
import { IDENTITY_MIGRATIONS } from './database/migrations';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { BLOB_STORAGE, blobStorageFromConfig, serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { Account, AccountStatusChange } from './accounts/account.entity';
import { AccountDataService } from './accounts/account-data.service';
import { AccountsHandler } from './accounts/accounts.handler';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { LoginThrottleRepository } from './accounts/login-throttle.repository';
import { LoginThrottleService } from './accounts/login-throttle.service';
import { AccountAdminHandler } from './admin/account-admin.handler';
import { AdminOpsHandler } from './admin/admin-ops.handler';
import { AccountAdminService } from './admin/account-admin.service';
import { SanctionsConsumer } from './admin/sanctions.consumer';
import { StatusExpiryScheduler } from './admin/status-expiry.scheduler';
import { BlocksHandler } from './blocks/blocks.handler';
import { BlocksRepository } from './blocks/blocks.repository';
import { BlocksService } from './blocks/blocks.service';
import { DirectoryHandler } from './directory/directory.handler';
import { DirectoryRepository } from './directory/directory.repository';
import { DirectoryService } from './directory/directory.service';
import { PhotoHashesRepository } from './profiles/photo-hashes.repository';
import { PhotoReuseService } from './profiles/photo-reuse.service';
import { ChampionBadgesConsumer, ChampionBadgesRepository } from './profiles/champion-badges.consumer';
import { ProfileReport } from './reports/profile-report.entity';
import { ProfileReportsConsumer, ProfileReportsHandler } from './reports/profile-reports.handler';
import { ProfileReportsService } from './reports/profile-reports.service';
import { IdentityConfig } from './identity.config';
import { Profile } from './profiles/profile.entity';
import { ProfilePhotoService } from './profiles/profile-photo.service';
import { ProfilesHandler } from './profiles/profiles.handler';
import { ProfilesService } from './profiles/profiles.service';
import { RefreshToken, Session } from './sessions/session.entity';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { LoginThrottle, SigningKey } from './tokens/signing-key.entity';
import { SigningKeysRepository } from './tokens/signing-keys.repository';
import { TokenService } from './tokens/token.service';
import { Mailer } from '@weop/mail';
import { Organization, OrganizationMember } from './organizations/organization.entity';
import { OrganizationsHandler } from './organizations/organizations.handler';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { OrganizationsService } from './organizations/organizations.service';
import { DocumentUploads } from './verification/document-uploads';
import { DocumentStore } from './verification/document-store';
import { VerificationAccess, VerificationRequest } from './verification/verification-request.entity';
import { VerificationHandler, VerificationSweep } from './verification/verification.handler';
import { VerificationRepository } from './verification/verification.repository';
import { VerificationService } from './verification/verification.service';

export const IDENTITY_ENTITIES = [Account, AccountStatusChange, Profile, Session, RefreshToken, SigningKey, LoginThrottle, ProfileReport, VerificationRequest, VerificationAccess, Organization, OrganizationMember];

@Module({})
export class IdentityModule {
  static register(config: IdentityConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ObservabilityModule.forService({ service: 'identity', logger: createLogger('identity', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: IDENTITY_ENTITIES,
            migrations: IDENTITY_MIGRATIONS,
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'identity',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [AccountsHandler, ProfilesHandler, AccountAdminHandler, AdminOpsHandler, ProfileReportsHandler, VerificationHandler, OrganizationsHandler, BlocksHandler, DirectoryHandler],
      providers: [
        { provide: IdentityConfig, useValue: config },
        AccountsRepository,
        AccountsService,
        AccountDataService,
        LoginThrottleService,
        LoginThrottleRepository,
        SessionsRepository,
        SessionsService,
        TokenService,
        SigningKeysRepository,
        ProfilesService,
        ProfilePhotoService,
        PhotoHashesRepository,
        PhotoReuseService,
        {
          provide: BLOB_STORAGE,
          useValue: blobStorageFromConfig(config, 'identity/'),
        },
        AccountAdminService,
        StatusExpiryScheduler,
        SanctionsConsumer,
        ProfileReportsService,
        ProfileReportsConsumer,
        DocumentStore,
        DocumentUploads,
        { provide: Mailer, useValue: new Mailer(config) },
        OrganizationsRepository,
        OrganizationsService,
        VerificationRepository,
        VerificationService,
        VerificationSweep,
        ChampionBadgesRepository,
        ChampionBadgesConsumer,
        BlocksRepository,
        BlocksService,
        DirectoryRepository,
        DirectoryService,
      ],
    };
  }
}
