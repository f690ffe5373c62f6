/** MikroORM settings every service shares; each passes its entities and migration list. */
import { ReflectMetadataProvider } from '@mikro-orm/core';
import type { Constructor, MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, defineConfig } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/postgresql';
import { InboxEntry, OutboxMessage } from './outbox-message.entity';
import { MessagingTablesMigration } from './messaging-tables.migration';
import { OutboxTraceContextMigration } from './outbox-trace-context.migration';
import { OutboxNotifyTriggerMigration } from './outbox-notify-trigger.migration';
import { OutboxUnsentOrderMigration } from './outbox-unsent-order.migration';
import { EventHistoryRetentionMigration } from './event-history-retention.migration';

export interface ServiceOrmOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: Constructor<any>[];
  /** The service's own migrations, oldest first; the outbox/inbox migrations are put before them. */
  migrations: MigrationObject[];
  poolMax?: number;
  debug?: boolean;
}

/** The outbox/inbox migrations every service's database runs first, oldest first. */
export const MESSAGING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration00000000000000_messaging', class: MessagingTablesMigration },
  // Added later: a database migrated before it runs it as its one pending migration.
  { name: 'Migration00000000000001_outbox_trace_context', class: OutboxTraceContextMigration },
  { name: 'Migration00000000000002_outbox_notify_trigger', class: OutboxNotifyTriggerMigration },
  { name: 'Migration00000000000003_event_history_retention', class: EventHistoryRetentionMigration },
  { name: 'Migration00000000000004_outbox_unsent_order', class: OutboxUnsentOrderMigration },
];

export function serviceOrmConfig(options: ServiceOrmOptions): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: [OutboxMessage, InboxEntry, ...options.entities],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    migrations: {
      tableName: 'mikro_orm_migrations',
      silent: true,
      transactional: true,
      allOrNothing: true,
      migrationsList: [...MESSAGING_MIGRATIONS, ...options.migrations],
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: options.debug ?? false,
    // Entities are plain classes; the ORM must not try to read TypeScript source at run time.
    ensureDatabase: false,
  });
}
