/**
 * identity's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { InitialIdentityMigration } from './initial.migration';
import { ProfileReportsMigration } from './profile-reports.migration';
import { LiftedSanctionsMigration } from './lifted-sanctions.migration';
import { SanctionsInForceMigration } from './sanctions-in-force.migration';
import { VerificationMigration } from './verification.migration';
import { OrganizationsMigration } from './organizations.migration';
import { PhotoHashesMigration } from './photo-hashes.migration';
import { ChampionBadgesMigration } from './champion-badges.migration';
import { BlocksDirectoryMigration } from './blocks-directory.migration';

export const IDENTITY_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127000000_initial', class: InitialIdentityMigration },
  { name: 'Migration20261128000000_profile_reports', class: ProfileReportsMigration },
  { name: 'Migration20261128040000_lifted_sanctions', class: LiftedSanctionsMigration },
  { name: 'Migration20261128060000_sanctions_in_force', class: SanctionsInForceMigration },
  { name: 'Migration20261128070000_verification', class: VerificationMigration },
  { name: 'Migration20261128075000_organizations', class: OrganizationsMigration },
  { name: 'Migration20261128080000_photo_hashes', class: PhotoHashesMigration },
  { name: 'Migration20261128100000_champion_badges', class: ChampionBadgesMigration },
  { name: 'Migration20261128120000_blocks_directory', class: BlocksDirectoryMigration },
];
