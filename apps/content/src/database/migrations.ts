/**
 * content's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { BLOCKS_PROJECTION_MIGRATION } from '@weop/messaging';
import { InitialContentMigration } from './initial.migration';
import { SearchEntriesMigration } from './search-entries.migration';
import { OrganizationPostersMigration } from './organization-posters.migration';

export const CONTENT_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000_initial', class: InitialContentMigration },
  { name: 'Migration20261128010000_search_entries', class: SearchEntriesMigration },
  { name: 'Migration20261128080000_organization_posters', class: OrganizationPostersMigration },
  BLOCKS_PROJECTION_MIGRATION,
];
