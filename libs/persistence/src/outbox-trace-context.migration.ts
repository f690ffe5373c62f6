import { Migration } from '@mikro-orm/migrations';

/**
 * Each outbox row keeps the trace context (W3C `traceparent`, `tracestate`) of the work that wrote it,
 * so the relay publishes the event inside that trace and its consumers continue it. Null when traces are off.
 */
export class OutboxTraceContextMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "outbox_message" add column if not exists "trace_context" jsonb null;`);
  }

  override down(): void {
    this.addSql(`alter table "outbox_message" drop column if exists "trace_context";`);
  }
}
