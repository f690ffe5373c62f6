import { Migration } from '@mikro-orm/migrations';

/**
 * The relay's wake-up comes from the table itself: a statement-level trigger sends the NOTIFY on the
 * channel the relay LISTENs on (`weop_outbox`, `OUTBOX_CHANNEL` in libs/messaging) whenever outbox rows
 * are inserted. PostgreSQL delivers it when the transaction commits, once per transaction however many
 * rows or statements wrote events, so a producer no longer spends a round trip of its own on `pg_notify`,
 * and rows written by hand (reconcile, an operator's SQL) wake the relay too.
 */
export class OutboxNotifyTriggerMigration extends Migration {
  override up(): void {
    this.addSql(`create or replace function weop_outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('weop_outbox', '');
        return null;
      end
    $$;`);
    this.addSql('drop trigger if exists outbox_message_notify on "outbox_message";');
    this.addSql('create trigger outbox_message_notify after insert on "outbox_message" for each statement execute function weop_outbox_notify();');
  }

  override down(): void {
    this.addSql('drop trigger if exists outbox_message_notify on "outbox_message";');
    this.addSql('drop function if exists weop_outbox_notify();');
  }
}
