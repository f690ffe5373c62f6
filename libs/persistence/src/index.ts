export * from './outbox-message.entity';
export * from './messaging-tables.migration';
export * from './outbox-trace-context.migration';
export * from './database';
export * from './orm-config';
export * from './blob-storage';
export * from './encrypted-blob-storage';
export * from './service-secret';
