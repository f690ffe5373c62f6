import { Migration } from '@mikro-orm/migrations';

/**
 * What a member could read before she left a conversation or deleted a request (`left_seq`, the
 * conversation's last message then), so that she can still report a message she received in it.
 */
export class ConversationLeftSeqMigration extends Migration {
  override up(): void {
    this.addSql('alter table "conversation_member" add column "left_seq" bigint null;');
  }
}
